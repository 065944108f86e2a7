// Push one approved version to a remote; to an S3 remote here (a team registry: team-push.ts): the version's files first (model.onnx as a resumable
// multipart upload when large), its `checksums` next, and its entry in the model's index.json
// last, so readers never see a half-pushed version. A version already there with the same
// checksums is left alone; aliases asked for are moved in the index.
import os from 'node:os';
import { ConflictError } from '../api/errors.js';
import type { RegistryService } from '../registry/registry-service.js';
import { validateAlias } from '../registry/registry-store.js';
import {
  checksumsFile,
  checksumsText,
  contentTypes,
  indexJson,
  indexKey,
  modelFile,
  parseChecksums,
  sha256Hex,
  versionAliases,
  versionFiles,
  versionKey,
  type IndexVersion,
} from './layout.js';
import { defaultPartSize, uploadMultipart, UploadJournal } from './multipart.js';
import type { Remote } from './remote-store.js';
import { readBucketIndex } from './remote-transport.js';
import { S3Bucket } from './s3-bucket.js';
import { pushTeamVersion } from './team-push.js';
import { versionBundle, workspaceId } from './version-bundle.js';

export interface PushOptions {
  name: string;
  version: number;
  aliases?: string[];
  user: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** model.onnx at or above this size goes up in parts (default: one part size). */
  multipartThreshold?: number;
  partSize?: number;
  concurrency?: number;
}

export interface PushResult {
  status: 'pushed' | 'updated' | 'unchanged';
  remote: string;
  location: string;
  name: string;
  version: number;
  sha256: string;
  uploaded_files: string[];
  uploaded_bytes: number;
  resumed_parts: number;
  aliases: Record<string, number>;
  message: string;
}

/** Pushes to the remote's kind: a bucket's objects, or a team registry's HTTP API. */
export function pushVersion(registry: RegistryService, remote: Remote, options: PushOptions): Promise<PushResult> {
  return remote.kind === 'team' ? pushTeamVersion(registry, remote, options) : pushS3Version(registry, remote, options);
}

async function pushS3Version(registry: RegistryService, remote: Extract<Remote, { kind: 's3' }>, options: PushOptions): Promise<PushResult> {
  const aliases = (options.aliases ?? []).map((alias) => validateAlias(alias));
  // Refused before any request: only versions approved under the current policy leave.
  const bundle = versionBundle(registry, options.name, options.version);
  const bucket = new S3Bucket(remote);
  try {
    const { name, version } = bundle;
    const location = `s3://${bucket.bucket}/${bucket.key(`models/${name}/versions/${version}/`)}`;
    const checksums = checksumsText(bundle.digests);
    const index = await readBucketIndex(bucket, name, options.signal);
    const entry = index.versions.find((candidate) => candidate.version === version);
    if (entry && entry.sha256 !== bundle.sha256) {
      throw new ConflictError(
        `Remote '${remote.name}' already has version ${version} of ${name} with a different model (sha256 ${entry.sha256.slice(0, 12)}…, pushed by ${entry.pushed_by} from ${entry.source_workspace.host}); this one is ${bundle.sha256.slice(0, 12)}…. Push it under another model name.`,
        { remote: remote.name, remote_sha256: entry.sha256 },
      );
    }
    // Files count as present only for a version the index lists: its checksums were written
    // after them. Anything else (an interrupted push) is written again, model.onnx resuming.
    const remoteText = entry ? await bucket.getText(bucket.key(versionKey(name, version, checksumsFile)), options.signal) : null;
    const remoteDigests = remoteText ? parseChecksums(remoteText, `${location}${checksumsFile}`) : {};
    const changed = versionFiles.filter((file) => remoteDigests[file] !== bundle.digests[file]);
    const aliasChanges = aliases.filter((alias) => index.aliases[alias] !== version);
    const base = { remote: remote.name, location, name, version, sha256: bundle.sha256 };
    if (entry && changed.length === 0 && aliasChanges.length === 0) {
      return { ...base, status: 'unchanged', uploaded_files: [], uploaded_bytes: 0, resumed_parts: 0, aliases: versionAliases(index, version), message: `Version ${version} of ${name} is already on '${remote.name}' with identical checksums; nothing to do.` };
    }

    const total = changed.reduce((sum, file) => sum + (file === modelFile ? bundle.size : bundle.documents[file].length), 0);
    let done = 0;
    const onBytes = (bytes: number) => {
      done += bytes;
      options.onProgress?.(done, total);
    };
    let uploadedBytes = 0;
    let resumedParts = 0;
    const partSize = options.partSize ?? defaultPartSize;
    for (const file of changed) {
      const key = bucket.key(versionKey(name, version, file));
      if (file === modelFile && bundle.size >= (options.multipartThreshold ?? partSize)) {
        const result = await uploadMultipart(
          bucket,
          new UploadJournal(registry.db, remote.name),
          { path: registry.workspace.artifacts.objectPath(bundle.sha256), size: bundle.size, sha256: bundle.sha256, key, contentType: contentTypes[file] },
          { partSize, concurrency: options.concurrency ?? 4, signal: options.signal, onBytes },
        );
        uploadedBytes += result.uploadedBytes;
        resumedParts += result.resumedParts;
        continue;
      }
      const body = file === modelFile ? await readAll(registry, bundle.sha256) : bundle.documents[file];
      await bucket.put(key, body, contentTypes[file], options.signal);
      uploadedBytes += body.length;
      onBytes(body.length);
    }
    if (changed.length > 0 || !remoteText) await bucket.put(bucket.key(versionKey(name, version, checksumsFile)), checksums, contentTypes[checksumsFile], options.signal);

    // Read again just before writing: another push may have added a version meanwhile.
    const latest = await readBucketIndex(bucket, name, options.signal);
    const pushed: IndexVersion = {
      version,
      sha256: bundle.sha256,
      size: bundle.size,
      checksums_sha256: sha256Hex(checksums),
      pushed_time: new Date().toISOString(),
      pushed_by: options.user,
      source_workspace: { id: workspaceId(registry), host: os.hostname(), user: options.user },
      policy_version: bundle.policyVersion,
    };
    latest.versions = [...latest.versions.filter((candidate) => candidate.version !== version), pushed];
    for (const alias of aliases) latest.aliases[alias] = version;
    latest.updated_time = pushed.pushed_time;
    await bucket.put(bucket.key(indexKey(name)), indexJson(latest), contentTypes['index.json'], options.signal);

    const status = entry ? 'updated' : 'pushed';
    registry.audit.append({
      actor: options.user,
      action: 'sync.push',
      entityType: 'model_version',
      entityId: `${name}/${version}`,
      after: { remote: remote.name, location, sha256: bundle.sha256, files: changed, aliases, status },
    });
    const what = changed.length === 0 ? `aliases ${aliasChanges.join(', ')} moved` : `${changed.length} file${changed.length === 1 ? '' : 's'} uploaded${resumedParts > 0 ? `, resuming ${resumedParts} part${resumedParts === 1 ? '' : 's'} already there` : ''}`;
    return { ...base, status, uploaded_files: changed, uploaded_bytes: uploadedBytes, resumed_parts: resumedParts, aliases: versionAliases(latest, version), message: `Pushed version ${version} of ${name} to '${remote.name}' (${location}): ${what}.` };
  } finally {
    bucket.destroy();
  }
}

async function readAll(registry: RegistryService, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of registry.workspace.artifacts.openRead(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
