// The routes through the core's real HTTP server (auth, body parsing, envelopes), without the
// rest of the app: a Router holding only featureRoutes.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../api/router.js';
import { createCoreServer } from '../api/server.js';
import { JobManager } from '../jobs/job-manager.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { churnRepoFixture, type ChurnRepoFixture } from './churn-repo-fixture.js';
import { featureRoutes } from './feature-routes.js';
import { FeatureService } from './feature-service.js';

let fixture: ChurnRepoFixture;
let workspace: Workspace;
let server: Server;
let base: string;
const jobs = new JobManager();

async function call(method: string, route: string, body?: unknown, token = 'secret') {
  const response = await fetch(`${base}${route}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

async function finished(jobId: string) {
  const summary = await jobs.wait(jobId);
  expect(summary.error).toBeNull();
  return summary;
}

beforeAll(async () => {
  fixture = churnRepoFixture(100);
  workspace = await openWorkspace(path.join(fixture.root, 'workspace'), { user: 'owner', poolSize: 1 });
  const router = new Router();
  router.addAll(featureRoutes(new FeatureService(workspace), jobs));
  server = createCoreServer({ router, token: 'secret', user: 'owner' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await workspace.close();
});

describe('feature routes', () => {
  it('reports no repo before the first apply, and Feast errors as {"detail"}', async () => {
    expect((await call('GET', '/api/features')).body).toMatchObject({ version: null, feature_views: [] });
    const online = await call('POST', '/get-online-features', { features: ['customer_profile:region'], entities: { customer_id: ['C000001'] } });
    expect(online).toEqual({ status: 404, body: { detail: expect.stringMatching(/No feature repo has been applied/) } });
    expect((await call('GET', '/api/features', undefined, 'wrong')).status).toBe(401);
  });

  it('plans and applies a repo folder, then lists it with its versions', async () => {
    const plan = await call('POST', '/api/features/plan', { repo_path: fixture.repoDir });
    expect(plan.body).toMatchObject({ current_version: null, plan: { hasChanges: true } });
    expect(plan.body.lines).toContain('Created feature service churn_model');
    expect((await call('POST', '/api/features/apply', { repo_path: fixture.repoDir })).body).toMatchObject({ applied: true, version: 1 });
    const repo = await call('GET', '/api/features');
    expect(repo.body).toMatchObject({ version: { version: 1, applied_by: 'owner' }, project: 'churn' });
    expect(repo.body.feature_views.map((view: { name: string; online_rows: number }) => [view.name, view.online_rows])).toEqual([['customer_activity', 0], ['customer_profile', 0]]);
    expect((await call('GET', '/api/features/versions')).body.versions).toHaveLength(1);
    const missing = await call('POST', '/api/features/apply', { repo_path: path.join(fixture.root, 'nowhere') });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/does not exist/) } } });
  });

  it('runs historical retrieval as a job that saves a dataset with a preview', async () => {
    const [first] = fixture.rows;
    const file = fixture.entityFile('entities.csv', [{ customer_id: first.customer_id, event_timestamp: first.event_timestamp, label: 1 }]);
    const started = await call('POST', '/api/features/historical', { entity_file: file, feature_service: 'churn_model', full_feature_names: true, save_as: 'churn_train' });
    expect(started.body.job).toMatchObject({ kind: 'features.historical', status: 'running' });
    const { result } = await finished(started.body.job.id);
    expect(result).toMatchObject({ repo_version: 1, row_count: 1, dataset: { created: true, version: { name: 'churn_train', version: 1 } } });
    const columns = (result!.columns as { name: string }[]).map((column) => column.name);
    expect((result!.preview as unknown[][])[0][columns.indexOf('customer_profile__region')]).toBe(first.region);
    const bad = await call('POST', '/api/features/historical', { entity_file: file, entity_dataset: 'x', features: ['a:b'] });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/exactly one of entity_file and entity_dataset/) } } });
  });

  it('materializes as a job, then serves Feast-shaped online features', async () => {
    const started = await call('POST', '/api/features/materialize', { start: '2024-01-01', end: '2024-07-01' });
    const { result } = await finished(started.body.job.id);
    expect((result!.views as { keys_written: number }[]).map((view) => view.keys_written)).toEqual([100, 100]);
    expect((await call('POST', '/api/features/materialize', { start: 'soon', end: '2024-07-01' })).body.error.message).toMatch(/start "soon" is not an ISO 8601 time/);

    const [first, second] = fixture.rows;
    const online = await call('POST', '/get-online-features', { features: ['customer_profile:region', 'customer_activity:total_spend'], entities: { customer_id: [first.customer_id, second.customer_id, 'nobody'] }, full_feature_names: true });
    expect(online.status).toBe(200);
    expect(online.body.metadata.feature_names).toEqual(['customer_id', 'customer_profile__region', 'customer_activity__total_spend']);
    expect(online.body.results[0]).toEqual({ values: [first.customer_id, second.customer_id, 'nobody'], statuses: ['PRESENT', 'PRESENT', 'PRESENT'], event_timestamps: Array(3).fill('1970-01-01T00:00:00Z') });
    expect(online.body.results[1]).toEqual({ values: [first.region, second.region, null], statuses: ['PRESENT', 'PRESENT', 'NOT_FOUND'], event_timestamps: [first.event_timestamp, second.event_timestamp, '1970-01-01T00:00:00Z'] });
    // Observed in 2024 with a 30d ttl: served, but flagged as too old (reference §4).
    expect(online.body.results[2].statuses).toEqual(['OUTSIDE_MAX_AGE', 'OUTSIDE_MAX_AGE', 'NOT_FOUND']);
    const unknown = await call('POST', '/get-online-features', { features: ['customer_profile:nope'], entities: { customer_id: ['C1'] } });
    expect(unknown).toEqual({ status: 404, body: { detail: expect.stringMatching(/has no feature "nope"/) } });
    const status = (await call('GET', '/api/features')).body.feature_views.map((view: { online_rows: number; last_materialization: unknown }) => [view.online_rows, view.last_materialization !== null]);
    expect(status).toEqual([[100, true], [100, true]]);
  });
});
