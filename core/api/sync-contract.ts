// The sync HTTP contract (ARCHITECTURE rule 6): request schemas in zod, responses as plain types,
// shared by core/sync/sync-routes.ts and the renderer. Remotes name where a bucket is, never how
// to log in: S3 credentials come from the AWS default chain on the core's machine.
import { z } from 'zod';
import type { JobSummary } from './contract.js';
import type { Remote, S3RemoteConfig } from '../sync/remote-store.js';
import type { IndexVersion } from '../sync/layout.js';

export type { Remote, S3RemoteConfig };

/** POST /api/remotes: an S3 remote; credentials are never accepted here. */
export const addRemoteRequest = z.object({
  name: z.string().min(1),
  s3: z.object({
    bucket: z.string().min(1),
    prefix: z.string().default(''),
    region: z.string().optional(),
    endpoint: z.string().optional(),
    path_style: z.boolean().optional(),
  }),
});
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
}
export interface RemoteVersionEntry extends IndexVersion {
  /** Whether this workspace holds a version with the same model sha256. */
  local: boolean;
}
export interface RemoteModelEntry {
  name: string;
  versions: RemoteVersionEntry[];
  aliases: Record<string, number>;
}
export interface RemoteModelsResponse {
  remote: string;
  models: RemoteModelEntry[];
}
export interface SyncJobResponse {
  job: JobSummary;
}
