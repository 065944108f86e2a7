import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../workspace/migrations.js';
import { parseExperimentFilter, parseExperimentOrderBy, parseOrderBy, parseRunFilter } from './search-filter.js';
import type { ViewType } from '../api/contract.js';
import { compileExperimentSearch, compileRunSearch, likeToGlob } from './search-sql.js';

type Db = Database.Database;

function openDatabase(): Db {
  const db = new Database(':memory:');
  for (const migration of migrations) db.exec(migration);
  return db;
}

interface RunFixture {
  id: string;
  experiment?: number;
  name: string;
  user: string;
  status: string;
  start: number;
  end?: number;
  deleted?: boolean;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  inputs?: { name: string; digest: string; context?: string }[];
}

// Chosen so that each operator, alias and sort rule separates at least two runs. r3 and r4 share a
// start time to exercise the run_id tie-break; r3's rmse is NaN and r4 has none.
const runs: RunFixture[] = [
  {
    id: 'r1',
    name: 'Fox run',
    user: 'alice',
    status: 'FINISHED',
    start: 1000,
    end: 2000,
    metrics: { rmse: 0.5, acc: 0.9 },
    params: { model: 'Logistic', lr: '0.1' },
    tags: { 'user-name': 'Tomas', 'mlflow.runName': 'Fox run' },
    inputs: [{ name: 'churn', digest: 'd1', context: 'train' }],
  },
  {
    id: 'r2',
    name: 'brown fox',
    user: 'bob',
    status: 'FAILED',
    start: 2000,
    metrics: { rmse: 0.8, 'val loss': 0.2 },
    params: { model: 'logistic', lr: '0.01' },
    tags: { 'user-name': 'tomas' },
    inputs: [
      { name: 'churn', digest: 'd1', context: 'eval' },
      { name: 'holdout', digest: 'd2', context: 'train' },
    ],
  },
  {
    id: 'r3',
    name: 'Lazy_dog',
    user: 'alice',
    status: 'RUNNING',
    start: 3000,
    metrics: { rmse: Number.NaN, acc: 0.7 },
    params: { model: 'Forest' },
  },
  {
    id: 'r4',
    name: 'r%4',
    user: 'carol',
    status: 'FINISHED',
    start: 3000,
    end: 4000,
    metrics: { acc: 0.95 },
    params: { model: 'Forest*', lr: '0.1' },
    inputs: [{ name: 'no-context', digest: 'd3' }],
  },
  { id: 'r5', name: 'gone', user: 'alice', status: 'KILLED', start: 5000, deleted: true, metrics: { rmse: 0.1 } },
  { id: 'r6', experiment: 2, name: 'elsewhere', user: 'alice', status: 'FINISHED', start: 6000, metrics: { rmse: 0.3 } },
];

