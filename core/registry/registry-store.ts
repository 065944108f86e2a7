// SQL of registered models, versions, tags and aliases. Reads are batched per page (no query per
// row); writes are single statements the service wraps in transactions together with the audit.
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import type { ModelScan, VersionLineage } from './types.js';

export interface ModelRow {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  created_by: string;
  next_version: number;
}

export interface VersionRow {
  name: string;
  version: number;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  current_stage: string;
  description: string;
  source: string;
  run_id: string | null;
  run_link: string;
  status: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  status_message: string;
  origin: 'run' | 'import' | 'mlflow';
  sha256: string | null;
  size: number | null;
  inspection: string | null;
  lineage: string;
  revision: number;
}

export interface NewVersion {
  name: string;
  user: string;
  source: string;
  runId: string | null;
  runLink?: string;
  description?: string;
  origin: VersionRow['origin'];
  sha256: string | null;
  size: number | null;
  scan: ModelScan | null;
  lineage: VersionLineage;
  status?: VersionRow['status'];
  statusMessage?: string;
  /** An explicit number (a team registry keeps the number a version was pushed with); refused when taken. */
  version?: number;
}

const namePattern = /^[^/\\\0]{1,256}$/;
// `/api/models/<these>` are routes of their own, so a model cannot be named like them.
const reservedModelNames = new Set(['catalogue', 'register', 'import', 'import-file']);
const aliasPattern = /^[\w-]{1,255}$/;

export function validateModelName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.trim() === '') throw new ValidationError(`Missing value for required parameter '${field}'.`, { field });
  if (!namePattern.test(name) || name !== name.trim()) throw new ValidationError(`Invalid model name '${name}': up to 256 characters, no slashes, no leading or trailing spaces.`, { field });
  if (reservedModelNames.has(name)) throw new ValidationError(`'${name}' is reserved; choose another model name.`, { field });
  return name;
}

/** MLflow's alias rules (reference §12): word characters and '-', not 'latest' or 'v<N>'. */
export function validateAlias(alias: unknown): string {
  if (typeof alias !== 'string' || !aliasPattern.test(alias)) {
    throw new ValidationError(`Invalid alias '${String(alias)}': use 1–255 letters, digits, '_' or '-'.`, { field: 'alias' });
  }
  if (alias.toLowerCase() === 'latest' || /^[vV]\d+$/.test(alias)) {
    throw new ValidationError(`Alias '${alias}' is reserved: 'latest' and 'v<number>' already mean a version in model URIs.`, { field: 'alias' });
  }
  return alias;
}

export function parseVersionNumber(value: unknown, field = 'version'): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new ValidationError(`Parameter '${field}' must be a positive version number, got '${String(value)}'.`, { field });
  return Number(text);
}

export class RegistryStore {
  constructor(readonly db: Sqlite) {}

  findModel(name: string): ModelRow | undefined {
    return this.db.prepare('SELECT * FROM registered_models WHERE name = ?').get(name) as ModelRow | undefined;
  }

  model(name: string): ModelRow {
    const row = this.findModel(name);
    if (!row) throw new NotFoundError(`Registered Model with name=${name} not found`);
    return row;
  }

  models(where = '1', params: unknown[] = [], order = 'name ASC', limit = -1, offset = 0): ModelRow[] {
    return this.db.prepare(`SELECT m.* FROM registered_models m WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, limit, offset) as ModelRow[];
  }

  version(name: string, version: number): VersionRow {
    const row = this.db.prepare('SELECT * FROM model_versions WHERE name = ? AND version = ?').get(name, version) as VersionRow | undefined;
    if (!row) throw new NotFoundError(`Model Version (name=${name}, version=${version}) not found`);
    return row;
  }

  versions(name: string): VersionRow[] {
    return this.db.prepare('SELECT * FROM model_versions WHERE name = ? ORDER BY version DESC').all(name) as VersionRow[];
  }

  searchVersions(where = '1', params: unknown[] = [], order = 'v.name ASC, v.version DESC', limit = -1, offset = 0): VersionRow[] {
    return this.db.prepare(`SELECT v.* FROM model_versions v WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, limit, offset) as VersionRow[];
  }

