// The churn flow end to end (issue 7 item 4): apply the sample feature repo, train on the same
// feature columns, materialize, deploy with features from the online store, and predict with only
// {customer_id}: the answers equal scoring the full records; a missing entity, a missing key and a
// stale feature are 4xx naming what is wrong. A real core on loopback.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnRowsToCsv, type ChurnRow } from '../../resources/samples/churn/generate.js';
import { churnRepoFixture, type ChurnRepoFixture } from '../features/churn-repo-fixture.js';
import { runCli, startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { waitForJob } from '../testing/training-fixtures.js';

const featureColumns = ['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'customer_segment', 'region'] as const;

let core: CoreProcess;
let fixture: ChurnRepoFixture;
let inference: string;

async function post(route: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${inference}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

function fullRecord(row: ChurnRow): Record<string, unknown> {
  return Object.fromEntries(featureColumns.map((name) => [name, row[name]]));
}

beforeAll(async () => {
  fixture = churnRepoFixture(400);
  core = await startCoreProcess();
  inference = JSON.parse(await readFile(path.join(core.workspace, 'server.json'), 'utf8')).inference_url;
  const imported = await fetch(`${core.url}/api/datasets/import?name=churn&format=csv&filename=churn.csv`, { method: 'POST', headers: { Authorization: `Bearer ${core.token}` }, body: churnRowsToCsv(fixture.rows) });
  expect(imported.status).toBe(200);
  const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', features: [...featureColumns], seed: 3 });
  expect(started.status, started.text).toBe(200);
  expect((await waitForJob(core, started.body.job.id)).status).toBe('succeeded');
  expect((await core.call('POST', '/api/models/register', { name: 'churn', run_id: started.body.run_id })).status).toBe(200);
  expect((await core.call('POST', '/api/features/apply', { repo_path: fixture.repoDir })).body).toMatchObject({ applied: true });
  const materialized = await core.call('POST', '/api/features/materialize', { start: '2000-01-01', end: '2100-01-01' });
  expect((await waitForJob(core, materialized.body.job.id)).status).toBe('succeeded');
  // The reference: the same model fed whole records.
  expect((await core.call('POST', '/api/deployments', { name: 'churn-full', model: 'churn', version: 1 })).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await core?.dispose();
  if (core) await rm(core.workspace, { recursive: true, force: true });
  if (fixture) await rm(fixture.root, { recursive: true, force: true });
});

describe('a deployment that takes only entity keys', () => {
  it('is created from the CLI with a feature service and an entity key, and refuses stale features by default', async () => {
    const cli = await runCli(['deploy', 'churn-keys', '--model', 'churn', '--version', '1', '--features-service', 'churn_model', '--entity-key', 'customer_id', '--workspace', core.workspace, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).deployment.features).toEqual({ service: 'churn_model', entity_key: 'customer_id' });
    const usage = await runCli(['deploy', 'x', '--model', 'churn', '--version', '1', '--entity-key', 'customer_id', '--workspace', core.workspace]);
    expect(usage.code).toBe(2);

    // The sample's activity view has a 30-day ttl and its rows are from 2024: too old to serve.
    const stale = await post('/deployments/churn-keys/predict', { customer_id: fixture.rows[0].customer_id });
    expect(stale.status).toBe(400);
    expect(stale.body.error.message).toMatch(new RegExp(`feature 'total_spend' for customer_id '${fixture.rows[0].customer_id}' is older than its view's ttl`));
  });

  it('scores {customer_id} alone exactly as the full record, on predict, batch_predict and /invocations', async () => {
    const patched = await core.call('PATCH', '/api/deployments/churn-keys', { features: { service: 'churn_model', entity_key: 'customer_id', allow_stale: true } });
    expect(patched.body.deployment.features).toEqual({ service: 'churn_model', entity_key: 'customer_id', allow_stale: true });
    const sample = fixture.rows.slice(0, 8);
    const expected = await post('/deployments/churn-full/batch_predict', sample.map(fullRecord));
    expect(expected.status).toBe(200);

    const one = await post('/deployments/churn-keys/predict', { customer_id: sample[0].customer_id });
    expect(one.status).toBe(200);
    expect(one.body.probability).toBeCloseTo(expected.body.predictions[0].probability, 6);
    expect(one.body.prediction).toEqual(expected.body.predictions[0].prediction);

    // A value sent for a feature field is replaced by the stored one: the online store is the source of truth.
    const batch = await post('/deployments/churn-keys/batch_predict', sample.map((row, index) => ({ customer_id: row.customer_id, id: `r${index}`, total_spend: 1e9 })));
    expect(batch.status).toBe(200);
    expect(batch.body.predictions.map((result: any) => result.id)).toEqual(sample.map((_, index) => `r${index}`));
    batch.body.predictions.forEach((result: any, index: number) => expect(result.probability).toBeCloseTo(expected.body.predictions[index].probability, 6));

    const invocations = await post('/invocations', { dataframe_records: sample.slice(0, 3).map((row) => ({ customer_id: row.customer_id })) }, { 'x-deployment': 'churn-keys' });
    expect(invocations.status).toBe(200);
    expect(invocations.body.predictions).toHaveLength(3);
    const split = await post('/invocations', { dataframe_split: { columns: ['customer_id'], data: [[sample[0].customer_id]] } }, { 'x-deployment': 'churn-keys' });
    expect(split.status).toBe(400);
  });

  it('answers an unknown entity with 404 naming the entity and the feature, and a record without the key with 400', async () => {
    const missing = await post('/deployments/churn-keys/batch_predict', [{ customer_id: fixture.rows[1].customer_id }, { customer_id: 'C999999' }]);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringMatching(/No online value of feature '\w+' for customer_id 'C999999'/), details: { entity: 'C999999', status: 'NOT_FOUND' } });
    const keyless = await post('/deployments/churn-keys/predict', { region: 'north' });
    expect(keyless.status).toBe(400);
    expect(keyless.body.error.message).toMatch(/Record 0 has no 'customer_id'/);
    // Turning the lookup off makes the deployment take whole records again.
    await core.call('PATCH', '/api/deployments/churn-keys', { features: null });
    expect((await post('/deployments/churn-keys/predict', { customer_id: fixture.rows[1].customer_id })).status).toBe(400);
    expect((await post('/deployments/churn-keys/predict', fullRecord(fixture.rows[1]))).status).toBe(200);
  });
});
