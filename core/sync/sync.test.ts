// Push and pull against a real S3-compatible server (s3rver) on loopback, as a team would use a
// shared bucket: approved versions only, resumable, idempotent, verified on the way back in.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { versionDetail } from '../registry/registry-views.js';
import { pulledGovernance, pullVersion, remoteList } from './pull.js';
import { pushVersion } from './push.js';
import { addS3Remote, approvedVersion, bucketName, openSyncWorkspace, startS3rver, type S3Fixture, type SyncWorkspace } from './sync-fixture.js';

let s3: S3Fixture;
let root: string;
let source: SyncWorkspace;
let target: SyncWorkspace;
const partSize = 256 * 1024;

beforeAll(async () => {
  s3 = await startS3rver();
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-sync-'));
  source = await openSyncWorkspace(path.join(root, 'source'), 'ana');
  target = await openSyncWorkspace(path.join(root, 'target'), 'carl');
  addS3Remote(source.remotes, 'team', s3.endpoint, 'ana');
  addS3Remote(target.remotes, 'team', s3.endpoint, 'carl');
}, 60_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

async function keys(prefix: string): Promise<string[]> {
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefix }));
  client.destroy();
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

describe('push to an S3 remote', () => {
  it('refuses a version that is not approved, naming why, before anything is uploaded', async () => {
    const version = await approvedVersion(source.registry, 'draft', 0.1, false);
    await expect(pushVersion(source.registry, source.remotes.get('team'), { name: 'draft', version, user: 'ana' })).rejects.toMatchObject({
      code: 'RESOURCE_CONFLICT',
      message: expect.stringMatching(/not approved under the current policy.*not submitted.*Not submitted for review yet/),
    });
    expect(await keys('shared/models/draft/')).toEqual([]);
  });

  it('pushes every file of an approved version in parts, then its index entry, and a second push does nothing', async () => {
    const version = await approvedVersion(source.registry, 'churn', 1);
    const progress: Array<[number, number]> = [];
    const pushed = await pushVersion(source.registry, source.remotes.get('team'), { name: 'churn', version, aliases: ['champion'], user: 'ana', partSize, multipartThreshold: partSize, onProgress: (done, total) => progress.push([done, total]) });
    expect(pushed).toMatchObject({ status: 'pushed', uploaded_files: ['model.onnx', 'manifest.yaml', 'model-card.md', 'model-card.html', 'governance.json'], aliases: { champion: version } });
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
    expect(await keys('shared/models/churn/')).toEqual(
      ['index.json', ...['checksums', 'governance.json', 'manifest.yaml', 'model-card.html', 'model-card.md', 'model.onnx'].map((file) => `versions/${version}/${file}`)].map((key) => `shared/models/churn/${key}`).sort(),
    );
    const stored = (file: string) => readFile(path.join(s3.directory, bucketName, 'shared/models/churn', file), 'utf8').catch(() => '');
    const local = versionDetail(source.registry, 'churn', version).version;
    expect(JSON.parse(await stored('index.json._S3rver_object'))).toMatchObject({ name: 'churn', versions: [{ version, sha256: local.sha256, pushed_by: 'ana' }], aliases: { champion: version } });
    expect(source.registry.audit.list({ entityType: 'model_version', entityId: `churn/${version}` }).entries[0]).toMatchObject({ action: 'sync.push', actor: 'ana' });

    const again = await pushVersion(source.registry, source.remotes.get('team'), { name: 'churn', version, aliases: ['champion'], user: 'ana', partSize, multipartThreshold: partSize });
    expect(again).toMatchObject({ status: 'unchanged', uploaded_bytes: 0, message: expect.stringMatching(/identical checksums; nothing to do/) });
  });

  it('resumes an interrupted multipart upload, sending only the missing parts, and no half-pushed version is listed meanwhile', async () => {
    const version = await approvedVersion(source.registry, 'big', 2);
    const controller = new AbortController();
    const interrupted = pushVersion(source.registry, source.remotes.get('team'), {
      name: 'big',
      version,
      user: 'ana',
      partSize,
      multipartThreshold: partSize,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => done >= 3 * partSize && controller.abort(),
    });
    await expect(interrupted).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await remoteList(source.remotes.get('team'))).map((model) => model.name)).not.toContain('big');

    const resumed = await pushVersion(source.registry, source.remotes.get('team'), { name: 'big', version, user: 'ana', partSize, multipartThreshold: partSize, concurrency: 1 });
    const size = versionDetail(source.registry, 'big', version).version.size!;
    expect(resumed.status).toBe('pushed');
    expect(resumed.resumed_parts).toBe(3);
    expect(resumed.uploaded_bytes).toBeLessThan(size - 2 * partSize);
    expect(source.workspace.db.prepare('SELECT COUNT(*) AS count FROM sync_uploads').get()).toEqual({ count: 0 });
    // The resumed object is the model byte for byte: a pull verifies it.
    const pulled = await pullVersion(target.registry, target.remotes.get('team'), { name: 'big', version, user: 'carl' });
    expect(pulled.sha256).toBe(versionDetail(source.registry, 'big', version).version.sha256);
  });
});

