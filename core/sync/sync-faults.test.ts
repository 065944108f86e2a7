// Faults a team meets with a shared bucket, against a real s3rver on loopback: wrong credentials,
// an unreachable target, a server that goes away mid-upload and comes back, and a remote whose
// index.json is missing or corrupt. Each ends in a clear error and leaves local state unchanged.
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/core-process.js';
import { versionDetail } from '../registry/registry-views.js';
import { pullVersion, remoteList } from './pull.js';
import { pushVersion } from './push.js';
import { s3Config } from './remote-store.js';
import { approvedVersion, bucketName, openSyncWorkspace, type SyncWorkspace } from './sync-fixture.js';

const partSize = 256 * 1024;
const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

/** An s3rver that can be stopped (dropping open connections, as a killed server does) and started again on the same port and folder. */
class RestartableS3rver {
  private server: S3rver | undefined;
  port = 0;

  constructor(readonly directory: string) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = new S3rver({ address: '127.0.0.1', port: this.port, directory: this.directory, silent: true });
    this.port = (await this.server.run()).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = server.close();
    (server as unknown as { httpServer: HttpServer }).httpServer.closeAllConnections();
    await closed;
  }
}

let root: string;
let s3: RestartableS3rver;
let client: S3Client;
let local: SyncWorkspace;

beforeAll(async () => {
  Object.assign(process.env, credentials);
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-sync-faults-'));
  s3 = new RestartableS3rver(path.join(root, 's3'));
  await s3.start();
  client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  local = await openSyncWorkspace(path.join(root, 'local'), 'ana');
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await local?.close();
  await s3?.stop();
  await rm(root, { recursive: true, force: true });
});

afterEach(() => {
  Object.assign(process.env, credentials);
});

function addRemote(workspace: SyncWorkspace, name: string, endpoint: string, prefix = name) {
  workspace.remotes.add(name, { kind: 's3', config: s3Config({ s3: `s3://${bucketName}/${prefix}`, endpoint, pathStyle: true }) }, 'ana');
  return workspace.remotes.get(name);
}

