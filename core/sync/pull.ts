// Read what a remote holds and pull one version into the local registry. Every file of the
// version folder is hashed while it downloads and checked against `checksums` (itself checked
// against the index), and model.onnx against the manifest too; one mismatch rejects the pull with
// nothing stored. The ONNX then goes through RegistryService.importModel (scan + load), with the
// provenance as version tags in the same transaction. The remote's governance record is kept as
// the version's artifact: read-only, content-addressed, its digest in a tag.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseYaml } from 'yaml';
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.js';
import type { RegistryService } from '../registry/registry-service.js';
import { validateModelName, versionKey as registryKey, type VersionRow } from '../registry/registry-store.js';
import { checksumsFile, governanceFile, manifestFile, modelFile, parseChecksums, sha256Hex, versionFiles } from './layout.js';
import type { Remote } from './remote-store.js';
import { openTransport, readText, type RemoteModel } from './remote-transport.js';
import type { GovernanceRecord } from './version-bundle.js';

/** Version tags a pull records; the `mlwb.provenance.` prefix marks them as the pull's own. */
export const provenanceTags = {
  source: 'mlwb.provenance.source',
  remote: 'mlwb.provenance.remote',
  pulledBy: 'mlwb.provenance.pulled_by',
  pulledTime: 'mlwb.provenance.pulled_time',
  remoteVersion: 'mlwb.provenance.remote_version',
  remoteApproval: 'mlwb.provenance.remote_approval',
  governanceSha256: 'mlwb.provenance.governance_sha256',
} as const;

export type { RemoteModel };

/** Every model of the remote with its versions and aliases, from its indexes. */
export async function remoteList(remote: Remote, signal?: AbortSignal): Promise<RemoteModel[]> {
  const transport = openTransport(remote);
  try {
    return await transport.listModels(signal);
  } finally {
    transport.close();
  }
}

