// Push, pull and list against a real team registry (`mlwb serve --team-registry`, in process on a
// loopback port) from two workspaces, with a publisher, a reader and an approver each holding a
// token of their own: approved versions only, resumable, idempotent, verified on the way back in,
// and every failure a clear error that leaves local state unchanged.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../api/router.js';
import { createCoreServer } from '../api/server.js';
import { JobManager } from '../jobs/job-manager.js';
import { jobRoutes } from '../jobs/job-routes.js';
import { createSession } from '../onnx/session.js';
import { versionDetail } from '../registry/registry-views.js';
import { startTeamRegistry, type RunningTeamRegistry } from '../team/team-server.js';
import { TeamRoles } from '../team/team-roles.js';
import { runCli } from '../testing/core-process.js';
import { UserTokens } from '../workspace/user-tokens.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { pulledGovernance, pullVersion, remoteList } from './pull.js';
import { pushVersion } from './push.js';
import { teamConfig } from './remote-store.js';
import { approvedVersion, openSyncWorkspace, type SyncWorkspace } from './sync-fixture.js';
import { syncRoutes } from './sync-routes.js';
import { TeamClient } from './team-client.js';

const chunkSize = 256 * 1024;
const tokens = {
  publisher: 'publisher-token-0123456789abcdef',
  reader: 'reader-token-0123456789abcdef',
  approver: 'approver-token-0123456789abcdef',
};
const tokenEnv = { publisher: 'MLWB_TEST_TEAM_PUBLISHER', reader: 'MLWB_TEST_TEAM_READER', approver: 'MLWB_TEST_TEAM_APPROVER' } as const;

let root: string;
let teamWorkspace: Workspace;
let team: RunningTeamRegistry;
let source: SyncWorkspace;
let target: SyncWorkspace;
let closedUrl: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-team-sync-'));
  teamWorkspace = await openWorkspace(path.join(root, 'team'), { user: 'admin', poolSize: 1 });
  team = await startTeamRegistry({ workspace: teamWorkspace, port: 0 });
  const roles = new TeamRoles(teamWorkspace.db);
  const userTokens = new UserTokens(teamWorkspace.db);
  for (const [user, role] of [['ana', 'publisher'], ['rita', 'reader'], ['ben', 'approver']] as const) {
    roles.grant(user, role, 'admin');
    userTokens.add(user, 'admin', tokens[role]);
    process.env[tokenEnv[role]] = tokens[role];
  }
  source = await openSyncWorkspace(path.join(root, 'source'), 'ana');
  target = await openSyncWorkspace(path.join(root, 'target'), 'carl');
  const addTeam = (at: SyncWorkspace, name: string, role: keyof typeof tokenEnv, url = team.url) => at.remotes.add(name, { kind: 'team', config: teamConfig({ url, tokenEnv: tokenEnv[role] }) }, at.workspace.user);
  addTeam(source, 'team', 'publisher');
  addTeam(source, 'team-approver', 'approver');
  addTeam(source, 'team-reader', 'reader');
  addTeam(target, 'team', 'reader');
  // A port that was just free: nothing listens there.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  addTeam(source, 'closed', 'publisher', closedUrl);
  addTeam(target, 'closed', 'reader', closedUrl);
}, 60_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  await team?.close();
  await teamWorkspace?.close();
  await rm(root, { recursive: true, force: true });
});

const teamIndex = (name: string) => new TeamClient('check', team.url, async () => team.token).index(name);
const counts = (at: SyncWorkspace) => at.workspace.db.prepare('SELECT (SELECT COUNT(*) FROM model_versions) AS versions, (SELECT COUNT(*) FROM artifact_files) AS files, (SELECT COUNT(*) FROM audit_log) AS audit').get();