describe('pull from an S3 remote', () => {
  it('lists the remote and pulls a version into another workspace with its provenance and read-only governance record', async () => {
    const listed = await remoteList(target.remotes.get('team'));
    expect(listed.find((model) => model.name === 'churn')).toMatchObject({ versions: [{ version: 1, pushed_by: 'ana' }], aliases: { champion: 1 } });

    const pulled = await pullVersion(target.registry, target.remotes.get('team'), { name: 'churn', version: 1, user: 'carl' });
    expect(pulled).toMatchObject({ status: 'pulled', name: 'churn', version: 1, remote_approval: expect.stringMatching(/^approved under policy version 1/) });
    const detail = versionDetail(target.registry, 'churn', 1);
    expect(detail.version.sha256).toBe(versionDetail(source.registry, 'churn', 1).version.sha256);
    expect(detail.version.tags).toMatchObject({
      'mlwb.provenance.source': `s3://${bucketName}/shared/models/churn/versions/1`,
      'mlwb.provenance.pulled_by': 'carl',
      'mlwb.provenance.remote_version': '1',
      'mlwb.provenance.pulled_time': expect.stringMatching(/^\d{4}-/),
    });
    const governance = await pulledGovernance(target.registry, 'churn', 1);
    expect(governance).toMatchObject({ approval: { state: 'approved' }, review: { decided_by: 'ben', comment: 'Looks right.' } });
    expect(governance!.audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['model_version.create', 'review.approve']));
    expect(target.registry.audit.list({ entityType: 'model_version', entityId: 'churn/1' }).entries[0]).toMatchObject({ action: 'sync.pull', actor: 'carl' });
    // Where it came from is a record: nobody edits or removes those tags afterwards.
    expect(() => target.registry.setVersionTag('churn', 1, 'mlwb.provenance.source', 'elsewhere', 'eve')).toThrow(/cannot be changed/);
    expect(() => target.registry.deleteVersionTag('churn', 1, 'mlwb.provenance.pulled_by', 'eve')).toThrow(/cannot be changed/);

    const again = await pullVersion(target.registry, target.remotes.get('team'), { name: 'churn', version: 1, user: 'carl' });
    expect(again.status).toBe('unchanged');
  });

  it('refuses a same-named local model of another origin unless pulled under another name', async () => {
    await approvedVersion(target.registry, 'mine', 0.1, false);
    await pushVersion(source.registry, source.remotes.get('team'), { name: 'churn', version: 1, aliases: [], user: 'ana' });
    await expect(pullVersion(target.registry, target.remotes.get('team'), { name: 'churn', version: 1, as: 'mine', user: 'carl' })).rejects.toMatchObject({ message: expect.stringMatching(/local model named 'mine'.*--as NEW_NAME/) });
  });

  it('rejects a tampered object, naming the file, and stores nothing', async () => {
    const version = await approvedVersion(source.registry, 'tampered', 0.2);
    await pushVersion(source.registry, source.remotes.get('team'), { name: 'tampered', version, user: 'ana' });
    const object = path.join(s3.directory, bucketName, `shared/models/tampered/versions/${version}/model.onnx._S3rver_object`);
    const bytes = await readFile(object);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(object, bytes);
    const before = target.workspace.db.prepare('SELECT (SELECT COUNT(*) FROM model_versions) AS versions, (SELECT COUNT(*) FROM artifact_files) AS files').get();
    await expect(pullVersion(target.registry, target.remotes.get('team'), { name: 'tampered', version, user: 'carl' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/versions\/1\/model\.onnx has sha256 .* but checksums say .*Rejected, nothing stored/) });
    expect(target.workspace.db.prepare('SELECT (SELECT COUNT(*) FROM model_versions) AS versions, (SELECT COUNT(*) FROM artifact_files) AS files').get()).toEqual(before);
    expect(target.registry.store.findModel('tampered')).toBeUndefined();
  });
});