async function keys(prefix: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

/** What a failed push or pull must leave as it was. */
function localState(workspace: SyncWorkspace) {
  return workspace.workspace.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM model_versions) AS versions, (SELECT COUNT(*) FROM artifact_files) AS files, (SELECT COUNT(*) FROM sync_uploads) AS uploads,
              (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'sync.%') AS sync_audit`,
    )
    .get();
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('wrong credentials', () => {
  // s3rver knows one key pair (S3RVER / S3RVER): an unknown access key id is 403 InvalidAccessKeyId.
  // It does not verify SigV4 signatures ("unimplemented" in its authentication middleware), so a
  // right key id with a wrong secret is accepted there and cannot be tested against it.
  it('refuses a push with a 403 message naming the remote and the AWS variables, uploading and recording nothing', async () => {
    const remote = addRemote(local, 'creds', s3.endpoint);
    const version = await approvedVersion(local.registry, 'secret-model', 0.1);
    const before = localState(local);
    process.env.AWS_ACCESS_KEY_ID = 'NOT-A-KEY';
    await expect(pushVersion(local.registry, remote, { name: 'secret-model', version, user: 'ana' })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(/S3 remote 'creds' \(s3:\/\/team-models\/creds at http:\/\/127\.0\.0\.1:\d+\) refused the request \(403 InvalidAccessKeyId\).*AWS_ACCESS_KEY_ID \/ AWS_SECRET_ACCESS_KEY, AWS_PROFILE or ~\/\.aws\/credentials/),
    });
    await expect(remoteList(remote)).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/S3 remote 'creds'.*403/) });
    Object.assign(process.env, credentials);
    expect(await keys('creds/')).toEqual([]);
    expect(localState(local)).toEqual(before);
  });
});

describe('unreachable target', () => {
  it('gives up after the retries with a message naming the remote and the cause, and changes nothing locally', async () => {
    const remote = addRemote(local, 'closed', `http://127.0.0.1:${await closedPort()}`);
    const version = await approvedVersion(local.registry, 'offline', 0.1);
    const before = localState(local);
    await expect(pushVersion(local.registry, remote, { name: 'offline', version, user: 'ana' })).rejects.toMatchObject({
      message: expect.stringMatching(/S3 remote 'closed' \(s3:\/\/team-models\/closed at http:\/\/127\.0\.0\.1:\d+\) is unreachable after 4 attempts while reading closed\/models\/offline\/index\.json: ECONNREFUSED/),
    });
    await expect(remoteList(remote)).rejects.toMatchObject({ message: expect.stringMatching(/'closed'.*unreachable after 4 attempts.*ECONNREFUSED/) });
    expect(localState(local)).toEqual(before);
  }, 60_000);

  it('retries with backoff: a server that drops every connection sees each attempt', async () => {
    let connections = 0;
    const started: number[] = [];
    const dropper = net.createServer((socket) => {
      connections++;
      started.push(Date.now());
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    try {
      const remote = addRemote(local, 'dropping', `http://127.0.0.1:${(dropper.address() as net.AddressInfo).port}`);
      const version = await approvedVersion(local.registry, 'dropped', 0.1);
      const before = localState(local);
      await expect(pushVersion(local.registry, remote, { name: 'dropped', version, user: 'ana' })).rejects.toMatchObject({ message: expect.stringMatching(/'dropping'.*unreachable after 4 attempts/) });
      expect(connections).toBe(4);
      // Backoff: the attempts are spread out, not sent back to back.
      expect(started.at(-1)! - started[0]).toBeGreaterThan(0);
      expect(localState(local)).toEqual(before);
    } finally {
      await new Promise((resolve) => dropper.close(resolve));
    }
  }, 60_000);
});