  modelTags(names: string[]): Map<string, Record<string, string>> {
    return groupPairs(this.db.prepare('SELECT name AS owner, key, value FROM registered_model_tags WHERE name IN (SELECT value FROM json_each(?)) ORDER BY key').all(JSON.stringify(names)) as PairRow[]);
  }

  versionTags(rows: Array<{ name: string; version: number }>): Map<string, Record<string, string>> {
    const keys = JSON.stringify(rows.map((row) => `${row.name}\u0000${row.version}`));
    return groupPairs(
      this.db
        .prepare(`SELECT name || char(0) || version AS owner, key, value FROM model_version_tags WHERE name || char(0) || version IN (SELECT value FROM json_each(?)) ORDER BY key`)
        .all(keys) as PairRow[],
    );
  }

  /** Aliases per model name: alias → version. */
  aliases(names: string[]): Map<string, Record<string, number>> {
    const rows = this.db.prepare('SELECT name, alias, version FROM model_aliases WHERE name IN (SELECT value FROM json_each(?)) ORDER BY alias').all(JSON.stringify(names)) as Array<{ name: string; alias: string; version: number }>;
    const result = new Map<string, Record<string, number>>();
    for (const row of rows) {
      const entry = result.get(row.name) ?? {};
      entry[row.alias] = row.version;
      result.set(row.name, entry);
    }
    return result;
  }

  aliasVersion(name: string, alias: string): number | undefined {
    return (this.db.prepare('SELECT version FROM model_aliases WHERE name = ? AND alias = ?').get(name, alias) as { version: number } | undefined)?.version;
  }

  versionStats(names: string[]): Map<string, { count: number; latest: number | null }> {
    const rows = this.db
      .prepare('SELECT name, COUNT(*) AS count, MAX(version) AS latest FROM model_versions WHERE name IN (SELECT value FROM json_each(?)) GROUP BY name')
      .all(JSON.stringify(names)) as Array<{ name: string; count: number; latest: number }>;
    return new Map(rows.map((row) => [row.name, { count: row.count, latest: row.latest }]));
  }

  insertModel(name: string, user: string, description = '', now = Date.now()): ModelRow {
    this.db.prepare('INSERT INTO registered_models (name, creation_timestamp, last_updated_timestamp, description, created_by) VALUES (?, ?, ?, ?, ?)').run(name, now, now, description, user);
    return this.model(name);
  }

  /**
   * Takes the model's next number (never reused, even after deletions), or the explicit number
   * when one is given, and stores the version; `next_version` stays above the highest number.
   */
  insertVersion(input: NewVersion, now = Date.now()): VersionRow {
    const { next_version: next } = this.model(input.name);
    const version = input.version ?? next;
    if (input.version !== undefined && this.db.prepare('SELECT 1 FROM model_versions WHERE name = ? AND version = ?').get(input.name, version)) {
      throw new ConflictError(`Model Version (name=${input.name}, version=${version}) already exists.`, { name: input.name, version });
    }
    this.db.prepare('UPDATE registered_models SET next_version = ?, last_updated_timestamp = ? WHERE name = ?').run(Math.max(next, version + 1), now, input.name);
    this.db
      .prepare(
        `INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, user_id, description, source, run_id, run_link, status, status_message, origin, sha256, size, inspection, lineage)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.name,
        version,
        now,
        now,
        input.user,
        input.description ?? '',
        input.source,
        input.runId,
        input.runLink ?? '',
        input.status ?? 'READY',
        input.statusMessage ?? '',
        input.origin,
        input.sha256,
        input.size,
        input.scan ? JSON.stringify(input.scan) : null,
        JSON.stringify(input.lineage),
      );
    return this.version(input.name, version);
  }

  touchModel(name: string, now = Date.now()): void {
    this.db.prepare('UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?').run(now, name);
  }

  /** A change an approval covers: the version's revision moves on, so earlier approvals expire. */
  reviseVersion(name: string, version: number, now = Date.now()): void {
    this.db.prepare('UPDATE model_versions SET revision = revision + 1, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(now, name, version);
    this.touchModel(name, now);
  }
}

interface PairRow {
  owner: string;
  key: string;
  value: string;
}

function groupPairs(rows: PairRow[]): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const entry = result.get(row.owner) ?? {};
    entry[row.key] = row.value;
    result.set(row.owner, entry);
  }
  return result;
}

export function versionKey(name: string, version: number): string {
  return `${name}\u0000${version}`;
}
