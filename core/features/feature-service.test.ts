import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetTable } from '../datasets/dataset-service.js';
import { AuditLog } from '../registry/audit-log.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { churnRepoFixture, shiftIso, type ChurnRepoFixture } from './churn-repo-fixture.js';
import { FeatureService, parseTime } from './feature-service.js';
import { trainingSetLineage } from './training-set.js';
import { columnValues } from './table-fixtures.js';

const day = 86_400;
let fixture: ChurnRepoFixture;
let workspace: Workspace;
let service: FeatureService;

beforeAll(async () => {
  fixture = churnRepoFixture();
  workspace = await openWorkspace(path.join(fixture.root, 'workspace'), { user: 'alice', poolSize: 1 });
  service = new FeatureService(workspace);
});
afterAll(() => workspace.close());

describe('the churn feature repo, end to end', () => {
  it('plans, applies, and answers "no changes" to a second apply', () => {
    const plan = service.plan(fixture.repoDir);
    expect(plan.current_version).toBeNull();
    expect(plan.lines).toEqual(['Created entity customer', 'Created source churn_observations', 'Created feature view customer_activity', 'Created feature view customer_profile', 'Created feature service churn_model']);
    expect(service.apply(fixture.repoDir, 'alice')).toMatchObject({ applied: true, version: 1 });
    expect(service.apply(fixture.repoDir, 'alice')).toMatchObject({ applied: false, version: 1 });
    expect(service.plan(fixture.repoDir).plan.hasChanges).toBe(false);
  });

  it('refuses a broken repo naming file, line and field, and leaves the registry as it was', () => {
    const broken = path.join(fixture.root, 'churn/broken_repo');
    const text = readFileSync(path.join(fixture.repoDir, 'customers.yaml'), 'utf8').replace('ttl: 30d', 'ttl: 30 days').replace('path: ../churn-reference.csv', 'path: ../missing.csv');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'customers.yaml'), text);
    expect(() => service.apply(broken, 'mallory')).toThrow(/customers\.yaml:\d+:\d+: feature_views\[0\]\.ttl: ttl "30 days" is not a duration[\s\S]*customers\.yaml:\d+:\d+: path: source "churn_observations": file \.\.\/missing\.csv does not exist/);
    expect(service.registry.versions()).toHaveLength(1);
  });

  it('names every problem of a broken repo at once (missing file, column, entity; duplicate name; bad ttl) and applies none of it', () => {
    const broken = path.join(fixture.root, 'churn/many_problems_repo');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'feature_store.yaml'), 'project: churn\nprovider: local\n');
    writeFileSync(
      path.join(broken, 'defs.yaml'),
      [
        'entities:',
        '  - { name: customer, join_keys: [customer_id], value_type: String }',
        'sources:',
        '  - { name: observations, path: ../churn-reference.csv, timestamp_field: event_timestamp }',
        '  - { name: gone, path: ../no-such-file.csv, timestamp_field: event_timestamp }',
        'feature_views:',
        '  - name: activity',
        '    source: observations',
        '    entities: [customer, household]',
        '    ttl: 30',
        '    schema: [{ name: total_spend, dtype: Float64 }, { name: lifetime_value, dtype: Float64 }]',
        '  - name: activity',
        '    source: observations',
        '    entities: [customer]',
        '    schema: [{ name: region, dtype: String }]',
        '',
      ].join('\n'),
    );
    const versionsBefore = service.registry.versions();
    let message = '';
    try {
      service.apply(broken, 'mallory');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/defs\.yaml:\d+:\d+: .*file \.\.\/no-such-file\.csv does not exist/);
    expect(message).toMatch(/defs\.yaml:\d+:\d+: .*schema field "lifetime_value" is not a column of/);
    expect(message).toMatch(/defs\.yaml:\d+:\d+: .*unknown entity "household"/);
    expect(message).toMatch(/defs\.yaml:12:\d+: .*duplicate feature view name "activity"/);
    expect(message).toMatch(/defs\.yaml:10:\d+: feature_views\[0\]\.ttl: ttl must be a duration such as 30d/);
    expect(service.registry.versions()).toEqual(versionsBefore);
    expect(service.registry.current()?.repo.feature_views.map((view) => view.name)).toEqual(['customer_activity', 'customer_profile']);
  });

  it('reads entity timestamps without an offset as UTC (documented), and honours an explicit offset', async () => {
    const [first] = fixture.rows;
    const utc = first.event_timestamp; // e.g. 2024-05-13T12:42:52Z
    const naive = utc.replace('T', ' ').replace('Z', '');
    const plusTwo = `${utc.slice(0, 11)}${String(Number(utc.slice(11, 13)) + 2).padStart(2, '0')}${utc.slice(13, 19)}+02:00`;
    const oneSecondEarlier = shiftIso(utc, -1).replace('Z', '');
    const file = path.join(fixture.root, 'naive-times.csv');
    writeFileSync(file, `customer_id,event_timestamp\n${first.customer_id},${utc}\n${first.customer_id},${naive}\n${first.customer_id},${plusTwo}\n${first.customer_id},${oneSecondEarlier}\n`);
    const { table } = await service.historical({ entities: { file }, features: ['customer_activity:total_spend'], user: 'alice' });
    expect(columnValues(table, 'event_timestamp')).toEqual([Date.parse(utc), Date.parse(utc), Date.parse(utc), Date.parse(utc) - 1000]);
    // At exactly the row's own (UTC) time it is visible; one second earlier it is not.
    expect(columnValues(table, 'total_spend')).toEqual([first.total_spend, first.total_spend, first.total_spend, null]);
    expect(parseTime('2024-06-01T12:00:00', 'START')).toBe(Date.UTC(2024, 5, 1, 12));
    expect(parseTime('2024-06-01', 'START')).toBe(Date.UTC(2024, 5, 1));
  });

  it('builds a training set by the point-in-time rules, one row per entity row, in order', async () => {
    const [first, second] = fixture.rows;
    const entities = fixture.entityFile('entities.csv', [
      { customer_id: first.customer_id, event_timestamp: first.event_timestamp, label: 1 }, // P3: ts = t is visible
      { customer_id: first.customer_id, event_timestamp: shiftIso(first.event_timestamp, -1) }, // before the only row: NULL (P7)
      { customer_id: first.customer_id, event_timestamp: shiftIso(first.event_timestamp, 30 * day) }, // ttl edge, inclusive (P4)
      { customer_id: first.customer_id, event_timestamp: shiftIso(first.event_timestamp, 30 * day + 1) }, // past the 30d ttl; profile has none
      { customer_id: second.customer_id, event_timestamp: shiftIso(second.event_timestamp, day) },
      { customer_id: second.customer_id, event_timestamp: shiftIso(second.event_timestamp, day) }, // duplicate kept (P9)
      { customer_id: 'C999999', event_timestamp: first.event_timestamp }, // unknown key: NULL, row kept
    ]);
    const result = await service.historical({ entities: { file: entities }, service: 'churn_model', user: 'alice', saveAs: 'churn_training' });
    const { table } = result;
    expect(table.rowCount).toBe(7);
    expect(columnValues(table, 'label')).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(columnValues(table, 'total_spend')).toEqual([first.total_spend, null, first.total_spend, null, second.total_spend, second.total_spend, null]);
    expect(columnValues(table, 'region')).toEqual([first.region, null, first.region, first.region, second.region, second.region, null]);
    expect(table.columns.map((column) => column.name)).toEqual(['customer_id', 'event_timestamp', 'label', 'total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'customer_segment', 'region']);
    // No row uses a feature value stamped after its own time.
    const stamps = new Map(fixture.rows.map((row) => [row.customer_id, Date.parse(row.event_timestamp)]));
    const ids = columnValues(table, 'customer_id');
    const times = columnValues(table, 'event_timestamp') as number[];
    columnValues(table, 'region').forEach((value, row) => {
      if (value !== null) expect(stamps.get(ids[row] as string)!).toBeLessThanOrEqual(times[row]);
    });

    expect(result.dataset).toMatchObject({ created: true, version: { name: 'churn_training', version: 1, row_count: 7 } });
    const saved = await loadDatasetTable(workspace, 'churn_training', 1);
    expect(columnValues(saved.table, 'total_spend')).toEqual(columnValues(table, 'total_spend'));
    expect(saved.table.columns.map((column) => column.type)).toEqual(table.columns.map((column) => column.type));
    expect(trainingSetLineage(workspace, 'churn_training', 1)).toMatchObject({
      repo_version: 1,
      feature_views: [
        { name: 'customer_activity', features: ['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase'], ttl: '30d' },
        { name: 'customer_profile', features: ['customer_segment', 'region'], ttl: '0' },
      ],
      entity_source: entities,
      created_by: 'alice',
    });
    expect(new AuditLog(workspace.db).list({ entityType: 'dataset' }).entries[0]).toMatchObject({ action: 'features.training_set', entity_id: 'churn_training:1' });
  });

  it('names full features, rejects collisions and unknown features, and reads entities from a dataset', async () => {
    const [first] = fixture.rows;
    const file = fixture.entityFile('one.csv', [{ customer_id: first.customer_id, event_timestamp: first.event_timestamp }]);
    const full = await service.historical({ entities: { file }, features: ['customer_profile:region', 'customer_activity:total_spend'], fullFeatureNames: true, user: 'alice' });
    expect(full.table.columns.slice(3).map((column) => column.name)).toEqual(['customer_profile__region', 'customer_activity__total_spend']);
    await expect(service.historical({ entities: { file }, features: ['customer_profile:label'], user: 'alice' })).rejects.toThrow(/has no feature "label" \(it has customer_segment, region\)/);
    await expect(service.historical({ entities: { file }, features: ['customer_profile:region'], service: 'churn_model', user: 'alice' })).rejects.toThrow(/either feature references/);
    const fromDataset = await service.historical({ entities: { dataset: 'churn_training', version: 1 }, features: ['customer_profile:region'], fullFeatureNames: true, user: 'alice' });
    expect(fromDataset.table.rowCount).toBe(7);
    await expect(service.historical({ entities: { dataset: 'churn_training' }, features: ['customer_profile:region'], user: 'alice' })).rejects.toThrow(/collision/);
  });

  it('names the row of an unparseable entity timestamp', async () => {
    const file = path.join(fixture.root, 'bad-times.csv');
    writeFileSync(file, 'customer_id,event_timestamp\nC000001,2024-05-01T00:00:00Z\nC000002,yesterday\n');
    await expect(service.historical({ entities: { file }, features: ['customer_profile:region'], user: 'alice' })).rejects.toThrow(/row 2 holds "yesterday"/);
  });

  it('materializes the latest value per key, never over a newer one, and serves it with statuses', async () => {
    const run = await service.materialize(Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-07-01T00:00:00Z'));
    expect(run.views.map((view) => [view.feature_view, view.rows_scanned, view.keys_written, view.keys_skipped_older])).toEqual([
      ['customer_activity', 200, 200, 0],
      ['customer_profile', 200, 200, 0],
    ]);
    const [first] = fixture.rows;
    // A late batch carrying an older row for a key never replaces the newer stored value.
    appendFileSync(path.join(fixture.root, 'churn/churn-reference.csv'), `${first.customer_id},${shiftIso(first.event_timestamp, -day)},1,1,1,1,2020-01-01,new,west,0\n`);
    const lateTime = Date.parse(shiftIso(first.event_timestamp, -day));
    const late = await service.materialize(lateTime, lateTime, ['customer_profile']);
    expect(late.views[0]).toMatchObject({ rows_scanned: 1, keys_written: 0, keys_skipped_older: 1 });

    const fresh = service.getOnline({ service: 'churn_model', entities: { customer_id: [first.customer_id, 'C999999'] }, now: Date.parse(first.event_timestamp) + day * 1000 });
    expect(fresh.metadata.feature_names).toEqual(['customer_id', 'total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'customer_segment', 'region']);
    expect(fresh.results[1]).toEqual({ values: [first.total_spend, null], statuses: ['PRESENT', 'NOT_FOUND'], event_timestamps: [first.event_timestamp, '1970-01-01T00:00:00Z'] });
    expect(fresh.results[6].values).toEqual([first.region, null]);
    // 31 days on, the 30d view is stale (value kept, flagged); the ttl-less view is not.
    const stale = service.getOnline({ features: ['customer_activity:total_spend', 'customer_profile:region'], entities: { customer_id: [first.customer_id] }, now: Date.parse(first.event_timestamp) + 31 * day * 1000 });
    expect(stale.results.slice(1).map((result) => [result.values[0], result.statuses[0]])).toEqual([[first.total_spend, 'OUTSIDE_MAX_AGE'], [first.region, 'PRESENT']]);
    expect(() => service.getOnline({ features: ['customer_profile:region'], entities: { customer_id: ['C1'], other: [] } })).toThrow(/has 0 values/);
  });

  it('materializes incrementally from where the previous run ended', async () => {
    const end = Date.parse('2024-08-01T00:00:00Z');
    const run = await service.materializeIncremental(end, ['customer_activity']);
    expect(run.views[0]).toMatchObject({ feature_view: 'customer_activity', start: Date.parse('2024-07-01T00:00:00Z'), end, rows_scanned: 0 });
    expect(service.onlineStatus().get('customer_activity')).toEqual({ online_rows: 200, last_materialization: { start: Date.parse('2024-07-01T00:00:00Z'), end, finished_at: expect.any(Number) } });
    await expect(service.materialize(end, end - 1)).rejects.toThrow(/window is empty/);
  });
});