describe('push to a team registry', () => {
  it('refuses a version that is not approved before any request', async () => {
    const version = await approvedVersion(source.registry, 'draft', 0.1, false);
    // Against a closed port too: the refusal comes before the registry is ever contacted.
    for (const remote of ['team', 'closed']) {
      await expect(pushVersion(source.registry, source.remotes.get(remote), { name: 'draft', version, user: 'ana' })).rejects.toMatchObject({
        code: 'RESOURCE_CONFLICT',
        message: expect.stringMatching(/not approved under the current policy/),
      });
    }
    expect((await teamIndex('draft')).versions).toEqual([]);
  });

  it('uploads an approved version in chunks and publishes it; a second push does nothing', async () => {
    const version = await approvedVersion(source.registry, 'churn', 1);
    const progress: Array<[number, number]> = [];
    const pushed = await pushVersion(source.registry, source.remotes.get('team'), { name: 'churn', version, user: 'ana', partSize: chunkSize, onProgress: (done, total) => progress.push([done, total]) });
    const local = versionDetail(source.registry, 'churn', version).version;
    expect(pushed).toMatchObject({ status: 'pushed', name: 'churn', version, sha256: local.sha256, location: `${team.url}/api/team/v1/models/churn/versions/${version}` });
    expect(pushed.uploaded_files).toContain('model.onnx');
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toEqual([local.size, local.size]);
    expect(await teamIndex('churn')).toMatchObject({ name: 'churn', versions: [{ version, sha256: local.sha256, pushed_by: 'ana', source_workspace: { user: 'ana' } }] });
    expect(source.registry.audit.list({ entityType: 'model_version', entityId: `churn/${version}` }).entries[0]).toMatchObject({ action: 'sync.push', actor: 'ana' });

    const again = await pushVersion(source.registry, source.remotes.get('team'), { name: 'churn', version, user: 'ana', partSize: chunkSize });
    expect(again).toMatchObject({ status: 'unchanged', uploaded_bytes: 0, message: expect.stringMatching(/identical checksums; nothing to do/) });

    // Moving an alias needs the approver role: the reader and the publisher are told so.
    await expect(pushVersion(source.registry, source.remotes.get('team-reader'), { name: 'churn', version, user: 'ana', aliases: ['champion'] })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(/registry 'team-reader'.*reader/),
    });
    const promoted = await pushVersion(source.registry, source.remotes.get('team-approver'), { name: 'churn', version, user: 'ana', aliases: ['champion'] });
    expect(promoted.aliases).toEqual({ champion: version });
    expect((await teamIndex('churn')).aliases).toEqual({ champion: version });
  });

  it('refuses a reader with a 403 naming the role, and uploads nothing', async () => {
    const version = await approvedVersion(source.registry, 'readers', 0.13);
    await expect(pushVersion(source.registry, source.remotes.get('team-reader'), { name: 'readers', version, user: 'ana' })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(/reader/),
    });
    expect((await teamIndex('readers')).versions).toEqual([]);
    // A publisher asking for an alias is told before any byte goes up.
    await expect(pushVersion(source.registry, source.remotes.get('team'), { name: 'readers', version, user: 'ana', aliases: ['champion'] })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(/'ana' has the publisher role there; pushing with aliases \(champion\) needs approver/),
    });
    const sha256 = versionDetail(source.registry, 'readers', version).version.sha256!;
    expect(await new TeamClient('check', team.url, async () => team.token).upload(sha256)).toMatchObject({ received: 0, complete: false });
  });

  it('resumes an interrupted upload, sending fewer bytes, with no half-pushed version visible meanwhile', async () => {
    const version = await approvedVersion(source.registry, 'big', 1.5);
    const size = versionDetail(source.registry, 'big', version).version.size!;
    const controller = new AbortController();
    const interrupted = pushVersion(source.registry, source.remotes.get('team'), {
      name: 'big',
      version,
      user: 'ana',
      partSize: chunkSize,
      signal: controller.signal,
      onProgress: (done) => done >= chunkSize && controller.abort(),
    });
    await expect(interrupted).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await remoteList(source.remotes.get('team'))).map((model) => model.name)).not.toContain('big');
    expect((await teamIndex('big')).versions).toEqual([]);

    const resumed = await pushVersion(source.registry, source.remotes.get('team'), { name: 'big', version, user: 'ana', partSize: chunkSize });
    expect(resumed).toMatchObject({ status: 'pushed', resumed_parts: 1 });
    expect(resumed.uploaded_bytes).toBeLessThan(size);
    const pulled = await pullVersion(target.registry, target.remotes.get('team'), { name: 'big', version, as: 'team-big', user: 'carl' });
    expect(pulled.sha256).toBe(versionDetail(source.registry, 'big', version).version.sha256);
  });

  it('gives up on an unreachable registry after the retries, recording nothing', async () => {
    const version = await approvedVersion(source.registry, 'offline', 0.14);
    const before = counts(source);
    await expect(pushVersion(source.registry, source.remotes.get('closed'), { name: 'offline', version, user: 'ana' })).rejects.toMatchObject({
      message: expect.stringMatching(/Team registry 'closed' \(http:\/\/127\.0\.0\.1:\d+\) is unreachable after 4 attempts.*ECONNREFUSED/),
    });
    expect(counts(source)).toEqual(before);
  });

  it('names the variable when the token is missing, and says the token was rejected when it is wrong', async () => {
    source.remotes.add('unset', { kind: 'team', config: teamConfig({ url: team.url, tokenEnv: 'MLWB_TEST_TEAM_UNSET' }) }, 'ana');
    await expect(remoteList(source.remotes.get('unset'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/team registry 'unset'.*MLWB_TEST_TEAM_UNSET is not set/) });
    const file = path.join(root, 'wrong.token');
    await writeFile(file, 'not-a-token-of-this-registry\n');
    source.remotes.add('wrong', { kind: 'team', config: teamConfig({ url: team.url, tokenFile: file }) }, 'ana');
    await expect(remoteList(source.remotes.get('wrong'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining(`Token rejected by team registry 'wrong' (${team.url})`) });
  });
});

