// The team registry's HTTP contract (ARCHITECTURE rule 6): what `mlwb serve --team-registry`
// answers and what the sync client (core/sync) sends. Everything lives under `teamApiBase`, needs
// `Authorization: Bearer <token>` and answers in core's error envelope; 401 for a missing or
// unknown token, 403 (PERMISSION_DENIED) naming the user's role and the role needed.
//
// Version numbers on a team registry are the numbers the versions had where they were pushed
// from, exactly as in an S3 bucket's layout (core/sync/layout.ts): the index a team registry
// returns is the same document as a bucket's index.json, so one client reads both.
import { z } from 'zod';
import type { AuditEntry } from '../registry/types.js';
import type { IndexVersion, ModelIndex } from '../sync/layout.js';

export type { IndexVersion, ModelIndex };

export const teamApiBase = '/api/team/v1';

/** Roles in increasing power; each role may do everything the roles before it may. */
export const teamRoles = ['reader', 'publisher', 'approver', 'admin'] as const;
export type TeamRole = (typeof teamRoles)[number];
/**
 * What each role adds:
 * - reader: list models, read indexes and files (pull), whoami, MLflow registry reads (GET only);
 * - publisher: upload and push versions (without aliases);
 * - approver: move and delete aliases, push with aliases;
 * - admin: users and roles, the audit log.
 * The server's own token (server.json) acts as the workspace user with the admin role.
 */
export const teamRoleSchema = z.enum(teamRoles);

/** GET /whoami (reader) */
export interface TeamWhoamiResponse {
  user: string;
  role: TeamRole;
  server: { version: string; name: string };
}

/** GET /models (reader): every model with at least one version, names sorted. */
export interface TeamModelsResponse {
  models: Array<{ name: string; versions: IndexVersion[]; aliases: Record<string, number> }>;
}

/**
 * GET /models/:name/index (reader): the model's index, the same JSON as a bucket's index.json.
 * An unknown model answers 200 with an empty index (no versions, no aliases), as a missing
 * index.json reads in a bucket.
 */
export type TeamIndexResponse = ModelIndex;

/**
 * GET /models/:name/versions/:version/files/:file (reader): the raw bytes of one file of the
 * version folder: model.onnx, manifest.yaml, model-card.md, model-card.html, governance.json or
 * checksums. 404 for a version the index does not list or a file name outside that list.
 * Downloading model.onnx is recorded in the team's audit log as `team.pull`.
 */

/**
 * PUT /uploads/:sha256 (publisher): one chunk of a model file, raw bytes
 * (`Content-Type: application/octet-stream`, at most `teamChunkLimit` bytes), with
 * `Content-Range: bytes START-END/TOTAL` (END inclusive). START must equal the bytes the server
 * already holds for this sha256 (409 RESOURCE_CONFLICT otherwise, details.received saying how
 * many). When the last chunk lands the server hashes the file: a different sha256 answers 400
 * and discards the staged bytes. GET /uploads/:sha256 (publisher) answers the same document, so
 * an interrupted push resumes from `received`; a sha256 the registry already stores answers
 * complete without any upload.
 */
export interface TeamUploadResponse {
  sha256: string;
  received: number;
  /** TOTAL as first announced; null before any chunk. */
  size: number | null;
  complete: boolean;
}
export const teamChunkLimit = 64 * 1024 * 1024;

/**
 * POST /models/:name/versions (publisher; approver when `aliases` is not empty): publishes a
 * version whose model.onnx was uploaded (or is already stored). The server checks every document
 * against `checksums`, the model's sha256 against `checksums` and the manifest, and that the
 * governance record approves this sha256; then stores the version under `version` in its own
 * registry, keeps the documents, and writes the index entry last (pushed_by is the token's user,
 * never a field of the body). The same version with the same checksums again is `unchanged`
 * (aliases still move); the same number with another model is 409 RESOURCE_ALREADY_EXISTS.
 */
export const teamPushRequest = z.object({
  version: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  /** Text of manifest.yaml, model-card.md, model-card.html and governance.json, by file name. */
  documents: z.record(z.string(), z.string()),
  /** The version's `checksums` file (sha256sum format, model.onnx included). */
  checksums: z.string().min(1),
  policy_version: z.number().int().min(0),
  source_workspace: z.object({ id: z.string().min(1), host: z.string(), user: z.string() }),
  aliases: z.array(z.string().min(1)).default([]),
});
export type TeamPushRequest = z.input<typeof teamPushRequest>;

export interface TeamPushResponse {
  status: 'pushed' | 'updated' | 'unchanged';
  name: string;
  version: number;
  sha256: string;
  /** Aliases that point at this version after the push. */
  aliases: Record<string, number>;
  /** `<server url>/api/team/v1/models/<name>/versions/<version>` */
  location: string;
}

/** PUT /models/:name/aliases/:alias (approver) body; DELETE the same path (approver) removes it. */
export const teamAliasRequest = z.object({ version: z.number().int().min(1) });
export interface TeamAliasResponse {
  name: string;
  aliases: Record<string, number>;
}

/** GET /users (admin) */
export interface TeamUser {
  user: string;
  role: TeamRole;
  tokens: number;
  granted_time: number;
  granted_by: string;
}
export interface TeamUsersResponse {
  users: TeamUser[];
}
/** POST /users (admin): creates the user with a new token (shown once) or re-roles an existing one and adds a token. */
export const teamAddUserRequest = z.object({ user: z.string().min(1), role: teamRoleSchema });
export interface TeamAddUserResponse {
  user: string;
  role: TeamRole;
  token: string;
}
/** PUT /users/:user (admin) body; DELETE /users/:user (admin) revokes the user's tokens and role. */
export const teamRoleRequest = z.object({ role: teamRoleSchema });

/** GET /audit?limit=N (admin): newest first; GET /audit/verify (admin): the chain check. */
export interface TeamAuditResponse {
  entries: AuditEntry[];
}