describe('server stopped mid-upload', () => {
  it('fails the push with nothing visible to readers, and the next push after a restart resumes from the journal', async () => {
    const remote = addRemote(local, 'restart', s3.endpoint);
    const version = await approvedVersion(local.registry, 'interrupted', 2);
    let stopping: Promise<void> | undefined;
    const interrupted = pushVersion(local.registry, remote, {
      name: 'interrupted',
      version,
      user: 'ana',
      partSize,
      multipartThreshold: partSize,
      concurrency: 1,
      onProgress: (done) => {
        if (done >= 3 * partSize && !stopping) stopping = s3.stop();
      },
    });
    await expect(interrupted).rejects.toMatchObject({ message: expect.stringMatching(/S3 remote 'restart'.*unreachable after 4 attempts/) });
    await stopping;
    // The journal holds the parts that landed; no sync.push was recorded.
    const journal = local.workspace.db.prepare('SELECT parts FROM sync_uploads WHERE remote = ?').get('restart') as { parts: string };
    expect(JSON.parse(journal.parts).length).toBeGreaterThanOrEqual(3);
    expect(local.registry.audit.list({ entityType: 'model_version', entityId: `interrupted/${version}` }).entries.map((entry) => entry.action)).not.toContain('sync.push');

    await s3.start();
    expect((await remoteList(remote)).map((model) => model.name)).not.toContain('interrupted');
    const reader = await openSyncWorkspace(path.join(root, 'reader'), 'carl');
    try {
      const readerRemote = addRemote(reader, 'restart', s3.endpoint);
      await expect(pullVersion(reader.registry, readerRemote, { name: 'interrupted', version, user: 'carl' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });

      const resumed = await pushVersion(local.registry, remote, { name: 'interrupted', version, user: 'ana', partSize, multipartThreshold: partSize, concurrency: 1 });
      expect(resumed.status).toBe('pushed');
      // s3rver has no ListParts: the parts to keep come from the journal, each checked against its ETag.
      expect(resumed.resumed_parts).toBeGreaterThanOrEqual(3);
      expect(resumed.uploaded_bytes).toBeLessThan(versionDetail(local.registry, 'interrupted', version).version.size! - 2 * partSize);
      expect(local.workspace.db.prepare('SELECT COUNT(*) AS count FROM sync_uploads').get()).toEqual({ count: 0 });
      const pulled = await pullVersion(reader.registry, readerRemote, { name: 'interrupted', version, user: 'carl' });
      expect(pulled.sha256).toBe(versionDetail(local.registry, 'interrupted', version).version.sha256);
    } finally {
      await reader.close();
    }
  }, 120_000);
});

describe('missing or corrupt index.json on the remote', () => {
  let reader: SyncWorkspace;
  beforeAll(async () => {
    reader = await openSyncWorkspace(path.join(root, 'index-reader'), 'carl');
  });
  afterAll(async () => {
    await reader?.close();
  });

  const put = (key: string, body: string) => client.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: body }));

  it('treats a model folder without index.json as having no version: not listed, pull says so, nothing stored', async () => {
    const remote = addRemote(reader, 'no-index', s3.endpoint);
    await put('no-index/models/orphan/versions/1/model.onnx', 'not a finished version');
    await put('no-index/models/orphan/versions/1/checksums', '');
    const before = localState(reader);
    expect(await remoteList(remote)).toEqual([]);
    await expect(pullVersion(reader.registry, remote, { name: 'orphan', version: 1, user: 'carl' })).rejects.toMatchObject({
      code: 'RESOURCE_DOES_NOT_EXIST',
      message: "Remote 'no-index' has no version 1 of orphan (no such model there).",
    });
    expect(localState(reader)).toEqual(before);
    expect(reader.registry.store.findModel('orphan')).toBeUndefined();
  });

  it('rejects an index.json that is not JSON or not a model index, naming the object, in list and pull, storing nothing', async () => {
    const remote = addRemote(reader, 'corrupt', s3.endpoint);
    await put('corrupt/models/broken/index.json', '{"format": "mlwb-model-index", "versions": [');
    await put('corrupt/models/foreign/index.json', '{"hello": "world"}');
    const before = localState(reader);
    await expect(remoteList(remote)).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/s3:\/\/team-models\/corrupt\/models\/(broken\/index\.json is not JSON|foreign\/index\.json is not an ML Workbench model index)/) });
    await expect(pullVersion(reader.registry, remote, { name: 'broken', version: 1, user: 'carl' })).rejects.toMatchObject({
      code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringMatching(/^s3:\/\/team-models\/corrupt\/models\/broken\/index\.json is not JSON: /),
    });
    await expect(pullVersion(reader.registry, remote, { name: 'foreign', version: 1, user: 'carl' })).rejects.toMatchObject({
      message: 's3://team-models/corrupt/models/foreign/index.json is not an ML Workbench model index (format mlwb-model-index, version 1).',
    });
    expect(localState(reader)).toEqual(before);
    expect(reader.registry.store.findModel('broken')).toBeUndefined();
  });

  it('the CLI reports the corrupt index on remote list and pull and exits non-zero', async () => {
    const workspace = path.join(root, 'cli');
    const cli = await openSyncWorkspace(workspace, 'carl');
    addRemote(cli, 'corrupt', s3.endpoint);
    await cli.close();
    const run = (...args: string[]) => runCli([...args, '--workspace', workspace, '--json'], { ...credentials, MLWB_USER: 'carl' });
    const listed = await run('remote', 'list', '--from', 'corrupt');
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toMatch(/corrupt\/models\/(broken|foreign)\/index\.json is not/);
    const pulled = await run('pull', 'broken', '1', '--from', 'corrupt');
    expect(pulled.code).not.toBe(0);
    expect(pulled.stderr).toMatch(/corrupt\/models\/broken\/index\.json is not JSON/);
    expect(pulled.stdout).toBe('');
  }, 60_000);
});
