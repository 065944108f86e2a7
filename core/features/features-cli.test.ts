// The CLI and the served API as users run them: `mlwb features …` / `mlwb materialize` in real
// processes, then `POST /get-online-features` on `mlwb serve` over the same workspace.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importParquet } from '../datasets/parquet-import.js';
import { runCli, startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { churnRepoFixture, type ChurnRepoFixture } from './churn-repo-fixture.js';

let fixture: ChurnRepoFixture;
let workspace: string;
let core: CoreProcess | undefined;
const mlwb = (...args: string[]) => runCli([...args, '--workspace', workspace], { MLWB_USER: 'carol' });

beforeAll(() => {
  fixture = churnRepoFixture(50);
  workspace = path.join(fixture.root, 'workspace');
});
afterAll(async () => core?.dispose());

describe('mlwb features', () => {
  it('plans, applies and lists the sample repo; a broken repo exits 2 naming file, line and field', async () => {
    const plan = await mlwb('features', 'plan', '--repo', fixture.repoDir);
    expect(plan).toMatchObject({ code: 0 });
    expect(plan.stdout).toContain('Created feature view customer_activity');
    const applied = await mlwb('features', 'apply', '--repo', fixture.repoDir, '--json');
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, version: 1 });
    const again = await mlwb('features', 'apply', '--repo', fixture.repoDir);
    expect(again.stdout).toContain('Nothing applied: version 1 is current');
    const listed = await mlwb('features', 'list');
    expect(listed.stdout).toMatch(/customer_activity\s+customer\s+total_spend/);
    const brokenDir = path.join(fixture.root, 'churn/broken_repo');
    mkdirSync(brokenDir);
    writeFileSync(path.join(brokenDir, 'customers.yaml'), readFileSync(path.join(fixture.repoDir, 'customers.yaml'), 'utf8').replace('ttl: 30d', 'ttl: 30'));
    const broken = await mlwb('features', 'apply', '--repo', brokenDir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/customers\.yaml:\d+:\d+: feature_views\[0\]\.ttl: ttl must be a duration such as 30d/);
    expect(JSON.parse((await mlwb('features', 'list', '--json')).stdout)).toMatchObject({ version: 1 });
    expect((await mlwb('features', 'apply')).code).toBe(2);
  }, 60_000);

  it('builds and saves a training set, materializes, and reads online', async () => {
    const [first] = fixture.rows;
    const entities = fixture.entityFile('entities.csv', [{ customer_id: first.customer_id, event_timestamp: first.event_timestamp }]);
    const historical = await mlwb('features', 'historical', '--entities', entities, '--features', 'customer_profile:region,customer_activity:total_spend', '--full-names', '--save-as', 'churn_train', '--json');
    expect(historical.code).toBe(0);
    expect(JSON.parse(historical.stdout)).toMatchObject({ row_count: 1, dataset: { version: { name: 'churn_train', version: 1 } }, lineage: { repo_version: 1 } });
    // The exact spelling: --service, --full-feature-names, --out FILE.parquet | FILE.csv.
    const parquetOut = path.join(fixture.root, 'training.parquet');
    const asParquet = await mlwb('features', 'historical', '--entities', entities, '--service', 'churn_model', '--full-feature-names', '--out', parquetOut);
    expect(asParquet.code).toBe(0);
    const { table } = await importParquet(parquetOut);
    expect(table.rowCount).toBe(1);
    expect(table.columns.map((column) => column.name)).toEqual(expect.arrayContaining(['customer_id', 'event_timestamp', 'customer_activity__total_spend', 'customer_profile__region']));
    const csvOut = path.join(fixture.root, 'training.csv');
    expect((await mlwb('features', 'historical', '--entities', entities, '--features', 'customer_profile:region', '--out', csvOut)).code).toBe(0);
    expect(readFileSync(csvOut, 'utf8').split('\n')[0]).toBe('customer_id,event_timestamp,label,region');
    const badOut = await mlwb('features', 'historical', '--entities', entities, '--service', 'churn_model', '--out', path.join(fixture.root, 'training.json'));
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toContain('give a file ending in .csv or .parquet');
    const unknown = await mlwb('features', 'historical', '--entities', entities, '--features', 'customer_profile:nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/has no feature "nope"/);

    const materialized = await mlwb('materialize', '2024-01-01T00:00:00Z', '2024-07-01T00:00:00Z', '--json');
    expect(materialized.code).toBe(0);
    expect(JSON.parse(materialized.stdout).views.map((view: { keys_written: number }) => view.keys_written)).toEqual([50, 50]);
    expect((await mlwb('materialize', 'later', '2024-07-01')).code).toBe(2);
    const incremental = await mlwb('materialize-incremental', '2024-08-01', '--json');
    expect(JSON.parse(incremental.stdout).views[0]).toMatchObject({ start: Date.parse('2024-07-01T00:00:00Z'), rows_scanned: 0 });

    const online = await mlwb('features', 'online', '--features', 'customer_profile:region', '--entity', `customer_id=${first.customer_id},nobody`, '--json');
    expect(JSON.parse(online.stdout).results[1]).toMatchObject({ values: [first.region, null], statuses: ['PRESENT', 'NOT_FOUND'] });
  }, 60_000);

  it('serves POST /get-online-features on the core API', async () => {
    core = await startCoreProcess({ workspace });
    const [first] = fixture.rows;
    const response = await core.call('POST', '/get-online-features', { feature_service: 'churn_model', entities: { customer_id: [first.customer_id] } });
    expect(response.status).toBe(200);
    expect(response.body.metadata.feature_names).toContain('region');
    expect(response.body.results.at(-1)).toEqual({ values: [first.region], statuses: ['PRESENT'], event_timestamps: [first.event_timestamp] });
  }, 60_000);
});
