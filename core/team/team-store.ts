// SQL of a team registry's index: one row per pushed version with everything a bucket's
// index.json holds, plus the version's documents kept as artifact files under
// `team/<name>/v<version>/<file>`. The aliases are the registry's own (model_aliases), so MLflow
// clients reading the registry see the same ones.
import type { Sqlite } from '../workspace/database.js';
import type { IndexVersion, ModelIndex } from '../sync/layout.js';
import { emptyIndex } from '../sync/layout.js';
import type { RegistryStore } from '../registry/registry-store.js';

interface IndexRow extends Omit<IndexVersion, 'source_workspace'> {
  name: string;
  source_workspace: string;
}

export function documentPath(name: string, version: number, file: string): string {
  return `team/${name}/v${version}/${file}`;
}

function indexVersion(row: IndexRow): IndexVersion {
  return {
    version: row.version,
    sha256: row.sha256,
    size: row.size,
    checksums_sha256: row.checksums_sha256,
    pushed_time: row.pushed_time,
    pushed_by: row.pushed_by,
    source_workspace: JSON.parse(row.source_workspace) as IndexVersion['source_workspace'],
    policy_version: row.policy_version,
  };
}

export class TeamStore {
  constructor(
    private readonly db: Sqlite,
    private readonly registry: RegistryStore,
  ) {}

  entry(name: string, version: number): IndexVersion | undefined {
    const row = this.db.prepare('SELECT * FROM team_versions WHERE name = ? AND version = ?').get(name, version) as IndexRow | undefined;
    return row && indexVersion(row);
  }

  /** Inserts or replaces a version's index entry (replaced when re-pushed with new documents). */
  putEntry(name: string, entry: IndexVersion): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO team_versions (name, version, sha256, size, checksums_sha256, pushed_time, pushed_by, source_workspace, policy_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(name, entry.version, entry.sha256, entry.size, entry.checksums_sha256, entry.pushed_time, entry.pushed_by, JSON.stringify(entry.source_workspace), entry.policy_version);
  }

  putDocument(name: string, version: number, file: string, stored: { sha256: string; size: number }, user: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO artifact_files (path, sha256, size, created_time, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(documentPath(name, version, file), stored.sha256, stored.size, Date.now(), user);
  }

  document(name: string, version: number, file: string): { sha256: string; size: number } | undefined {
    return this.db.prepare('SELECT sha256, size FROM artifact_files WHERE path = ?').get(documentPath(name, version, file)) as { sha256: string; size: number } | undefined;
  }

  aliases(name: string): Record<string, number> {
    return this.registry.aliases([name]).get(name) ?? {};
  }

  /** The model's index, the same document as a bucket's index.json; empty for an unknown model. */
  index(name: string): ModelIndex {
    const rows = this.db.prepare('SELECT * FROM team_versions WHERE name = ? ORDER BY version').all(name) as IndexRow[];
    const model = this.registry.findModel(name);
    if (rows.length === 0 || !model) return emptyIndex(name);
    return {
      format: 'mlwb-model-index',
      format_version: 1,
      name,
      versions: rows.map(indexVersion),
      aliases: this.aliases(name),
      updated_time: new Date(model.last_updated_timestamp).toISOString(),
    };
  }

  /** Every model with at least one pushed version, names sorted. */
  models(): Array<{ name: string; versions: IndexVersion[]; aliases: Record<string, number> }> {
    const rows = this.db.prepare('SELECT * FROM team_versions ORDER BY name, version').all() as IndexRow[];
    const byName = new Map<string, IndexVersion[]>();
    for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), indexVersion(row)]);
    const names = [...byName.keys()];
    const aliases = this.registry.aliases(names);
    return names.map((name) => ({ name, versions: byName.get(name)!, aliases: aliases.get(name) ?? {} }));
  }
}