describe('pull from a team registry', () => {
  it('lists the registry and pulls a version with its provenance and governance record; a second pull does nothing', async () => {
    const listed = await remoteList(target.remotes.get('team'));
    expect(listed.find((model) => model.name === 'churn')).toMatchObject({ versions: [{ version: 1, pushed_by: 'ana' }], aliases: { champion: 1 } });

    const pulled = await pullVersion(target.registry, target.remotes.get('team'), { name: 'churn', version: 1, user: 'carl' });
    expect(pulled).toMatchObject({ status: 'pulled', name: 'churn', version: 1, remote_approval: expect.stringMatching(/^approved under policy version 1/) });
    const detail = versionDetail(target.registry, 'churn', 1);
    expect(detail.version.sha256).toBe(versionDetail(source.registry, 'churn', 1).version.sha256);
    expect(detail.version.tags).toMatchObject({
      'mlwb.provenance.source': `${team.url}/api/team/v1/models/churn/versions/1`,
      'mlwb.provenance.remote': 'team',
      'mlwb.provenance.pulled_by': 'carl',
      'mlwb.provenance.remote_version': '1',
    });
    const governance = await pulledGovernance(target.registry, 'churn', 1);
    expect(governance).toMatchObject({ approval: { state: 'approved' }, review: { decided_by: 'ben', comment: 'Looks right.' } });
    expect(target.registry.audit.list({ entityType: 'model_version', entityId: 'churn/1' }).entries[0]).toMatchObject({ action: 'sync.pull', actor: 'carl' });

    const again = await pullVersion(target.registry, target.remotes.get('team'), { name: 'churn', version: 1, user: 'carl' });
    expect(again.status).toBe('unchanged');

    // Done: the pulled model runs here. One row through onnxruntime from the pulled artifact.
    const session = await createSession(await readFile(target.workspace.artifacts.objectPath(detail.version.sha256!)));
    const input = session.inputNames[0];
    const outputs = await session.run({ [input]: new ort.Tensor('float32', new Float32Array(1024).fill(0.5), [1, 1024]) });
    const scores = outputs[session.outputNames[0]];
    expect(scores.dims[0]).toBe(1);
    expect(Number.isFinite((scores.data as Float32Array)[0])).toBe(true);
  });

  it('refuses a same-named local model of another origin unless pulled under another name', async () => {
    const version = await approvedVersion(source.registry, 'clash', 0.16);
    await pushVersion(source.registry, source.remotes.get('team'), { name: 'clash', version, user: 'ana' });
    await approvedVersion(target.registry, 'clash', 0.17, false);
    await expect(pullVersion(target.registry, target.remotes.get('team'), { name: 'clash', version, user: 'carl' })).rejects.toMatchObject({ message: expect.stringMatching(/local model named 'clash'.*--as NEW_NAME/) });
    const renamed = await pullVersion(target.registry, target.remotes.get('team'), { name: 'clash', version, as: 'team-clash', user: 'carl' });
    expect(renamed).toMatchObject({ status: 'pulled', name: 'team-clash', version: 1 });
  });

  it('rejects a document changed on the registry, naming the file, and stores nothing', async () => {
    const version = await approvedVersion(source.registry, 'tampered', 0.2);
    await pushVersion(source.registry, source.remotes.get('team'), { name: 'tampered', version, user: 'ana' });
    const stored = teamWorkspace.db.prepare('SELECT sha256 FROM artifact_files WHERE path = ?').get(`team/tampered/v${version}/governance.json`) as { sha256: string };
    const object = teamWorkspace.artifacts.objectPath(stored.sha256);
    const bytes = await readFile(object);
    bytes[bytes.length - 2] ^= 0x01;
    await chmod(object, 0o644);
    await writeFile(object, bytes);
    const before = counts(target);
    await expect(pullVersion(target.registry, target.remotes.get('team'), { name: 'tampered', version, user: 'carl' })).rejects.toMatchObject({
      code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringMatching(/versions\/1\/governance\.json has sha256 .* but checksums say .*Rejected, nothing stored/),
    });
    expect(counts(target)).toEqual(before);
    expect(target.registry.store.findModel('tampered')).toBeUndefined();
  });

  it('gives up on an unreachable registry after the retries, storing nothing', async () => {
    const before = counts(target);
    await expect(pullVersion(target.registry, target.remotes.get('closed'), { name: 'churn', version: 1, as: 'offline', user: 'carl' })).rejects.toMatchObject({
      message: expect.stringMatching(/'closed'.*unreachable after 4 attempts.*ECONNREFUSED/),
    });
    await expect(remoteList(target.remotes.get('closed'))).rejects.toMatchObject({ message: expect.stringMatching(/unreachable after 4 attempts/) });
    expect(counts(target)).toEqual(before);
  });
});