function insertRuns(db: Db, fixtures: RunFixture[]): void {
  const insertRun = db.prepare(
    `INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMetric = db.prepare(
    'INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan) VALUES (?, ?, 0, 0, ?, ?)',
  );
  const insertParam = db.prepare('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)');
  const insertInput = db.prepare(
    `INSERT INTO run_inputs (run_id, name, digest, source_type, source, tags) VALUES (?, ?, ?, 'local', 'file:///data', ?)`,
  );
  db.transaction(() => {
    for (const run of fixtures) {
      const experiment = run.experiment ?? 1;
      insertRun.run(
        run.id,
        experiment,
        run.name,
        run.user,
        run.status,
        run.start,
        run.end ?? null,
        `mlflow-artifacts:/${experiment}/${run.id}/artifacts`,
        run.deleted ? 'deleted' : 'active',
      );
      for (const [key, value] of Object.entries(run.metrics ?? {})) {
        const isNan = Number.isNaN(value);
        insertMetric.run(run.id, key, isNan ? 0 : value, isNan ? 1 : 0);
      }
      for (const [key, value] of Object.entries(run.params ?? {})) insertParam.run(run.id, key, value);
      for (const [key, value] of Object.entries(run.tags ?? {})) insertTag.run(run.id, key, value);
      for (const input of run.inputs ?? []) {
        const tags = input.context ? [{ key: 'mlflow.data.context', value: input.context }] : [];
        insertInput.run(run.id, input.name, input.digest, JSON.stringify(tags));
      }
    }
  })();
}

function insertExperiment(db: Db, id: number, name: string, created: number, updated: number, stage = 'active'): void {
  db.prepare(
    `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, created_by)
     VALUES (?, ?, ?, ?, ?, ?, 'tester')`,
  ).run(id, name, `mlflow-artifacts:/${id}`, stage, created, updated);
}

interface RunQuery {
  orderBy?: string[];
  experimentIds?: number[];
  viewType?: ViewType;
  limit?: number;
  offset?: number;
}

describe('compileRunSearch against SQLite', () => {
  let db: Db;

  beforeAll(() => {
    db = openDatabase();
    insertExperiment(db, 1, 'one', 1, 1);
    insertExperiment(db, 2, 'two', 2, 2);
    insertRuns(db, runs);
  });

  function compile(filter: string, query: RunQuery = {}) {
    return compileRunSearch({
      experimentIds: query.experimentIds ?? [1],
      clauses: parseRunFilter(filter),
      orderBy: parseOrderBy(query.orderBy ?? []),
      viewType: query.viewType ?? 'ACTIVE_ONLY',
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  }

  function search(filter: string, query: RunQuery = {}): string[] {
    const compiled = compile(filter, query);
    return db
      .prepare(compiled.sql)
      .all(...compiled.params)
      .map((row) => (row as { run_id: string }).run_id);
  }

  function count(filter: string, query: RunQuery = {}): number {
    const compiled = compile(filter, query);
    return (db.prepare(compiled.countSql).get(...compiled.countParams) as { count: number }).count;
  }

  it('returns active runs of the experiment by start_time DESC, then run_id ASC, without a filter', () => {
    expect(search('')).toEqual(['r3', 'r4', 'r2', 'r1']);
  });

  it('returns whole run rows', () => {
    const compiled = compile("run_id = 'r1'");
    expect(db.prepare(compiled.sql).get(...compiled.params)).toMatchObject({
      run_id: 'r1',
      run_name: 'Fox run',
      experiment_id: 1,
      end_time: 2000,
    });
  });

  it.each([
    ['metrics.rmse = 0.5', ['r1']],
    ['metrics.rmse != 0.5', ['r2']],
    ['metrics.rmse < 0.8', ['r1']],
    ['metrics.rmse <= 0.8', ['r2', 'r1']],
    ['metrics.rmse > 0.5', ['r2']],
    ['metrics.rmse >= 0.5', ['r2', 'r1']],
    ['metrics.rmse > -1e1', ['r2', 'r1']],
    ['metric.acc > 0.8 and metrics.acc < 0.92', ['r1']],
    ['metrics.`val loss` <= 0.25', ['r2']],
    ['metrics."val loss" > 0.25', []],
  ])('filters metrics: %s', (filter, expected) => {
    expect(search(filter)).toEqual(expected);
  });

  it('never matches a NaN metric, whose stored value is 0', () => {
    expect(search('metrics.rmse < 0.6')).toEqual(['r1']);
    expect(search('metrics.rmse = 0')).toEqual([]);
    expect(search('metrics.rmse != 0.5')).toEqual(['r2']);
  });

  it.each([
    ["params.model = 'Logistic'", ['r1']],
    ["params.model != 'Logistic'", ['r3', 'r4', 'r2']],
    ["params.lr != '0.1'", ['r2']],
    ["parameter.model = 'Forest'", ['r3']],
    ["parameters.model = \"Forest\"", ['r3']],
    ["param.lr = '0.01'", ['r2']],
    [`tags."user-name" = 'Tomas'`, ['r1']],
    ["tags.`user-name` != 'Tomas'", ['r2']],
    ["tag.mlflow.runName = 'Fox run'", ['r1']],
    [`tags."user-name" = 'Tomas' AND attributes.status = 'FINISHED'`, ['r1']],
  ])('filters params and tags: %s', (filter, expected) => {
    expect(search(filter)).toEqual(expected);
  });

  it.each([
    ["params.model LIKE 'Log%'", ['r1']],
    ["params.model LIKE 'log%'", ['r2']],
    ["params.model LIKE '%istic'", ['r2', 'r1']],
    ["params.model LIKE 'forest%'", []],
    ["params.model LIKE 'Forest*'", ['r4']],
    ["params.model LIKE 'Forest_'", ['r4']],
    ["params.lr LIKE '0._'", ['r4', 'r1']],
    ["params.model ILIKE 'FOREST%'", ['r3', 'r4']],
    ["params.model ILIKE 'log%'", ['r2', 'r1']],
    ["params.model ilike '%ISTIC'", ['r2', 'r1']],
    ["run_name LIKE '%fox%'", ['r2']],
    ["run_name ILIKE '%fox%'", ['r2', 'r1']],
    ["run_name LIKE 'Lazy_dog'", ['r3']],
    ["run_name LIKE 'r%4'", ['r4']],
  ])('LIKE is case-sensitive and ILIKE is not: %s', (filter, expected) => {
    expect(search(filter)).toEqual(expected);
  });

  it('translates LIKE patterns to GLOB with its own wildcards made literal', () => {
    expect(likeToGlob('a%b_c*d?e[f]')).toBe('a*b?c[*]d[?]e[[]f]');
  });

  it.each([
    ["attributes.status = 'FINISHED'", ['r4', 'r1']],
    ["attr.status != 'FINISHED'", ['r3', 'r2']],
    ["run.user_id = 'alice'", ['r3', 'r1']],
    ["attribute.user_id ILIKE 'BOB'", ['r2']],
    ["artifact_uri LIKE '%/r1/%'", ['r1']],
    ["run_id = 'r2'", ['r2']],
    ["attributes.`run name` = 'Fox run'", ['r1']],
    [`attributes."Run name" = 'brown fox'`, ['r2']],
    ["`Run Name` = 'Lazy_dog'", ['r3']],
    ['start_time > 1500', ['r3', 'r4', 'r2']],
    ['created >= 3000', ['r3', 'r4']],
    ['Created < 2000', ['r1']],
    ['attributes.end_time >= 2000', ['r4', 'r1']],
    ['end_time != 2000', ['r4']],
  ])('filters run attributes: %s', (filter, expected) => {
    expect(search(filter)).toEqual(expected);
  });

  it.each([
    ["attributes.run_id IN ('r1', 'r3')", ['r3', 'r1']],
    ["run_id in ('r2')", ['r2']],
    ["run_id NOT IN ('r1', 'r3')", ['r4', 'r2']],
    ["run_id not in ('r1', \"r2\", 'r3', 'r4')", []],
    ["attributes.run_id IN ('r1', 'r3') and metrics.acc <= 0.8", ['r3']],
  ])('filters run_id lists: %s', (filter, expected) => {
    expect(search(filter)).toEqual(expected);
  });

  it.each([
    ["datasets.name = 'churn'", ['r2', 'r1']],
    ["dataset.digest IN ('d2', 'd3')", ['r4', 'r2']],
    ["datasets.context = 'train'", ['r2', 'r1']],
    ["datasets.context LIKE 'ev%'", ['r2']],
    ["datasets.context NOT IN ('train')", ['r2']],
    ["datasets.name = 'churn' and datasets.context = 'train'", ['r1']],
    ["datasets.name != 'churn'", ['r4', 'r2']],
    ["run_name ILIKE '%fox%' and start_time > 1500 and datasets.context = 'train'", ['r2']],
  ])('filters datasets, all clauses on one logged input: %s', (filter, expected) => {
    expect(search(filter)).toEqual(expected);
  });

  it('keeps runs whose param has no match out of != (the key must exist)', () => {
    expect(search("params.lr != 'nothing'")).toEqual(['r4', 'r2', 'r1']);
  });

  it('binds user values instead of splicing them into SQL', () => {
    const hostile = "x' OR 1=1; DROP TABLE runs; --";
    const compiled = compile(`params.model = "${hostile}"`);
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.params).toContain(hostile);
    expect(search(`params.model = "${hostile}"`)).toEqual([]);
    expect(search('')).toHaveLength(4);
  });

  it.each([
    ['ACTIVE_ONLY', ['r3', 'r4', 'r2', 'r1']],
    ['DELETED_ONLY', ['r5']],
    ['ALL', ['r5', 'r3', 'r4', 'r2', 'r1']],
  ] as const)('applies the %s view type', (viewType, expected) => {
    expect(search('', { viewType })).toEqual(expected);
  });

  it('searches several experiments, and none when given none', () => {
    expect(search('metrics.rmse < 0.6', { experimentIds: [1, 2] })).toEqual(['r6', 'r1']);
    expect(search('', { experimentIds: [] })).toEqual([]);
    expect(count('', { experimentIds: [] })).toBe(0);
  });

  it.each([
    [['metrics.rmse'], ['r1', 'r2', 'r3', 'r4']],
    [['metrics.rmse DESC'], ['r2', 'r1', 'r3', 'r4']],
    [['metrics.`val loss` DESC'], ['r2', 'r3', 'r4', 'r1']],
    [['params.lr'], ['r2', 'r4', 'r1', 'r3']],
    [['params.lr DESC'], ['r4', 'r1', 'r2', 'r3']],
    [['tags."user-name" DESC'], ['r2', 'r1', 'r3', 'r4']],
    [['tags.`user-name` ASC'], ['r1', 'r2', 'r3', 'r4']],
    [['attributes.end_time'], ['r1', 'r4', 'r3', 'r2']],
    [['end_time DESC'], ['r4', 'r1', 'r3', 'r2']],
    [['run_name'], ['r1', 'r3', 'r2', 'r4']],
    [['`Run name` DESC'], ['r4', 'r2', 'r3', 'r1']],
    [['created ASC'], ['r1', 'r2', 'r3', 'r4']],
    [['attributes.start_time DESC'], ['r3', 'r4', 'r2', 'r1']],
    [['status', 'user_id DESC'], ['r2', 'r4', 'r1', 'r3']],
    [['run_id DESC'], ['r4', 'r3', 'r2', 'r1']],
    [['artifact_uri'], ['r1', 'r2', 'r3', 'r4']],
    [['params.model', 'metrics.acc DESC'], ['r3', 'r4', 'r1', 'r2']],
  ])('orders by %j, runs missing the key last, ties by start_time DESC then run_id', (orderBy, expected) => {
    expect(search('', { orderBy })).toEqual(expected);
  });

  it('orders and filters on the same metric', () => {
    expect(search('metrics.acc > 0.5', { orderBy: ['metrics.acc'] })).toEqual(['r3', 'r1', 'r4']);
  });

  it('pages with limit and offset while the count covers every match', () => {
    const orderBy = ['metrics.rmse'];
    expect(search('', { orderBy, limit: 2, offset: 0 })).toEqual(['r1', 'r2']);
    expect(search('', { orderBy, limit: 2, offset: 2 })).toEqual(['r3', 'r4']);
    expect(search('', { orderBy, limit: 2, offset: 4 })).toEqual([]);
    expect(count('', { orderBy, limit: 2, offset: 2 })).toBe(4);
    expect(count("params.model ILIKE 'log%' and metrics.rmse > 0.1")).toBe(2);
    expect(count('', { viewType: 'ALL', experimentIds: [1, 2] })).toBe(6);
  });

  it('rejects a negative or fractional page', () => {
    expect(() => compile('', { limit: -1 })).toThrow(/limit/);
    expect(() => compile('', { offset: 1.5 })).toThrow(/offset/);
  });
});

describe('compileExperimentSearch against SQLite', () => {
  let db: Db;

  beforeAll(() => {
    db = openDatabase();
    insertExperiment(db, 1, 'churn-a', 100, 400);
    insertExperiment(db, 2, 'churn-b', 200, 300);
    insertExperiment(db, 3, 'Churn-c', 300, 300);
    insertExperiment(db, 4, 'fraud', 400, 100);
    insertExperiment(db, 5, 'churn-old', 50, 50, 'deleted');
    const tag = db.prepare('INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)');
    tag.run(1, 'team', 'ml');
    tag.run(3, 'team', 'Data');
    tag.run(4, 'the team', 'risk');
  });

  function search(filter: string, orderBy: string[] = [], viewType: ViewType = 'ACTIVE_ONLY', limit = 100, offset = 0) {
    const compiled = compileExperimentSearch({
      clauses: parseExperimentFilter(filter),
      orderBy: parseExperimentOrderBy(orderBy),
      viewType,
      limit,
      offset,
    });
    const ids = db
      .prepare(compiled.sql)
      .all(...compiled.params)
      .map((row) => (row as { experiment_id: number }).experiment_id);
    const { count } = db.prepare(compiled.countSql).get(...compiled.countParams) as { count: number };
    return { ids, count };
  }

  it('lists the most recently updated first by default, ties on experiment_id DESC', () => {
    expect(search('').ids).toEqual([1, 3, 2, 4]);
  });

  it.each([
    ["name LIKE 'churn%' and tags.team IS NOT NULL", [1]],
    ["name LIKE 'churn%'", [1, 2]],
    ["attributes.name ILIKE 'CHURN%'", [1, 3, 2]],
    ["name = 'fraud'", [4]],
    ["name != 'fraud'", [1, 3, 2]],
    ['creation_time >= 200', [3, 2, 4]],
    ['last_update_time < 300', [4]],
    ['tags.team IS NULL', [2, 4]],
    ["tags.team = 'ml'", [1]],
    ["tags.team != 'ml'", [3]],
    ["tags.team LIKE 'd%'", []],
    ["tags.team ILIKE 'd%'", [3]],
    ["tags.`the team` = 'risk'", [4]],
  ])('filters %s', (filter, expected) => {
    expect(search(filter).ids).toEqual(expected);
  });

  it.each([
    [['name'], [3, 1, 2, 4]],
    [['name DESC'], [4, 2, 1, 3]],
    [['experiment_id'], [1, 2, 3, 4]],
    [['creation_time DESC'], [4, 3, 2, 1]],
    [['attributes.last_update_time'], [4, 3, 2, 1]],
  ])('orders by %j', (orderBy, expected) => {
    expect(search('', orderBy).ids).toEqual(expected);
  });

  it('applies the view type and pages with a full count', () => {
    expect(search('', [], 'DELETED_ONLY').ids).toEqual([5]);
    expect(search("name LIKE 'churn%'", ['experiment_id'], 'ALL').ids).toEqual([1, 2, 5]);
    expect(search('', ['experiment_id'], 'ALL', 2, 2)).toEqual({ ids: [3, 4], count: 5 });
  });
});

describe('the benchmark query at 10,000 runs × 20 params × 20 metrics', () => {
  it('reaches latest_metrics and params only through their indexes', () => {
    const db = openDatabase();
    insertExperiment(db, 1, 'scale', 0, 0);
    const fixtures: RunFixture[] = Array.from({ length: 10_000 }, (_, index) => ({
      id: index.toString(16).padStart(32, '0'),
      name: `run ${index}`,
      user: 'bench',
      status: 'FINISHED',
      start: index,
      metrics: Object.fromEntries(Array.from({ length: 20 }, (_, key) => [`m${key}`, ((index * 31 + key * 17) % 1000) / 1000])),
      params: Object.fromEntries(Array.from({ length: 20 }, (_, key) => [`p${key}`, String((index * 7 + key) % 10)])),
    }));
    insertRuns(db, fixtures);
    const compiled = compileRunSearch({
      experimentIds: [1],
      clauses: parseRunFilter("metrics.m3 < 0.5 and params.p5 = '3'"),
      orderBy: parseOrderBy(['metrics.m7 DESC']),
      viewType: 'ACTIVE_ONLY',
      limit: 100,
      offset: 0,
    });

    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
      .all(...compiled.params)
      .map((row) => (row as { detail: string }).detail);
    // "SCAN x" is a full pass over a table or index; the joined tables must be searched by key.
    const joined = /^(SCAN|SEARCH) (latest_metrics|params|filter\d+|order\d+)\b/;
    const joinSteps = plan.filter((step) => joined.test(step));
    expect(joinSteps).toHaveLength(3);
    for (const step of joinSteps) expect(step).toMatch(/^SEARCH \S+ USING (COVERING INDEX|INDEX|PRIMARY KEY) /);

    const rows = db.prepare(compiled.sql).all(...compiled.params) as { run_id: string }[];
    const { count } = db.prepare(compiled.countSql).get(...compiled.countParams) as { count: number };
    expect(rows).toHaveLength(100);
    expect(count).toBe(500);
  });
});
