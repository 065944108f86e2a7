// What a remote holds set against this workspace: for each remote version, the local versions (of
// any model name) that hold the same model bytes; for each remote model, the local versions of the
// same-named model whose bytes the remote lacks, with their approval state (approved ones are
// pushable). Two queries for the whole listing, whatever its size.
import type { LocalOnlyVersion, RemoteModelEntry } from '../api/sync-contract.js';
import type { RegistryService } from '../registry/registry-service.js';
import { versionKey, type VersionRow } from '../registry/registry-store.js';
import { approvalState } from '../registry/review-store.js';
import type { RemoteModel } from './remote-transport.js';

export function diffAgainstLocal(registry: RegistryService, models: RemoteModel[]): RemoteModelEntry[] {
  const sha256s = [...new Set(models.flatMap((model) => model.versions.map((entry) => entry.sha256)))];
  const holding = registry.db
    .prepare('SELECT name, version, sha256 FROM model_versions WHERE sha256 IN (SELECT value FROM json_each(?)) ORDER BY name, version')
    .all(JSON.stringify(sha256s)) as Array<{ name: string; version: number; sha256: string }>;
  const bySha256 = new Map<string, Array<{ name: string; version: number }>>();
  for (const row of holding) bySha256.set(row.sha256, [...(bySha256.get(row.sha256) ?? []), { name: row.name, version: row.version }]);

  const sameNamed = registry.db
    .prepare('SELECT name, version, revision, sha256 FROM model_versions WHERE name IN (SELECT value FROM json_each(?)) ORDER BY name, version')
    .all(JSON.stringify(models.map((model) => model.name))) as Array<Pick<VersionRow, 'name' | 'version' | 'revision' | 'sha256'>>;
  const latest = registry.reviews.latest(sameNamed);
  const policyVersion = registry.policies.current().version;
  const remoteSha256s = new Map(models.map((model) => [model.name, new Set(model.versions.map((entry) => entry.sha256))]));
  const localOnly = new Map<string, LocalOnlyVersion[]>();
  for (const row of sameNamed) {
    if (row.sha256 !== null && remoteSha256s.get(row.name)?.has(row.sha256)) continue;
    const approval = approvalState(latest.get(versionKey(row.name, row.version)), row, policyVersion);
    localOnly.set(row.name, [...(localOnly.get(row.name) ?? []), { version: row.version, sha256: row.sha256, approval }]);
  }

  return models.map((model) => ({
    name: model.name,
    aliases: model.aliases,
    versions: model.versions.map((entry) => {
      const local = bySha256.get(entry.sha256) ?? [];
      return { ...entry, local: local.length > 0, local_versions: local };
    }),
    local_only: localOnly.get(model.name) ?? [],
  }));
}