describe('team remotes over HTTP and the CLI', () => {
  it('accepts a token only as team.token, checks the registry, and lists its models against local', async () => {
    const jobs = new JobManager();
    const router = new Router();
    router.addAll([...jobRoutes(jobs), ...syncRoutes(target.registry, jobs)]);
    const server: Server = createCoreServer({ router, token: 'secret', user: 'carl' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${base}${route}`, { method, headers: { Authorization: 'Bearer secret', 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as any };
    };
    try {
      const leaky = await call('POST', '/api/remotes', { name: 'leaky', team: { url: team.url, token: tokens.reader, api_key: 'x' } });
      expect(leaky.status).toBe(400);
      expect(leaky.body.error.message).toMatch(/never accepted.*team\.api_key/);
      expect((await call('POST', '/api/remotes', { name: 'leaky', s3: { bucket: 'team-models', token: tokens.reader } })).status).toBe(400);
      const offline = await call('POST', '/api/remotes', { name: 'offline', team: { url: closedUrl, token: tokens.reader } });
      expect(offline.body.error.message).toMatch(/unreachable after 4 attempts/);

      const added = await call('POST', '/api/remotes', { name: 'shared', team: { url: team.url, token: tokens.reader } });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ remote: { name: 'shared', kind: 'team', config: { url: team.url, token_env: null } }, whoami: { user: 'rita', role: 'reader' } });
      const tokenFile = added.body.remote.config.token_file as string;
      expect(tokenFile).toBe(path.join(target.workspace.paths.root, 'secrets', 'remotes', 'shared.token'));
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      expect(target.remotes.list().map((remote) => remote.name)).not.toContain('offline');

      const listed = await call('GET', '/api/remotes/shared/models');
      const churn = listed.body.models.find((model: any) => model.name === 'churn');
      expect(churn.versions[0]).toMatchObject({ version: 1, local: true, local_versions: [{ name: 'churn', version: 1 }] });
      expect(churn.local_only).toEqual([]);
      const clash = listed.body.models.find((model: any) => model.name === 'clash');
      expect(clash.local_only).toEqual([expect.objectContaining({ version: 1, approval: 'not_submitted' })]);

      expect((await call('DELETE', '/api/remotes/shared')).status).toBe(200);
      await expect(stat(tokenFile)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('mlwb remotes add --token keeps the token in a 0600 file, never in the database, and the remote works', async () => {
    const workspace = path.join(root, 'cli');
    const cli = (...args: string[]) => runCli([...args, '--workspace', workspace, '--json'], { MLWB_USER: 'dora' });
    const added = await cli('remotes', 'add', 'reg', '--url', team.url, '--token', tokens.reader);
    expect(added.code, added.stderr).toBe(0);
    const remote = JSON.parse(added.stdout);
    expect(remote).toMatchObject({ name: 'reg', kind: 'team', config: { url: team.url, token_env: null, token_file: path.join(workspace, 'secrets', 'remotes', 'reg.token') }, whoami: { user: 'rita', role: 'reader' } });
    expect((await stat(remote.config.token_file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(remote.config.token_file))).mode & 0o777).toBe(0o700);
    expect((await readFile(remote.config.token_file, 'utf8')).trim()).toBe(tokens.reader);
    for (const file of ['workbench.db', 'workbench.db-wal']) {
      const bytes = await readFile(path.join(workspace, file)).catch(() => Buffer.alloc(0));
      expect(bytes.includes(tokens.reader)).toBe(false);
    }

    const remotes = JSON.parse((await cli('remotes', 'list')).stdout).remotes;
    expect(remotes).toMatchObject([{ name: 'reg', kind: 'team', config: { url: team.url } }]);
    const listed = await cli('remote', 'list', '--from', 'reg');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).models).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'churn', versions: [expect.objectContaining({ version: 1, local: false })] })]));
    const pulled = await cli('pull', 'churn', '1', '--from', 'reg');
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ status: 'pulled', name: 'churn', version: 1 });

    const unreachable = await cli('remotes', 'add', 'gone', '--url', closedUrl, '--token', tokens.reader);
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toMatch(/unreachable after 4 attempts/);
    await expect(stat(path.join(workspace, 'secrets', 'remotes', 'gone.token'))).rejects.toMatchObject({ code: 'ENOENT' });

    const removed = await cli('remotes', 'remove', 'reg');
    expect(removed.code, removed.stderr).toBe(0);
    await expect(stat(remote.config.token_file)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);
});