export interface PullOptions {
  name: string;
  version: number;
  /** The local model name (default: the remote's). */
  as?: string;
  user: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface PullResult {
  status: 'pulled' | 'unchanged';
  remote: string;
  source: string;
  name: string;
  version: number;
  remote_version: number;
  sha256: string;
  remote_approval: string;
  message: string;
}

export async function pullVersion(registry: RegistryService, remote: Remote, options: PullOptions): Promise<PullResult> {
  const localName = validateModelName(options.as ?? options.name, 'as');
  const transport = openTransport(remote);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'mlwb-pull-'));
  try {
    const { name, version } = options;
    const index = await transport.readIndex(name, options.signal);
    const entry = index.versions.find((candidate) => candidate.version === version);
    if (!entry) {
      const held = index.versions.map((candidate) => candidate.version).join(', ');
      throw new NotFoundError(`Remote '${remote.name}' has no version ${version} of ${name}${held ? ` (it has ${held})` : index.versions.length === 0 ? ' (no such model there)' : ''}.`);
    }
    const source = transport.versionLocation(name, version);
    const modelSource = transport.modelLocation(name);
    const approval = `approved under policy version ${entry.policy_version} of workspace ${entry.source_workspace.id} (pushed by ${entry.pushed_by} at ${entry.pushed_time})`;
    const base = { remote: remote.name, source, name: localName, remote_version: version, sha256: entry.sha256, remote_approval: approval };

    const existing = localPull(registry, localName, modelSource, version);
    if (existing.same) return { ...base, status: 'unchanged', version: existing.same.version, message: `Version ${version} of ${name} from '${remote.name}' is already here as version ${existing.same.version} of ${localName}; nothing to do.` };
    if (existing.clash) {
      throw new ConflictError(`A local model named '${localName}' exists and did not come from ${modelSource}; pull it under another name to keep both (--as NEW_NAME on the CLI, 'Pull as…' in the UI).`, { name: localName }, 'RESOURCE_ALREADY_EXISTS');
    }

    // The checksums file first, checked against the digest the index holds for it.
    const where = (file: string) => `${source}/${file}`;
    const checksumsText = await readText(await transport.openFile(name, version, checksumsFile, options.signal));
    if (checksumsText === null) throw new ValidationError(`${where(checksumsFile)} is missing; the remote version is incomplete. Nothing was stored.`);
    if (sha256Hex(checksumsText) !== entry.checksums_sha256) throw new ValidationError(`${where(checksumsFile)} does not match the digest in index.json; rejected, nothing stored.`, { file: checksumsFile });
    const digests = parseChecksums(checksumsText, where(checksumsFile));
    for (const file of versionFiles) if (!digests[file]) throw new ValidationError(`${where(checksumsFile)} does not list ${file}; rejected, nothing stored.`, { file });
    if (digests[modelFile] !== entry.sha256) throw new ValidationError(`${where(checksumsFile)} gives model.onnx another sha256 than index.json; rejected, nothing stored.`, { file: modelFile });

    const total = entry.size;
    let done = 0;
    for (const file of versionFiles) {
      const stream = await transport.openFile(name, version, file, options.signal);
      if (!stream) throw new ValidationError(`${where(file)} is missing; rejected, nothing stored.`, { file });
      const hash = createHash('sha256');
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          if (file === modelFile) {
            done += chunk.length;
            options.onProgress?.(done, total);
          }
          callback(null, chunk);
        },
      });
      await pipeline(stream, counter, createWriteStream(path.join(folder, file)), { signal: options.signal });
      const digest = hash.digest('hex');
      if (digest !== digests[file]) throw new ValidationError(`${where(file)} has sha256 ${digest}, but checksums say ${digests[file]}: the object was changed or damaged on the remote. Rejected, nothing stored.`, { file });
    }
    const manifest = parseYaml(await readFile(path.join(folder, manifestFile), 'utf8')) as { model?: { sha256?: string } };
    if (manifest?.model?.sha256 !== entry.sha256) throw new ValidationError(`${where(manifestFile)} names model sha256 ${manifest?.model?.sha256 ?? '(none)'}, but model.onnx is ${entry.sha256}; rejected, nothing stored.`, { file: manifestFile });
    const governanceBytes = await readFile(path.join(folder, governanceFile));
    const governance = JSON.parse(governanceBytes.toString('utf8')) as GovernanceRecord;
    if (governance.sha256 !== entry.sha256 || governance.approval?.state !== 'approved') throw new ValidationError(`${where(governanceFile)} does not record an approval of this model; rejected, nothing stored.`, { file: governanceFile });

    const pulledTime = new Date().toISOString();
    const governanceSha256 = sha256Hex(governanceBytes);
    // Kept before the version exists, so the version never points at a record that is not there.
    const stored = await Promise.all([governanceFile, manifestFile, 'model-card.md', 'model-card.html'].map(async (file) => ({ file, ...(await registry.workspace.artifacts.putStream(createReadStream(path.join(folder, file)))) })));
    const row = await registry.importModel(
      {
        name: localName,
        source: createReadStream(path.join(folder, modelFile)),
        fileName: `${name}-v${version}.onnx`,
        description: `Pulled from ${source}`,
        tags: {
          [provenanceTags.source]: source,
          [provenanceTags.remote]: remote.name,
          [provenanceTags.pulledBy]: options.user,
          [provenanceTags.pulledTime]: pulledTime,
          [provenanceTags.remoteVersion]: String(version),
          [provenanceTags.remoteApproval]: approval,
          [provenanceTags.governanceSha256]: governanceSha256,
        },
      },
      options.user,
    );
    registry.write(() => {
      const insert = registry.db.prepare('INSERT OR REPLACE INTO artifact_files (path, sha256, size, created_time, created_by) VALUES (?, ?, ?, ?, ?)');
      for (const file of stored) insert.run(pulledRecordPath(row, file.file), file.sha256, file.size, Date.now(), options.user);
      registry.audit.append({
        actor: options.user,
        action: 'sync.pull',
        entityType: 'model_version',
        entityId: `${row.name}/${row.version}`,
        after: { remote: remote.name, source, remote_version: version, sha256: entry.sha256, governance_sha256: governanceSha256, remote_approval: approval },
      });
    });
    return { ...base, status: 'pulled', version: row.version, message: `Pulled version ${version} of ${name} from '${remote.name}' as version ${row.version} of ${localName} (sha256 verified; ${approval}).` };
  } finally {
    transport.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Where a pulled version's remote documents are kept among the registry's artifacts. */
export function pulledRecordPath(row: Pick<VersionRow, 'name' | 'version'>, file: string): string {
  return `registry/${row.name}/v${row.version}/remote/${file}`;
}

/**
 * The governance record a version was pulled with, checked against the digest recorded at pull
 * time; null for a version that was not pulled.
 */
export async function pulledGovernance(registry: RegistryService, name: string, version: number): Promise<GovernanceRecord | null> {
  const tags = registry.store.versionTags([registry.store.version(name, version)]).get(registryKey(name, version)) ?? {};
  const expected = tags[provenanceTags.governanceSha256];
  if (!expected) return null;
  const file = registry.db.prepare('SELECT sha256 FROM artifact_files WHERE path = ?').get(pulledRecordPath({ name, version }, governanceFile)) as { sha256: string } | undefined;
  if (!file || file.sha256 !== expected) throw new ConflictError(`The governance record pulled with version ${version} of ${name} is missing or does not match its recorded digest.`, undefined, 'RESOURCE_CONFLICT');
  return JSON.parse(await readFile(registry.workspace.artifacts.objectPath(file.sha256), 'utf8')) as GovernanceRecord;
}

/** A local version pulled from the same remote version, or a same-named local model of another origin. */
function localPull(registry: RegistryService, localName: string, modelSource: string, remoteVersion: number): { same?: VersionRow; clash: boolean } {
  if (!registry.store.findModel(localName)) return { clash: false };
  const rows = registry.store.versions(localName);
  const tags = registry.store.versionTags(rows);
  let fromSameModel = false;
  for (const row of rows) {
    const source = tags.get(registryKey(row.name, row.version))?.[provenanceTags.source];
    if (!source?.startsWith(`${modelSource}/versions/`)) continue;
    fromSameModel = true;
    if (source === `${modelSource}/versions/${remoteVersion}`) return { same: row, clash: false };
  }
  return { clash: !fromSameModel };
}

