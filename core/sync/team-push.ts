// Push one approved version to a team registry: model.onnx goes up in chunks that resume from what
// the registry already holds, then one request publishes the version with its documents and
// checksums; the registry checks them and writes its index entry last, so readers never see a
// half-pushed version. A version already there with the same checksums is left alone.
import { open } from 'node:fs/promises';
import os from 'node:os';
import { ConflictError, ForbiddenError } from '../api/errors.js';
import { teamChunkLimit, teamRoles } from '../api/team-contract.js';
import type { RegistryService } from '../registry/registry-service.js';
import { validateAlias } from '../registry/registry-store.js';
import { checksumsText, modelFile, sha256Hex, versionAliases, versionFiles } from './layout.js';
import type { PushOptions, PushResult } from './push.js';
import { TeamClient, type TeamRemote } from './team-client.js';
import { versionBundle, workspaceId, type VersionBundle } from './version-bundle.js';

export const defaultChunkSize = 8 * 1024 * 1024;
/** Conflicts in a row (another push of the same model racing this one) before giving up. */
const conflictLimit = 3;

export async function pushTeamVersion(registry: RegistryService, remote: TeamRemote, options: PushOptions): Promise<PushResult> {
  const aliases = (options.aliases ?? []).map((alias) => validateAlias(alias));
  // Refused before any request: only versions approved under the current policy leave.
  const bundle = versionBundle(registry, options.name, options.version);
  const client = TeamClient.forRemote(remote);
  const { name, version } = bundle;
  const location = client.versionLocation(name, version);
  const checksums = checksumsText(bundle.digests);
  const index = await client.index(name, options.signal);
  const entry = index.versions.find((candidate) => candidate.version === version);
  if (entry && entry.sha256 !== bundle.sha256) {
    throw new ConflictError(
      `Remote '${remote.name}' already has version ${version} of ${name} with a different model (sha256 ${entry.sha256.slice(0, 12)}…, pushed by ${entry.pushed_by} from ${entry.source_workspace.host}); this one is ${bundle.sha256.slice(0, 12)}…. Push it under another model name.`,
      { remote: remote.name, remote_sha256: entry.sha256 },
    );
  }
  const sameFiles = entry !== undefined && entry.checksums_sha256 === sha256Hex(checksums);
  const aliasChanges = aliases.filter((alias) => index.aliases[alias] !== version);
  const base = { remote: remote.name, location, name, version, sha256: bundle.sha256 };
  if (sameFiles && aliasChanges.length === 0) {
    return { ...base, status: 'unchanged', uploaded_files: [], uploaded_bytes: 0, resumed_parts: 0, aliases: versionAliases(index, version), message: `Version ${version} of ${name} is already on '${remote.name}' with identical checksums; nothing to do.` };
  }

  // Moving aliases needs the approver role: said before any byte is uploaded, not after.
  if (aliases.length > 0) {
    const whoami = await client.whoami(options.signal);
    if (teamRoles.indexOf(whoami.role) < teamRoles.indexOf('approver')) {
      throw new ForbiddenError(
        `Team registry '${remote.name}' (${remote.config.url}): user '${whoami.user}' has the ${whoami.role} role there; pushing with aliases (${aliases.join(', ')}) needs approver or above. Push without aliases, or ask an approver.`,
        { remote: remote.name, user: whoami.user, role: whoami.role, needed: 'approver' },
      );
    }
  }
  const chunkSize = Math.min(options.partSize ?? defaultChunkSize, teamChunkLimit);
  const upload = sameFiles ? { uploadedBytes: 0, resumedChunks: 0 } : await uploadModel(client, registry, bundle, chunkSize, options);
  const documents = Object.fromEntries(Object.entries(bundle.documents).map(([file, bytes]) => [file, bytes.toString('utf8')]));
  const published = await client.publish(
    name,
    {
      version,
      sha256: bundle.sha256,
      size: bundle.size,
      documents,
      checksums,
      policy_version: bundle.policyVersion,
      source_workspace: { id: workspaceId(registry), host: os.hostname(), user: options.user },
      aliases,
    },
    options.signal,
  );
  const documentFiles = versionFiles.filter((file) => file !== modelFile);
  const uploadedFiles = sameFiles ? [] : [...(upload.uploadedBytes > 0 ? [modelFile] : []), ...documentFiles];
  const uploadedBytes = upload.uploadedBytes + (sameFiles ? 0 : documentFiles.reduce((sum, file) => sum + bundle.documents[file].length, 0));
  registry.audit.append({
    actor: options.user,
    action: 'sync.push',
    entityType: 'model_version',
    entityId: `${name}/${version}`,
    after: { remote: remote.name, location, sha256: bundle.sha256, files: uploadedFiles, aliases, status: published.status },
  });
  const what = sameFiles
    ? `aliases ${aliasChanges.join(', ')} moved`
    : `${uploadedFiles.length} file${uploadedFiles.length === 1 ? '' : 's'} uploaded${upload.resumedChunks > 0 ? `, resuming after ${upload.resumedChunks} chunk${upload.resumedChunks === 1 ? '' : 's'} already there` : ''}`;
  return {
    ...base,
    status: published.status,
    location: published.location ?? location,
    uploaded_files: uploadedFiles,
    uploaded_bytes: uploadedBytes,
    resumed_parts: upload.resumedChunks,
    aliases: published.aliases,
    message: `Pushed version ${version} of ${name} to '${remote.name}' (${published.location ?? location}): ${what}.`,
  };
}

/** Sends the bytes of model.onnx the registry does not hold yet, chunk by chunk, from where it stands. */
async function uploadModel(client: TeamClient, registry: RegistryService, bundle: VersionBundle, chunkSize: number, options: PushOptions): Promise<{ uploadedBytes: number; resumedChunks: number }> {
  const total = bundle.size;
  let state = await client.upload(bundle.sha256, options.signal);
  if (state.complete) {
    options.onProgress?.(total, total);
    return { uploadedBytes: 0, resumedChunks: 0 };
  }
  const resumedChunks = Math.ceil(state.received / chunkSize);
  let received = state.received;
  let uploadedBytes = 0;
  let conflicts = 0;
  options.onProgress?.(received, total);
  const handle = await open(registry.workspace.artifacts.objectPath(bundle.sha256), 'r');
  try {
    while (!state.complete) {
      const length = Math.min(chunkSize, total - received);
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, received);
      try {
        state = await client.uploadChunk(bundle.sha256, received, chunk, total, options.signal);
      } catch (error) {
        // The registry holds another amount (a retried chunk that had landed, a racing push): go on from there.
        if (!(error instanceof ConflictError) || ++conflicts > conflictLimit) throw error;
        state = await client.upload(bundle.sha256, options.signal);
        received = state.received;
        continue;
      }
      conflicts = 0;
      uploadedBytes += length;
      received = state.received;
      options.onProgress?.(received, total);
    }
  } finally {
    await handle.close();
  }
  return { uploadedBytes, resumedChunks };
}
