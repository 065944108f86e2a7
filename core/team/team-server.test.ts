// The team registry over real HTTP on loopback with real SQLite: an approved version built in a
// separate workspace is uploaded in chunks (resumed, refused at a wrong offset, refused when the
// bytes do not match), published, read back through the index and files, guarded by roles, and
// its aliases seen by MLflow's registry reads.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamApiBase, type TeamPushRequest } from '../api/team-contract.js';
import { checksumsText, sha256Hex } from '../sync/layout.js';
import { approvedVersion, openSyncWorkspace, type SyncWorkspace } from '../sync/sync-fixture.js';
import { versionBundle } from '../sync/version-bundle.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { startTeamRegistry } from './team-server.js';
import { TeamUploads } from './team-uploads.js';

let root: string;
let teamWorkspace: Workspace;
let team: Awaited<ReturnType<typeof startTeamRegistry>>;
let source: SyncWorkspace;
let other: SyncWorkspace;
let push: TeamPushRequest;
let otherPush: TeamPushRequest;
let model: Buffer;
const tokens: Record<string, string> = {};

async function call(token: string | undefined, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const raw = Buffer.isBuffer(body);
  const response = await fetch(`${team.url}${route.startsWith('/api/2.0') || route.startsWith('/health') ? route : `${teamApiBase}${route}`}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': raw ? 'application/octet-stream' : 'application/json' }), ...headers },
    body: body === undefined ? undefined : raw ? (body as Buffer) : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  let json: any;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: response.status, body: json, bytes, headers: response.headers };
}

function chunk(token: string, sha256: string, bytes: Buffer, start: number, end: number, total = bytes.length) {
  return call(token, 'PUT', `/uploads/${sha256}`, bytes.subarray(start, end + 1), { 'Content-Range': `bytes ${start}-${end}/${total}` });
}

async function pushRequest(workspace: SyncWorkspace, name: string, version: number): Promise<TeamPushRequest> {
  const bundle = versionBundle(workspace.registry, name, version);
  return {
    version,
    sha256: bundle.sha256,
    size: bundle.size,
    documents: Object.fromEntries(Object.entries(bundle.documents).map(([file, bytes]) => [file, bytes.toString('utf8')])),
    checksums: checksumsText(bundle.digests),
    policy_version: bundle.policyVersion,
    source_workspace: { id: `ws-${workspace.workspace.user}`, host: 'laptop', user: workspace.workspace.user },
    aliases: [],
  };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-team-'));
  teamWorkspace = await openWorkspace(path.join(root, 'team'), { user: 'tess', poolSize: 1 });
  team = await startTeamRegistry({ workspace: teamWorkspace, port: 0 });
  tokens.tess = team.token;
  source = await openSyncWorkspace(path.join(root, 'source'), 'ana');
  other = await openSyncWorkspace(path.join(root, 'other'), 'olaf');
  await approvedVersion(source.registry, 'churn', 1);
  await approvedVersion(other.registry, 'churn', 2);
  push = await pushRequest(source, 'churn', 1);
  otherPush = await pushRequest(other, 'churn', 1);
  model = await readFile(source.workspace.artifacts.objectPath(push.sha256));
}, 180_000);

afterAll(async () => {
  await team?.close();
  await teamWorkspace?.close();
  await source?.close();
  await other?.close();
  await rm(root, { recursive: true, force: true });
});

describe('team registry server', () => {
  it('answers health without a token, 401 without one on the API, and writes server.json 0600', async () => {
    expect((await call(undefined, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    const anonymous = await call(undefined, 'GET', '/whoami');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect((await call('not-a-token-of-this-server', 'GET', '/models')).status).toBe(401);
    const info = JSON.parse(await readFile(path.join(root, 'team', 'server.json'), 'utf8'));
    expect(info).toMatchObject({ url: team.url, token: team.token, user: 'tess', mode: 'team-registry', pid: process.pid });
    expect((await stat(path.join(root, 'team', 'server.json'))).mode & 0o777).toBe(0o600);
    expect((await call(team.token, 'GET', '/whoami')).body).toMatchObject({ user: 'tess', role: 'admin', server: { version: expect.any(String) } });
  });

  it('lets the admin add users with roles, re-role and remove them, all audited', async () => {
    for (const [user, role] of [['carol', 'reader'], ['pete', 'publisher'], ['alice', 'approver'], ['dave', 'reader']] as const) {
      const added = await call(tokens.tess, 'POST', '/users', { user, role });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ user, role, token: expect.any(String) });
      tokens[user] = added.body.token;
    }
    expect((await call(tokens.pete, 'GET', '/whoami')).body).toMatchObject({ user: 'pete', role: 'publisher' });
    const denied = await call(tokens.alice, 'GET', '/users');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain("User 'alice' has the approver role on this team registry; managing users needs admin or above.");
    const badRole = await call(tokens.tess, 'POST', '/users', { user: 'eve', role: 'owner' });
    expect(badRole.status).toBe(400);
    expect((await call(tokens.tess, 'PUT', '/users/dave', { role: 'publisher' })).body).toMatchObject({ user: 'dave', role: 'publisher', tokens: 1 });
    expect((await call(tokens.dave, 'GET', '/whoami')).body.role).toBe('publisher');
    expect((await call(tokens.tess, 'DELETE', '/users/dave')).status).toBe(200);
    expect((await call(tokens.dave, 'GET', '/whoami')).status).toBe(401);
    expect((await call(tokens.tess, 'DELETE', '/users/dave')).status).toBe(404);
    const users = (await call(tokens.tess, 'GET', '/users')).body.users;
    expect(users.map((user: { user: string; role: string }) => `${user.user}:${user.role}`)).toEqual(['alice:approver', 'carol:reader', 'pete:publisher']);
  });

  it('uploads in chunks, resumes from what it holds, and refuses a wrong offset or a missing Content-Range', async () => {
    const sha = push.sha256;
    const third = Math.floor(model.length / 3);
    expect((await call(tokens.pete, 'GET', `/uploads/${sha}`)).body).toEqual({ sha256: sha, received: 0, size: null, complete: false });
    expect((await call(tokens.carol, 'GET', `/uploads/${sha}`)).status).toBe(403);
    const noRange = await call(tokens.pete, 'PUT', `/uploads/${sha}`, model.subarray(0, 10));
    expect(noRange.status).toBe(400);
    expect(noRange.body.error.message).toContain('Content-Range');
    const first = await chunk(tokens.pete, sha, model, 0, third - 1);
    expect(first.body).toEqual({ sha256: sha, received: third, size: model.length, complete: false });
    // The push was interrupted: the client asks where to resume.
    const resumed = await call(tokens.pete, 'GET', `/uploads/${sha}`);
    expect(resumed.body).toEqual({ sha256: sha, received: third, size: model.length, complete: false });
    const wrongStart = await chunk(tokens.pete, sha, model, 0, third - 1);
    expect(wrongStart.status).toBe(409);
    expect(wrongStart.body.error).toMatchObject({ code: 'RESOURCE_CONFLICT', details: { received: third } });
    expect((await chunk(tokens.pete, sha, model, third, 2 * third - 1)).body.received).toBe(2 * third);
    const last = await chunk(tokens.pete, sha, model, 2 * third, model.length - 1);
    expect(last.body).toEqual({ sha256: sha, received: model.length, size: model.length, complete: true });
  });

  it('discards an upload whose bytes do not match its sha256', async () => {
    const wrong = sha256Hex('something else');
    const upload = await chunk(tokens.pete, wrong, model, 0, 999, 1000);
    expect(upload.status).toBe(400);
    expect(upload.body.error.message).toContain(`not ${wrong}`);
    expect((await call(tokens.pete, 'GET', `/uploads/${wrong}`)).body).toMatchObject({ received: 0, complete: false });
  });

  it('drops the staged bytes of uploads abandoned for longer than the limit, keeping recent ones', async () => {
    const uploads = new TeamUploads(teamWorkspace);
    const [abandoned, recent] = [sha256Hex('abandoned'), sha256Hex('recent')];
    expect((await chunk(tokens.pete, abandoned, model, 0, 99, 1000)).status).toBe(200);
    expect((await chunk(tokens.pete, recent, model, 0, 99, 1000)).status).toBe(200);
    const old = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    await utimes(uploads.partFile(abandoned), old, old);
    expect(await uploads.forgetStale(7 * 24 * 3600 * 1000)).toEqual([abandoned]);
    expect((await call(tokens.pete, 'GET', `/uploads/${abandoned}`)).body).toMatchObject({ received: 0, size: null });
    expect((await call(tokens.pete, 'GET', `/uploads/${recent}`)).body).toMatchObject({ received: 100, size: 1000 });
  });

  it('refuses pushes by role and tampered documents naming the file', async () => {
    const reader = await call(tokens.carol, 'POST', '/models/churn/versions', push);
    expect(reader.status).toBe(403);
    expect(reader.body.error.message).toBe("User 'carol' has the reader role on this team registry; pushing a version needs publisher or above.");
    const withAlias = await call(tokens.pete, 'POST', '/models/churn/versions', { ...push, aliases: ['champion'] });
    expect(withAlias.status).toBe(403);
    expect(withAlias.body.error.message).toContain("User 'pete' has the publisher role");
    expect(withAlias.body.error.message).toContain('needs approver or above');
    const tampered = await call(tokens.pete, 'POST', '/models/churn/versions', { ...push, documents: { ...push.documents, 'model-card.md': `${push.documents['model-card.md']}\nEdited.\n` } });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.message).toContain('model-card.md');
    expect(tampered.body.error.details).toMatchObject({ file: 'model-card.md' });
    expect((await call(tokens.pete, 'GET', '/models/churn/index')).body.versions).toEqual([]);
  });

  it('publishes the version under its own number, then serves index, models and files', async () => {
    const pushed = await call(tokens.pete, 'POST', '/models/churn/versions', push);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toEqual({ status: 'pushed', name: 'churn', version: 1, sha256: push.sha256, aliases: {}, location: `${team.url}${teamApiBase}/models/churn/versions/1` });
    expect(existsSync(path.join(root, 'team', 'team-uploads', `${push.sha256}.part`))).toBe(false);

    const index = (await call(tokens.carol, 'GET', '/models/churn/index')).body;
    expect(index).toEqual({
      format: 'mlwb-model-index',
      format_version: 1,
      name: 'churn',
      versions: [
        {
          version: 1,
          sha256: push.sha256,
          size: model.length,
          checksums_sha256: sha256Hex(push.checksums),
          pushed_time: expect.any(String),
          pushed_by: 'pete',
          source_workspace: push.source_workspace,
          policy_version: push.policy_version,
        },
      ],
      aliases: {},
      updated_time: expect.any(String),
    });
    expect((await call(tokens.carol, 'GET', '/models')).body).toEqual({ models: [{ name: 'churn', versions: index.versions, aliases: {} }] });
    expect((await call(tokens.carol, 'GET', '/models/unknown/index')).body).toMatchObject({ name: 'unknown', versions: [], aliases: {} });

    const onnx = await call(tokens.carol, 'GET', '/models/churn/versions/1/files/model.onnx');
    expect(onnx.headers.get('content-type')).toBe('application/octet-stream');
    expect(Number(onnx.headers.get('content-length'))).toBe(model.length);
    expect(createHash('sha256').update(onnx.bytes).digest('hex')).toBe(push.sha256);
    const checksums = await call(tokens.carol, 'GET', '/models/churn/versions/1/files/checksums');
    expect(checksums.bytes.toString('utf8')).toBe(push.checksums);
    const card = await call(tokens.carol, 'GET', '/models/churn/versions/1/files/model-card.html');
    expect(card.headers.get('content-type')).toContain('text/html');
    expect(card.bytes.toString('utf8')).toBe(push.documents['model-card.html']);
    expect((await call(tokens.carol, 'GET', '/models/churn/versions/1/files/secrets.txt')).status).toBe(404);
    expect((await call(tokens.carol, 'GET', '/models/churn/versions/2/files/model.onnx')).status).toBe(404);
    // The version is a registry version of its own: MLflow's reads find it under the same number.
    const mlflow = await call(tokens.carol, 'GET', '/api/2.0/mlflow/model-versions/get?name=churn&version=1');
    expect(mlflow.body.model_version).toMatchObject({ name: 'churn', version: '1', status: 'READY' });
  });

  it('answers unchanged for the same push and 409 naming both digests for another model under the same number', async () => {
    const again = await call(tokens.pete, 'POST', '/models/churn/versions', push);
    expect(again.body.status).toBe('unchanged');
    const clash = await call(tokens.pete, 'POST', '/models/churn/versions', otherPush);
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(clash.body.error.message).toContain(push.sha256);
    expect(clash.body.error.message).toContain(otherPush.sha256);
  });

  it('refuses a model that fails the scan and stores nothing of it', async () => {
    const junk = Buffer.from('this is not an ONNX model at all, whatever its documents say\n'.repeat(100));
    const sha = sha256Hex(junk);
    expect((await chunk(tokens.pete, sha, junk, 0, junk.length - 1)).body.complete).toBe(true);
    const documents = Object.fromEntries(Object.entries(push.documents).map(([file, text]) => [file, text.replaceAll(push.sha256, sha)]));
    const digests: Record<string, string> = { 'model.onnx': sha };
    for (const [file, text] of Object.entries(documents)) digests[file] = sha256Hex(text);
    const refused = await call(tokens.pete, 'POST', '/models/churn/versions', { ...push, version: 7, sha256: sha, size: junk.length, documents, checksums: checksumsText(digests) });
    expect(refused.status).toBe(400);
    expect((await call(tokens.carol, 'GET', '/models/churn/index')).body.versions.map((entry: { version: number }) => entry.version)).toEqual([1]);
    expect((await call(tokens.carol, 'GET', '/api/2.0/mlflow/model-versions/get?name=churn&version=7')).status).toBe(404);
  });

  it('lets an approver move aliases, which MLflow registry reads see; MLflow writes are not served', async () => {
    const publisher = await call(tokens.pete, 'PUT', '/models/churn/aliases/champion', { version: 1 });
    expect(publisher.status).toBe(403);
    const set = await call(tokens.alice, 'PUT', '/models/churn/aliases/champion', { version: 1 });
    expect(set.body).toEqual({ name: 'churn', aliases: { champion: 1 } });
    const withAliases = await call(tokens.alice, 'POST', '/models/churn/versions', { ...push, aliases: ['production'] });
    expect(withAliases.body).toMatchObject({ status: 'unchanged', aliases: { champion: 1, production: 1 } });
    expect((await call(tokens.carol, 'GET', '/models/churn/index')).body.aliases).toEqual({ champion: 1, production: 1 });
    const alias = await call(tokens.carol, 'GET', '/api/2.0/mlflow/registered-models/alias?name=churn&alias=champion');
    expect(alias.status).toBe(200);
    expect(alias.body.model_version).toMatchObject({ name: 'churn', version: '1', aliases: ['champion', 'production'] });
    const write = await call(tokens.tess, 'POST', '/api/2.0/mlflow/registered-models/alias', { name: 'churn', alias: 'x', version: '1' });
    expect([404, 405]).toContain(write.status);
    expect((await call(tokens.tess, 'POST', '/api/2.0/mlflow/registered-models/create', { name: 'other' })).status).toBe(404);
    expect((await call(tokens.alice, 'DELETE', '/models/churn/aliases/production')).body).toEqual({ name: 'churn', aliases: { champion: 1 } });
  });

  it('keeps an audit log the admin can read and verify', async () => {
    expect((await call(tokens.pete, 'GET', '/audit')).status).toBe(403);
    const entries = (await call(tokens.tess, 'GET', '/audit?limit=200')).body.entries as Array<{ action: string; actor: string }>;
    const actions = entries.map((entry) => `${entry.action}:${entry.actor}`);
    expect(actions).toEqual(expect.arrayContaining(['team.push:pete', 'team.pull:carol', 'team.alias_set:alice', 'team.alias_delete:alice', 'team.user_add:tess', 'team.user_role:tess', 'team.user_remove:tess']));
    expect((await call(tokens.tess, 'GET', '/audit/verify')).body).toMatchObject({ ok: true, first_bad: null });
  });
});
