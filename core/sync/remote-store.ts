// Sync remotes kept in the workspace: where a bucket or a team registry is, never how to log in.
// S3 credentials come from the AWS SDK's default chain at use (environment, shared credentials
// file, profile); a team registry's token from an environment variable or a file named here. So
// the database, its backups and every log line stay free of secrets.
import type { Sqlite } from '../workspace/database.js';
import { AuditLog } from '../registry/audit-log.js';
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.js';

export interface S3RemoteConfig {
  bucket: string;
  prefix: string;
  region: string | null;
  endpoint: string | null;
  path_style: boolean;
}

export interface TeamRemoteConfig {
  url: string;
  /** Exactly one of the two says where the token is read from at use. */
  token_env: string | null;
  token_file: string | null;
}

export type Remote =
  | { name: string; kind: 's3'; config: S3RemoteConfig; created_time: number; created_by: string }
  | { name: string; kind: 'team'; config: TeamRemoteConfig; created_time: number; created_by: string };

interface RemoteRow {
  name: string;
  kind: 's3' | 'team';
  config: string;
  created_time: number;
  created_by: string;
}

const remoteNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// S3 bucket naming rules (lower case, digits, dots, hyphens; 3 to 63 characters).
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const envNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateRemoteName(name: unknown): string {
  if (typeof name !== 'string' || !remoteNamePattern.test(name)) {
    throw new ValidationError(`Remote name must be 1 to 64 letters, digits, '.', '_' or '-' starting with a letter or digit, got '${String(name)}'.`, { field: 'name' });
  }
  return name;
}

/** `s3://BUCKET/PREFIX` into bucket and a prefix without leading or trailing slashes. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new ValidationError(`Expected s3://BUCKET/PREFIX, got '${url}'.`, { field: 's3' });
  const bucket = match[1];
  if (!bucketPattern.test(bucket)) throw new ValidationError(`'${bucket}' is not a valid S3 bucket name (3 to 63 lower-case letters, digits, '.' or '-').`, { field: 's3' });
  const prefix = match[2].replace(/^\/+|\/+$/g, '');
  if (prefix !== '' && prefix.split('/').some((segment) => segment === '.' || segment === '..' || segment === '')) {
    throw new ValidationError(`The prefix '${prefix}' has an empty, '.' or '..' segment.`, { field: 's3' });
  }
  return { bucket, prefix };
}

/** An http(s) URL without user info: a key pasted into a URL would otherwise be stored in clear. */
function validateUrl(text: string, field: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`${field} must be an http:// or https:// URL, got '${text}'.`, { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(`${field} must be an http:// or https:// URL, got '${text}'.`, { field });
  if (url.username || url.password) throw new ValidationError(`${field} must not carry credentials (user:password@); they are never stored. Use the AWS environment variables or a token file.`, { field });
  return url.toString().replace(/\/$/, '');
}

export function s3Config(input: { s3: string; endpoint?: string; region?: string; pathStyle?: boolean }): S3RemoteConfig {
  const { bucket, prefix } = parseS3Url(input.s3);
  const region = input.region?.trim() || null;
  if (region !== null && !/^[a-z0-9-]{1,32}$/.test(region)) throw new ValidationError(`'${region}' is not an AWS region name.`, { field: 'region' });
  return { bucket, prefix, region, endpoint: input.endpoint ? validateUrl(input.endpoint, 'endpoint') : null, path_style: input.pathStyle ?? false };
}

export function teamConfig(input: { url: string; tokenEnv?: string; tokenFile?: string }): TeamRemoteConfig {
  const url = validateUrl(input.url, 'url');
  if ((input.tokenEnv ? 1 : 0) + (input.tokenFile ? 1 : 0) !== 1) {
    throw new ValidationError('A team remote names where its token is read from: exactly one of an environment variable (--token-env VAR) or a token file (--token-file PATH). Tokens themselves are never stored.', { field: 'token' });
  }
  if (input.tokenEnv !== undefined && !envNamePattern.test(input.tokenEnv)) throw new ValidationError(`'${input.tokenEnv}' is not an environment variable name.`, { field: 'token_env' });
  return { url, token_env: input.tokenEnv ?? null, token_file: input.tokenFile ?? null };
}

export class RemoteStore {
  private readonly audit: AuditLog;

  constructor(private readonly db: Sqlite) {
    this.audit = new AuditLog(db);
  }

  add(name: string, remote: { kind: 's3'; config: S3RemoteConfig } | { kind: 'team'; config: TeamRemoteConfig }, user: string): Remote {
    validateRemoteName(name);
    return this.db.transaction(() => {
      if (this.find(name)) throw new ConflictError(`A remote named '${name}' already exists; remove it first (mlwb remotes remove ${name}).`);
      const now = Date.now();
      this.db.prepare('INSERT INTO sync_remotes (name, kind, config, created_time, created_by) VALUES (?, ?, ?, ?, ?)').run(name, remote.kind, JSON.stringify(remote.config), now, user);
      this.audit.append({ actor: user, action: 'sync.remote_add', entityType: 'sync_remote', entityId: name, after: { kind: remote.kind, ...remote.config } });
      return this.get(name);
    }).immediate();
  }

  remove(name: string, user: string): void {
    this.db.transaction(() => {
      const before = this.get(name);
      this.db.prepare('DELETE FROM sync_remotes WHERE name = ?').run(name);
      this.audit.append({ actor: user, action: 'sync.remote_remove', entityType: 'sync_remote', entityId: name, before: { kind: before.kind, ...before.config } });
    }).immediate();
  }

  list(): Remote[] {
    return (this.db.prepare('SELECT * FROM sync_remotes ORDER BY name').all() as RemoteRow[]).map(toRemote);
  }

  find(name: string): Remote | undefined {
    const row = this.db.prepare('SELECT * FROM sync_remotes WHERE name = ?').get(name) as RemoteRow | undefined;
    return row ? toRemote(row) : undefined;
  }

  get(name: string): Remote {
    const remote = this.find(name);
    if (!remote) throw new NotFoundError(`No remote named '${name}'. Add one with mlwb remotes add ${name} --s3 s3://BUCKET/PREFIX or --url URL --token T.`);
    return remote;
  }
}

function toRemote(row: RemoteRow): Remote {
  return { ...row, config: JSON.parse(row.config) } as Remote;
}

/** `s3://bucket/prefix` or the team URL: how a remote is named in messages, with no secret in it. */
export function describeRemote(remote: Remote): string {
  if (remote.kind === 'team') return remote.config.url;
  const base = `s3://${remote.config.bucket}${remote.config.prefix ? `/${remote.config.prefix}` : ''}`;
  return remote.config.endpoint ? `${base} at ${remote.config.endpoint}` : base;
}
