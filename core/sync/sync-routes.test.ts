// The sync routes through the core's real HTTP server (auth, body parsing, envelopes) with only
// the sync and job routes mounted, two workspaces and a real s3rver on loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../api/router.js';
import { createCoreServer } from '../api/server.js';
import { JobManager } from '../jobs/job-manager.js';
import { jobRoutes } from '../jobs/job-routes.js';
import { approvedVersion, bucketName, openSyncWorkspace, startS3rver, type S3Fixture, type SyncWorkspace } from './sync-fixture.js';
import { credentialPath, syncRoutes, transferProgress } from './sync-routes.js';

interface Side {
  workspace: SyncWorkspace;
  server: Server;
  base: string;
}

let s3: S3Fixture;
let root: string;
let source: Side;
let target: Side;

async function side(name: string, user: string): Promise<Side> {
  const workspace = await openSyncWorkspace(path.join(root, name), user);
  const jobs = new JobManager();
  const router = new Router();
  router.addAll([...jobRoutes(jobs), ...syncRoutes(workspace.registry, jobs)]);
  const server = createCoreServer({ router, token: 'secret', user });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { workspace, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function call(at: Side, method: string, route: string, body?: unknown) {
  const response = await fetch(`${at.base}${route}`, { method, headers: { Authorization: 'Bearer secret', 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : null) as any };
}

/** Polls GET /api/jobs/:id as the renderer does, until the job ends. */
async function settled(at: Side, id: string) {
  for (;;) {
    const { body } = await call(at, 'GET', `/api/jobs/${id}`);
    if (body.job.status !== 'running') return body.job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  s3 = await startS3rver();
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-sync-routes-'));
  source = await side('source', 'ana');
  target = await side('target', 'carl');
}, 60_000);

afterAll(async () => {
  for (const at of [source, target]) {
    if (!at) continue;
    await new Promise<void>((resolve) => at.server.close(() => resolve()));
    await at.workspace.close();
  }
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

describe('credentialPath', () => {
  it('finds fields named like secrets and values shaped like access keys', () => {
    expect(credentialPath({ name: 'team', s3: { bucket: 'b', prefix: 'p', endpoint: 'http://x', region: 'us-east-1', path_style: true } })).toBeNull();
    expect(credentialPath({ name: 'team', s3: { bucket: 'b', secret_access_key: 'x' } })).toBe('s3.secret_access_key');
    expect(credentialPath({ name: 'team', s3: { bucket: 'b', accessKeyId: 'x' } })).toBe('s3.accessKeyId');
    expect(credentialPath({ token: 't' })).toBe('token');
    expect(credentialPath({ name: 'team', s3: { bucket: 'b', prefix: 'AKIAABCDEFGHIJKLMNOP' } })).toBe('s3.prefix');
  });

  it('turns byte counts into job progress with a message', () => {
    const seen: Array<[number, string | undefined]> = [];
    const progress = transferProgress({ progress: (fraction, message) => seen.push([fraction, message]) }, 'Uploaded');
    progress(0, 0);
    progress(512 * 1024, 1024 * 1024);
    progress(1024 * 1024, 1024 * 1024);
    expect(seen).toEqual([
      [0.5, 'Uploaded 0.5 MB of 1.0 MB'],
      [0.99, 'Uploaded 1.0 MB of 1.0 MB'],
    ]);
  });
});

describe('sync routes', () => {
  it('adds, lists and removes remotes, refusing credentials and bad input with 400', async () => {
    const secret = await call(source, 'POST', '/api/remotes', { name: 'leaky', s3: { bucket: bucketName, prefix: 'shared', secret_access_key: 'S3RVER' } });
    expect(secret.status).toBe(400);
    expect(secret.body.error.message).toMatch(/never accepted/);
    expect((await call(source, 'POST', '/api/remotes', { name: 'bad', s3: { bucket: 'Not_A_Bucket' } })).status).toBe(400);
    expect((await call(source, 'POST', '/api/remotes', { name: 'bad' })).status).toBe(400);

    const added = await call(source, 'POST', '/api/remotes', { name: 'team', s3: { bucket: bucketName, prefix: '/shared/', endpoint: s3.endpoint, path_style: true } });
    expect(added.status).toBe(200);
    expect(added.body.remote).toMatchObject({ name: 'team', kind: 's3', created_by: 'ana', config: { bucket: bucketName, prefix: 'shared', endpoint: s3.endpoint, path_style: true, region: null } });
    expect((await call(source, 'POST', '/api/remotes', { name: 'team', s3: { bucket: bucketName } })).status).toBe(409);
    await call(source, 'POST', '/api/remotes', { name: 'spare', s3: { bucket: bucketName, prefix: 'other' } });
    expect((await call(source, 'GET', '/api/remotes')).body.remotes.map((remote: any) => remote.name)).toEqual(['spare', 'team']);
    expect((await call(source, 'DELETE', '/api/remotes/spare')).status).toBe(200);
    expect((await call(source, 'DELETE', '/api/remotes/spare')).status).toBe(404);
    expect((await call(source, 'GET', '/api/remotes')).body.remotes.map((remote: any) => remote.name)).toEqual(['team']);
  });

  it('pushes an approved version as a job, refuses an unapproved one, and pulls it into a second workspace', async () => {
    const draft = await approvedVersion(source.workspace.registry, 'draft', 0.1, false);
    const refused = await call(source, 'POST', `/api/models/draft/versions/${draft}/push`, { remote: 'team' });
    expect(refused.status).toBe(200);
    const refusedJob = await settled(source, refused.body.job.id);
    expect(refusedJob).toMatchObject({ status: 'failed', kind: 'push', error: expect.stringMatching(/not approved/) });
    expect((await call(source, 'POST', `/api/models/draft/versions/${draft}/push`, { remote: 'nowhere' })).status).toBe(404);

    const version = await approvedVersion(source.workspace.registry, 'churn', 0.2);
    const pushed = await call(source, 'POST', `/api/models/churn/versions/${version}/push`, { remote: 'team', aliases: ['champion'] });
    const pushJob = await settled(source, pushed.body.job.id);
    expect(pushJob).toMatchObject({ status: 'succeeded', fraction: 1, result: { status: 'pushed', name: 'churn', version, aliases: { champion: version } } });

    const listed = await call(source, 'GET', '/api/remotes/team/models');
    expect(listed.body.models).toEqual([expect.objectContaining({ name: 'churn', aliases: { champion: version }, versions: [expect.objectContaining({ version, local: true })] })]);

    await call(target, 'POST', '/api/remotes', { name: 'team', s3: { bucket: bucketName, prefix: 'shared', endpoint: s3.endpoint, path_style: true } });
    const before = await call(target, 'GET', '/api/remotes/team/models');
    expect(before.body.models[0].versions[0].local).toBe(false);
    const pulled = await call(target, 'POST', '/api/remotes/team/pull', { model: 'churn', version });
    const pullJob = await settled(target, pulled.body.job.id);
    expect(pullJob).toMatchObject({ status: 'succeeded', kind: 'pull', result: { status: 'pulled', name: 'churn' } });
    expect((await call(target, 'GET', '/api/remotes/team/models')).body.models[0].versions[0].local).toBe(true);
    expect((await call(target, 'POST', '/api/remotes/team/pull', { model: 'churn' })).status).toBe(400);
  }, 60_000);
});
