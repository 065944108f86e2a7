import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { parseTtl } from './definitions.js';
import { describePlan, planRepo } from './plan.js';
import { loadFeatureRepo, parseFeatureRepo } from './repo.js';

const sampleRepo = path.resolve(import.meta.dirname, '../../resources/samples/churn/feature_repo');
const temporaryFolders: string[] = [];
afterEach(() => {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The sample project's layout: churn-reference.csv with the repo in feature_repo/ beside it. */
function sampleWorkspace(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-features-'));
  temporaryFolders.push(folder);
  writeFileSync(path.join(folder, 'churn-reference.csv'), churnRowsToCsv(generateChurnRows({ rows: 20 })));
  cpSync(sampleRepo, path.join(folder, 'feature_repo'), { recursive: true });
  return path.join(folder, 'feature_repo');
}

describe('the churn sample repo', () => {
  it('loads next to the generated CSV with its entity, source, views and service', () => {
    const { repo, warnings } = loadFeatureRepo(sampleWorkspace());
    expect(warnings).toEqual([]);
    expect(repo.project).toBe('churn');
    expect(repo.entities).toMatchObject([{ name: 'customer', join_keys: ['customer_id'] }]);
    expect(repo.sources).toMatchObject([{ name: 'churn_observations', path: '../churn-reference.csv', timestamp_field: 'event_timestamp', file_format: 'csv' }]);
    const activity = repo.feature_views.find((view) => view.name === 'customer_activity')!;
    expect(activity.ttlMs).toBe(30 * 86_400_000);
    expect(activity.schema.map((field) => field.name)).toEqual(['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase']);
    expect(repo.feature_views.find((view) => view.name === 'customer_profile')).toMatchObject({ ttlMs: 0, schema: [{ name: 'customer_segment' }, { name: 'region' }] });
    expect(repo.feature_services).toMatchObject([{ name: 'churn_model', features: [{ feature_view: 'customer_activity' }, { feature_view: 'customer_profile' }] }]);
  });

  it('names the missing CSV when the repo is not beside it', () => {
    expect(() => loadFeatureRepo(sampleRepo)).toThrow(/customers\.yaml:\d+:\d+: path: source "churn_observations": file \.\.\/churn-reference\.csv does not exist/);
  });
});

describe('parseFeatureRepo', () => {
  const entities = `entities:\n  - name: driver\n    join_keys: [driver_id]\n`;

  it('reports every problem with file, line, column and field', () => {
    const text = [
      'sources:',
      '  - name: stats',
      '    path: stats.csv',
      '    timestamp_field: event_timestamp',
      'feature_views:',
      '  - name: driver_stats',
      '    source: missing_source',
      '    entities: [driver, rider]',
      '    ttl: 2 hours',
      '    schema:',
      '      - { name: conv_rate, dtype: Float65 }',
      '    onlne: true',
      '  - name: driver_stats',
      '    source: stats',
      '    schema: [{ name: a, dtype: Int64 }]',
      'feature_services:',
      '  - name: svc',
      '    features: [driver_stats, nowhere:x]',
    ].join('\n');
    const { problems } = parseFeatureRepo([
      { file: 'entities.yaml', text: entities },
      { file: 'views.yaml', text },
    ]);
    const summary = problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.field} | ${problem.message}`);
    expect(summary).toEqual([
      expect.stringMatching(/^views\.yaml:12:5 feature_views\[0\]\.onlne \| unknown field "onlne"; expected one of name, source/),
      expect.stringMatching(/^views\.yaml:9:10 feature_views\[0\]\.ttl \| ttl "2 hours" is not a duration/),
      expect.stringMatching(/^views\.yaml:11:35 feature_views\[0\]\.schema\[0\]\.dtype \| unknown dtype "Float65"/),
      expect.stringMatching(/^views\.yaml:13:5 name \| duplicate feature view name "driver_stats" \(first defined at views\.yaml:6\)/),
      expect.stringMatching(/^views\.yaml:6:5 source \| feature view "driver_stats" uses unknown source "missing_source"/),
      expect.stringMatching(/^views\.yaml:6:5 entities \| .*unknown entity "rider"/),
      expect.stringMatching(/^views\.yaml:17:5 features \| feature service "svc" uses unknown feature view "nowhere"/),
    ]);
  });

  it('checks schema columns, join keys and timestamps against the CSV header, through field_mapping', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-repo-'));
    temporaryFolders.push(folder);
    writeFileSync(path.join(folder, 'stats.csv'), 'driver,ts,conv_rate\n1,2024-01-01T00:00:00Z,0.5\n');
    const views = [
      'sources:',
      '  - name: stats',
      '    path: stats.csv',
      '    timestamp_field: event_timestamp',
      '    created_timestamp_column: created',
      '    field_mapping: { driver: driver_id, ts: event_timestamp }',
      'feature_views:',
      '  - name: driver_stats',
      '    source: stats',
      '    entities: [driver]',
      '    schema:',
      '      - { name: driver_id, dtype: Int64 }',
      '      - { name: conv_rate, dtype: Float64 }',
      '      - { name: acc_rate, dtype: Float64 }',
      '  - name: inferred',
      '    source: stats',
      '    entities: [driver]',
    ].join('\n');
    const { repo, problems } = parseFeatureRepo([{ file: 'entities.yaml', text: entities }, { file: 'views.yaml', text: views }], { directory: folder });
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/created_timestamp_column "created" is not a column/),
      expect.stringMatching(/schema field "acc_rate" is not a column of stats\.csv/),
    ]);
    // The join key listed in the schema is an entity column, not a feature; an absent schema comes from the header.
    expect(repo.feature_views[0].schema.map((field) => field.name)).toEqual(['conv_rate', 'acc_rate']);
    expect(repo.feature_views[1].schema).toEqual([{ name: 'conv_rate' }]);
  });

  it('reports YAML syntax errors with their position', () => {
    const { problems } = parseFeatureRepo([{ file: 'broken.yaml', text: 'entities:\n  - name: [unclosed\n' }]);
    expect(problems[0]).toMatchObject({ file: 'broken.yaml', line: expect.any(Number), message: expect.stringMatching(/^YAML syntax/) });
  });
});

describe('parseTtl', () => {
  it('reads Feast-style durations and refuses unitless or malformed ones', () => {
    expect(parseTtl('30d')).toBe(30 * 86_400_000);
    expect(parseTtl('1d12h')).toBe(36 * 3_600_000);
    expect(parseTtl(0)).toBe(0);
    expect(parseTtl(null)).toBe(0);
    expect(() => parseTtl(3600)).toThrow(/duration/);
    expect(() => parseTtl('-1d')).toThrow(/not a duration/);
  });
});

describe('planRepo', () => {
  it('lists added, changed (field by field) and removed objects', () => {
    const base = `entities:\n  - name: driver\n    join_keys: [driver_id]\nsources:\n  - name: s\n    path: s.csv\n    timestamp_field: ts\nfeature_views:\n  - name: v\n    source: s\n    entities: [driver]\n    ttl: 30d\n    schema: [{ name: a, dtype: Int64 }]\n    tags: { team: x }\n`;
    const current = parseFeatureRepo([{ file: 'a.yaml', text: base }]).repo;
    const next = parseFeatureRepo([
      { file: 'b.yaml', text: base.replace('ttl: 30d', 'ttl: 7d').replace('  - name: driver\n    join_keys: [driver_id]\n', '  - name: rider\n    join_keys: [rider_id]\n').replace('entities: [driver]', 'entities: [rider]') },
    ]).repo;
    const plan = planRepo(current, next);
    expect(plan.entities).toEqual({ added: ['rider'], changed: [], removed: ['driver'] });
    expect(plan.feature_views.changed).toEqual([
      { name: 'v', fields: [{ field: 'entities', before: ['driver'], after: ['rider'] }, { field: 'ttl', before: '30d', after: '7d' }] },
    ]);
    expect(plan.sources).toEqual({ added: [], changed: [], removed: [] });
    expect(describePlan(plan)).toEqual(['Created entity rider', 'Deleted entity driver', 'Updated feature view v: entities ["driver"] → ["rider"]; ttl "30d" → "7d"']);
    expect(planRepo(current, current).hasChanges).toBe(false);
    expect(planRepo(null, current).feature_views.added).toEqual(['v']);
  });
});
