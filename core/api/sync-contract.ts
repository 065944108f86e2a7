// The sync HTTP contract (ARCHITECTURE rule 6): request schemas in zod, responses as plain types,
// shared by core/sync/sync-routes.ts and the renderer. Remotes name where a bucket is, never how
// to log in: S3 credentials come from the AWS default chain on the core's machine.
import { z } from 'zod';
import type { JobSummary } from './contract.js';
import type { Remote, S3RemoteConfig } from '../sync/remote-store.js';
import type { IndexVersion } from '../sync/layout.js';
import type { TeamRole } from './team-contract.js';

export type { Remote, S3RemoteConfig };

/**
 * POST /api/remotes: an S3 remote (no credential is ever accepted: the AWS default chain on the
 * core's machine signs) or a team registry. A team registry's token is the one secret accepted
 * (`team.token` only): the core writes it to a 0600 file in the workspace and stores that file's
 * path, never the token, in the database. Alternatively `team.token_env` names a variable.
 */
export const addRemoteRequest = z.union([
  z.object({
    name: z.string().min(1),
    s3: z.object({
      bucket: z.string().min(1),
      prefix: z.string().default(''),
      region: z.string().optional(),
      endpoint: z.string().optional(),
      path_style: z.boolean().optional(),
    }),
  }),
  z.object({
    name: z.string().min(1),
    team: z.object({
      url: z.string().min(1),
      token: z.string().min(1).optional(),
      token_env: z.string().min(1).optional(),
    }),
  }),
]);
export type AddRemoteRequest = z.input<typeof addRemoteRequest>;

/** POST /api/models/:name/versions/:version/push */
export const pushRequest = z.object({
  remote: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
});
export type PushRequest = z.infer<typeof pushRequest>;

/** POST /api/remotes/:name/pull */
export const pullRequest = z.object({
  model: z.string().min(1),
  version: z.coerce.number().int().min(1),
  as: z.string().min(1).optional(),
});
export type PullRequest = z.infer<typeof pullRequest>;

export interface RemoteListResponse {
  remotes: Remote[];
}
export interface RemoteResponse {
  remote: Remote;
  /** For a team registry just added: who its token belongs to there, and their role. */
  whoami?: { user: string; role: TeamRole };
}
export interface RemoteVersionEntry extends IndexVersion {
  /** Whether this workspace holds a version with the same model sha256. */
  local: boolean;
  /** The local versions (any model name) holding the same model sha256: the diff against local. */
  local_versions: Array<{ name: string; version: number }>;
}
/** A local version of a model the remote also has, whose model is not on the remote. */
export interface LocalOnlyVersion {
  version: number;
  sha256: string | null;
  approval: string;
}
export interface RemoteModelEntry {
  name: string;
  versions: RemoteVersionEntry[];
  aliases: Record<string, number>;
  /** Local versions of the same-named model that the remote lacks (pushable when approved). */
  local_only: LocalOnlyVersion[];
}
export interface RemoteModelsResponse {
  remote: string;
  models: RemoteModelEntry[];
}
export interface SyncJobResponse {
  job: JobSummary;
}
