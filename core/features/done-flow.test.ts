// Issue 7's "Done means", as a new user does it against a real core (`mlwb serve`): apply the sample
// churn feature repo, build a training set for an entity file with timestamps and check row by row
// that no feature value comes from the row's future, scaffold a suite on the training data, train
// on it behind that suite, materialize, register and deploy a model that takes only
// `customer_id`, predict with only `customer_id`, and export the suite as GX 1.x JSON.
import { appendFileSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnRowsToCsv, type ChurnRow } from '../../resources/samples/churn/generate.js';
import { startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { waitForJob } from '../testing/training-fixtures.js';
import { churnRepoFixture, shiftIso, type ChurnRepoFixture } from './churn-repo-fixture.js';

const day = 86_400;
const featureColumns = ['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'customer_segment', 'region'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let core: CoreProcess;
let fixture: ChurnRepoFixture;
/** Every source row of the feature repo's CSV, by customer: the truth to check the join against. */
const sourceRows = new Map<string, ChurnRow[]>();

beforeAll(async () => {
  fixture = churnRepoFixture(240);
  // A later observation of the first 120 customers, ten days on, with values no earlier row may see.
  const later = fixture.rows.slice(0, 120).map((row) => ({ ...row, event_timestamp: shiftIso(row.event_timestamp, 10 * day), total_spend: 900_000 + row.total_spend, region: 'west' as const }));
  appendFileSync(path.join(fixture.root, 'churn/churn-reference.csv'), churnRowsToCsv(later).split('\n').slice(1).join('\n'));
  for (const row of [...fixture.rows, ...later]) sourceRows.set(row.customer_id, [...(sourceRows.get(row.customer_id) ?? []), row]);
  core = await startCoreProcess();
}, 60_000);
afterAll(async () => {
  await core?.dispose();
  if (core) await rm(core.workspace, { recursive: true, force: true });
  if (fixture) await rm(fixture.root, { recursive: true, force: true });
});

async function finished(started: { status: number; body: any; text: string }): Promise<any> {
  expect(started.status, started.text).toBe(200);
  const job = await waitForJob(core, started.body.job.id);
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  return job;
}

describe('done means (issue 7)', () => {
  it('applies the churn repo, builds a leak-free training set, trains, materializes, serves by customer_id, and validates with a GX-readable suite', async () => {
    const applied = await core.call('POST', '/api/features/apply', { repo_path: fixture.repoDir });
    expect(applied.body).toMatchObject({ applied: true, version: 1, lines: expect.arrayContaining(['Created feature view customer_activity', 'Created feature service churn_model']) });

    // Entity rows a day after each observation, a second before it (nothing to see yet), and
    // exactly at the later observation (inclusive bound: the later values are visible).
    const entityRows = fixture.rows.flatMap((row, index) => [
      { customer_id: row.customer_id, event_timestamp: shiftIso(row.event_timestamp, day), label: row.target },
      ...(index % 6 === 0 ? [{ customer_id: row.customer_id, event_timestamp: shiftIso(row.event_timestamp, -1), label: row.target }] : []),
      ...(index < 120 && index % 4 === 0 ? [{ customer_id: row.customer_id, event_timestamp: shiftIso(row.event_timestamp, 10 * day), label: row.target }] : []),
    ]);
    const entityFile = fixture.entityFile('entities.csv', entityRows);
    const job = await finished(await core.call('POST', '/api/features/historical', { entity_file: entityFile, feature_service: 'churn_model', save_as: 'churn_pit', preview_rows: 1000 }));
    const result = job.result;
    expect(result.row_count).toBe(entityRows.length);
    expect(result.dataset.version).toMatchObject({ name: 'churn_pit', version: 1 });
    const names: string[] = result.columns.map((column: { name: string }) => column.name);
    expect(names).toEqual(['customer_id', 'event_timestamp', 'label', ...featureColumns]);

    // By hand: each row's values are those of the latest source row stamped at or before its time
    // (within the 30-day ttl for the activity view), and never those of a later one.
    const at = (name: string) => names.indexOf(name);
    let matched = 0;
    let futureSeen = 0;
    result.preview.forEach((cells: unknown[], row: number) => {
      const time = Date.parse(cells[at('event_timestamp')] as string);
      expect(time).toBe(Date.parse(entityRows[row].event_timestamp));
      const candidates = sourceRows.get(cells[at('customer_id')] as string)!.filter((source) => Date.parse(source.event_timestamp) <= time);
      const latest = candidates.sort((left, right) => Date.parse(right.event_timestamp) - Date.parse(left.event_timestamp))[0];
      for (const source of sourceRows.get(cells[at('customer_id')] as string)!) {
        if (Date.parse(source.event_timestamp) > time) expect(cells[at('total_spend')]).not.toBe(source.total_spend);
      }
      if (!latest) {
        expect(featureColumns.map((name) => cells[at(name)])).toEqual(featureColumns.map(() => null));
        return;
      }
      matched++;
      if (latest.region === 'west' && latest.total_spend >= 900_000) futureSeen++;
      expect(cells[at('region')]).toBe(latest.region);
      expect(cells[at('total_spend')]).toBe(latest.total_spend);
    });
    expect(matched).toBeGreaterThan(200);
    expect(futureSeen).toBe(30);

    // Validation: a suite scaffolded from the training set's profile, run on it.
    const scaffolded = await core.call('POST', '/api/suites/scaffold', { dataset: 'churn_pit', version: 1, name: 'churn_pit_suite' });
    expect(scaffolded.status, scaffolded.text).toBe(200);
    const validated = await core.call('POST', '/api/suites/churn_pit_suite/validate', { dataset: 'churn_pit', version: 1 });
    expect(validated.status, validated.text).toBe(200);
    expect(validated.body.result).toMatchObject({ success: true, statistics: { unsuccessful_expectations: 0 } });

    // Train on the saved training set, gated by the suite (block: a failing suite starts no run).
    const training = await core.call('POST', '/api/train', { dataset: 'churn_pit', target: 'label', model: 'lr', features: featureColumns, seed: 3, validate_suite: 'churn_pit_suite' });
    await finished(training);
    expect((await core.call('POST', '/api/models/register', { name: 'churn', run_id: training.body.run_id })).status).toBe(200);
    const lineage = await core.call('GET', '/api/models/churn/versions/1/lineage');
    expect(lineage.body.nodes.map((node: { id: string }) => node.id)).toEqual(expect.arrayContaining(['feature_view:customer_activity', 'feature_view:customer_profile']));

    // Materialize, then deploy the model taking only customer_id; the sample's rows are from 2024,
    // older than the activity view's 30-day ttl, so this deployment accepts stale values.
    const materialized = await finished(await core.call('POST', '/api/features/materialize', { start: '2024-01-01T00:00:00Z', end: '2025-01-01T00:00:00Z' }));
    expect(materialized.result.views.map((view: { keys_written: number }) => view.keys_written)).toEqual([240, 240]);
    const deployed = await core.call('POST', '/api/deployments', { name: 'churn-by-id', model: 'churn', version: 1, features: { service: 'churn_model', entity_key: 'customer_id', allow_stale: true } });
    expect(deployed.status, deployed.text).toBe(200);
    const inference = JSON.parse(readFileSync(path.join(core.workspace, 'server.json'), 'utf8')).inference_url;
    const predicted = await fetch(`${inference}/deployments/churn-by-id/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customer_id: fixture.rows[5].customer_id }) });
    const prediction = (await predicted.json()) as { prediction: unknown; probability: number };
    expect(predicted.status, JSON.stringify(prediction)).toBe(200);
    expect(prediction.probability).toBeGreaterThanOrEqual(0);
    expect(prediction.probability).toBeLessThanOrEqual(1);

    // The suite as Great Expectations 1.x reads it (ExpectationSuiteSchema's fields, no 0.x keys).
    const download = await fetch(`${core.url}/api/suites/churn_pit_suite?format=gx`, { headers: { Authorization: `Bearer ${core.token}` } });
    expect(download.status).toBe(200);
    const suite = JSON.parse(await download.text());
    expect(Object.keys(suite).sort()).toEqual(['expectations', 'id', 'meta', 'name', 'suite_parameters']);
    expect(suite).toMatchObject({ name: 'churn_pit_suite', id: expect.stringMatching(uuid), suite_parameters: {}, meta: { great_expectations_version: expect.stringMatching(/^1\./) } });
    expect(suite.expectations.length).toBeGreaterThan(5);
    for (const expectation of suite.expectations) {
      expect(Object.keys(expectation).every((key) => ['type', 'kwargs', 'meta', 'id', 'notes', 'description'].includes(key))).toBe(true);
      expect(expectation).toMatchObject({ type: expect.stringMatching(/^expect_[a-z_]+$/), kwargs: expect.any(Object), id: expect.stringMatching(uuid) });
    }
    expect(suite.expectations.map((expectation: { type: string }) => expectation.type)).toEqual(expect.arrayContaining(['expect_table_columns_to_match_ordered_list', 'expect_column_values_to_not_be_null']));
  }, 180_000);
});
