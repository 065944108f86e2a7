// Publishing a pushed version on a team registry: every document is checked against `checksums`,
// the model against `checksums` and the manifest, and the governance record must approve this
// model; then the version is imported under its own number (scan + load, as any import), and its
// documents, index entry, audit entry and aliases are written in the same transaction.
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConflictError, ValidationError } from '../api/errors.js';
import type { z } from 'zod';
import type { TeamPushResponse, teamPushRequest } from '../api/team-contract.js';
import type { RegistryService } from '../registry/registry-service.js';
import { validateAlias, validateModelName } from '../registry/registry-store.js';
import { checksumsFile, governanceFile, manifestFile, modelFile, parseChecksums, sha256Hex, versionFiles, type IndexVersion } from '../sync/layout.js';
import type { TeamStore } from './team-store.js';
import type { TeamUploads } from './team-uploads.js';

const documentFiles: readonly string[] = versionFiles.filter((file) => file !== modelFile);

export interface PublishContext {
  registry: RegistryService;
  store: TeamStore;
  uploads: TeamUploads;
  user: string;
  /** `<server url>/api/team/v1` */
  base: string;
}

export type PushRequest = z.infer<typeof teamPushRequest>;

/** Checks the version's files against each other; the first mismatch answers 400 naming the file. */
function verifyDocuments(push: PushRequest): Record<string, string> {
  const digests = parseChecksums(push.checksums, checksumsFile);
  for (const file of versionFiles) if (!digests[file]) throw new ValidationError(`checksums does not list ${file}.`, { file });
  if (digests[modelFile] !== push.sha256) throw new ValidationError(`checksums gives model.onnx sha256 ${digests[modelFile]}, but the push names ${push.sha256}.`, { file: modelFile });
  for (const file of Object.keys(push.documents)) {
    if (!documentFiles.includes(file)) throw new ValidationError(`'${file}' is not a document of a version folder (${documentFiles.join(', ')}).`, { file });
  }
  for (const file of documentFiles) {
    const text = push.documents[file];
    if (text === undefined) throw new ValidationError(`The push has no ${file}.`, { file });
    const digest = sha256Hex(text);
    if (digest !== digests[file]) throw new ValidationError(`${file} has sha256 ${digest}, but checksums say ${digests[file]}: it was changed after the checksums were made.`, { file });
  }
  let manifest: { model?: { sha256?: string } } | undefined;
  try {
    manifest = parseYaml(push.documents[manifestFile]) as typeof manifest;
  } catch (error) {
    throw new ValidationError(`${manifestFile} is not YAML: ${(error as Error).message}`, { file: manifestFile });
  }
  if (manifest?.model?.sha256 !== push.sha256) throw new ValidationError(`${manifestFile} names model sha256 ${manifest?.model?.sha256 ?? '(none)'}, but model.onnx is ${push.sha256}.`, { file: manifestFile });
  let governance: { sha256?: string; approval?: { state?: string } } | undefined;
  try {
    governance = JSON.parse(push.documents[governanceFile]) as typeof governance;
  } catch (error) {
    throw new ValidationError(`${governanceFile} is not JSON: ${(error as Error).message}`, { file: governanceFile });
  }
  if (governance?.sha256 !== push.sha256 || governance.approval?.state !== 'approved') {
    throw new ValidationError(`${governanceFile} does not record an approval of model sha256 ${push.sha256}; only approved versions are published.`, { file: governanceFile });
  }
  return digests;
}

export async function publishVersion(context: PublishContext, nameInput: string, push: PushRequest): Promise<TeamPushResponse> {
  const { registry, store, uploads, user } = context;
  const name = validateModelName(nameInput);
  const aliases = push.aliases.map(validateAlias);
  verifyDocuments(push);
  const entry: IndexVersion = {
    version: push.version,
    sha256: push.sha256,
    size: push.size,
    checksums_sha256: sha256Hex(push.checksums),
    pushed_time: new Date().toISOString(),
    pushed_by: user,
    source_workspace: push.source_workspace,
    policy_version: push.policy_version,
  };
  const response = (status: TeamPushResponse['status']): TeamPushResponse => ({
    status,
    name,
    version: push.version,
    sha256: push.sha256,
    aliases: Object.fromEntries(Object.entries(store.aliases(name)).filter(([, version]) => version === push.version)),
    location: `${context.base}/models/${encodeURIComponent(name)}/versions/${push.version}`,
  });
  const moveAliases = () => {
    for (const alias of aliases) registry.setAlias(name, alias, push.version, user, { gate: false, action: 'team.alias_set' });
  };
  const audit = (status: string) =>
    registry.audit.append({ actor: user, action: 'team.push', entityType: 'model_version', entityId: `${name}/${push.version}`, after: { status, sha256: push.sha256, checksums_sha256: entry.checksums_sha256, source_workspace: push.source_workspace, policy_version: push.policy_version, aliases } });

  const existing = store.entry(name, push.version);
  if (existing && existing.sha256 !== push.sha256) {
    throw new ConflictError(
      `Version ${push.version} of ${name} already holds model sha256 ${existing.sha256} (pushed by ${existing.pushed_by}); this push is sha256 ${push.sha256}. Push it under another model name.`,
      { name, version: push.version, existing_sha256: existing.sha256, sha256: push.sha256 },
    );
  }
  if (existing && existing.checksums_sha256 === entry.checksums_sha256) {
    if (aliases.length > 0) registry.write(moveAliases);
    return response('unchanged');
  }
  // Kept before the version exists, so an index entry never points at a document that is not there.
  const documents = await Promise.all(
    [...documentFiles, checksumsFile].map(async (file) => ({ file, stored: await registry.workspace.artifacts.putBuffer(Buffer.from(file === checksumsFile ? push.checksums : push.documents[file])) })),
  );
  const writeVersion = () => {
    for (const { file, stored } of documents) store.putDocument(name, push.version, file, stored, user);
    store.putEntry(name, entry);
    audit(existing ? 'updated' : 'pushed');
    moveAliases();
  };
  if (existing) {
    // Same model, new documents (approved again, under a newer policy): only the record changes.
    registry.write(writeVersion);
    return response('updated');
  }
  const staged = await uploads.completeFile(push.sha256);
  const stored = staged ? undefined : existsSync(registry.workspace.artifacts.objectPath(push.sha256)) ? registry.workspace.artifacts.objectPath(push.sha256) : undefined;
  const source = staged ?? stored;
  if (!source) {
    const upload = await uploads.status(push.sha256);
    throw new ValidationError(
      `model.onnx (sha256 ${push.sha256}) has not been uploaded completely (${upload.received} of ${upload.size ?? push.size} bytes); PUT it to ${context.base}/uploads/${push.sha256} first.`,
      { file: modelFile, received: upload.received },
    );
  }
  const size = (await stat(source)).size;
  if (size !== push.size) throw new ValidationError(`model.onnx holds ${size} bytes, but the push says ${push.size}.`, { file: modelFile, size });
  await registry.importModel(
    {
      name,
      source: createReadStream(source),
      fileName: `${name}-v${push.version}.onnx`,
      description: `Pushed by ${user} from ${push.source_workspace.host} (workspace ${push.source_workspace.id})`,
      version: push.version,
      alsoWrite: writeVersion,
    },
    user,
  );
  if (staged) await uploads.discard(push.sha256);
  return response('pushed');
}
