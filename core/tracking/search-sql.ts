// Turns parsed search clauses into SQLite queries over the tracking schema (migrations.ts).
// Every user value is a bound parameter; the only text spliced in is what this module generates
// (table aliases, column names from closed lists, sort directions).

import type { ViewType } from '../api/contract.js';
import { ValidationError } from '../api/errors.js';
import type {
  ExperimentClause,
  ExperimentOrderTerm,
  ExperimentSortKey,
  ListOperator,
  NumericOperator,
  OrderTerm,
  RunAttribute,
  RunClause,
  SortDirection,
  StringOperator,
} from './search-filter.js';

export interface RunSearchInput {
  experimentIds: number[];
  clauses: RunClause[];
  orderBy: OrderTerm[];
  viewType: ViewType;
  limit: number;
  offset: number;
}

export interface ExperimentSearchInput {
  clauses: ExperimentClause[];
  orderBy: ExperimentOrderTerm[];
  viewType: ViewType;
  limit: number;
  offset: number;
}

/** `sql` returns one page of rows; `countSql` returns `{ count }` over all matches. */
export interface CompiledSearch {
  sql: string;
  params: unknown[];
  countSql: string;
  countParams: unknown[];
}

/** A piece of SQL with the values for its placeholders, in text order. */
interface Fragment {
  sql: string;
  params: unknown[];
}

const runColumns: Record<RunAttribute, string> = {
  run_id: 'runs.run_id',
  run_name: 'runs.run_name',
  user_id: 'runs.user_id',
  status: 'runs.status',
  artifact_uri: 'runs.artifact_uri',
  start_time: 'runs.start_time',
  end_time: 'runs.end_time',
};

const experimentColumns: Record<ExperimentSortKey, string> = {
  name: 'experiments.name',
  experiment_id: 'experiments.experiment_id',
  creation_time: 'experiments.creation_time',
  last_update_time: 'experiments.last_update_time',
};

const lifecycleStages: Record<ViewType, string | undefined> = {
  ACTIVE_ONLY: 'active',
  DELETED_ONLY: 'deleted',
  ALL: undefined,
};

// MLflow's input tag naming the role of a dataset in a run (train, eval, …).
const datasetContextTag = 'mlflow.data.context';

export function compileRunSearch(input: RunSearchInput): CompiledSearch {
  checkPage(input.limit, input.offset);
  const filterJoins: Fragment[] = [];
  const conditions: Fragment[] = [
    { sql: `runs.experiment_id IN (${placeholders(input.experimentIds.length)})`, params: [...input.experimentIds] },
  ];
  const stage = lifecycleStages[input.viewType];
  if (stage !== undefined) conditions.push({ sql: 'runs.lifecycle_stage = ?', params: [stage] });

  // Inner joins on (run_id, key) match at most one row per run, so no DISTINCT is needed, and an
  // equality on key lets the planner use the primary key or the (key, value) index.
  input.clauses.forEach((clause, index) => {
    const alias = `filter${index}`;
    if (clause.kind === 'metric') {
      // NaN is stored as value 0 with is_nan = 1; it must not satisfy any comparison.
      filterJoins.push({
        sql: `JOIN latest_metrics AS ${alias} ON ${alias}.run_id = runs.run_id AND ${alias}.key = ? AND ${alias}.is_nan = 0 AND ${alias}.value ${numericOperator(clause.op)} ?`,
        params: [clause.key, clause.value],
      });
    } else if (clause.kind === 'param' || clause.kind === 'tag') {
      const comparison = compareString(`${alias}.value`, clause.op, clause.value);
      filterJoins.push({
        sql: `JOIN ${clause.kind === 'param' ? 'params' : 'tags'} AS ${alias} ON ${alias}.run_id = runs.run_id AND ${alias}.key = ? AND ${comparison.sql}`,
        params: [clause.key, ...comparison.params],
      });
    } else if (clause.kind === 'attribute') {
      const column = runColumns[clause.key];
      conditions.push(
        typeof clause.value === 'number'
          ? { sql: `${column} ${numericOperator(clause.op as NumericOperator)} ?`, params: [clause.value] }
          : compareString(column, clause.op as StringOperator | ListOperator, clause.value),
      );
    }
  });
  const datasetClauses = input.clauses.filter((clause) => clause.kind === 'dataset');
  if (datasetClauses.length > 0) conditions.push(datasetCondition(datasetClauses));

  const orderJoins: Fragment[] = [];
  const orderTerms = input.orderBy.map((term, index) => {
    if (term.kind === 'attribute') return attributeOrder(runColumns[term.key], term.direction, term.key === 'end_time');
    const alias = `order${index}`;
    const table = { metric: 'latest_metrics', param: 'params', tag: 'tags' }[term.kind];
    orderJoins.push({
      sql: `LEFT JOIN ${table} AS ${alias} ON ${alias}.run_id = runs.run_id AND ${alias}.key = ?`,
      params: [term.key],
    });
    // Runs without the key (and NaN metrics, just before them) sort last in either direction.
    const presence =
      term.kind === 'metric'
        ? `CASE WHEN ${alias}.run_id IS NULL THEN 2 WHEN ${alias}.is_nan = 1 THEN 1 ELSE 0 END`
        : `${alias}.run_id IS NULL`;
    return `${presence}, ${alias}.value ${sortDirection(term.direction)}`;
  });
  orderTerms.push('runs.start_time DESC', 'runs.run_id ASC');

  const where = joinFragments(conditions, ' AND ');
  const filtered = joinFragments(filterJoins, ' ');
  const ordered = joinFragments(orderJoins, ' ');
  return {
    sql: clean(
      `SELECT runs.* FROM runs ${filtered.sql} ${ordered.sql} WHERE ${where.sql} ORDER BY ${orderTerms.join(', ')} LIMIT ? OFFSET ?`,
    ),
    params: [...filtered.params, ...ordered.params, ...where.params, input.limit, input.offset],
    countSql: clean(`SELECT COUNT(*) AS count FROM runs ${filtered.sql} WHERE ${where.sql}`),
    countParams: [...filtered.params, ...where.params],
  };
}

// All dataset clauses must hold for the same logged input, so `datasets.name = 'a' AND
// datasets.context = 'train'` means "a was used for training", not "some input is a, some is train".
function datasetCondition(clauses: Extract<RunClause, { kind: 'dataset' }>[]): Fragment {
  const parts = clauses.map((clause) => {
    if (clause.key !== 'context') return compareString(`input.${clause.key}`, clause.op, clause.value);
    const comparison = compareString(`json_extract(context.value, '$.value')`, clause.op, clause.value);
    return {
      sql: `EXISTS (SELECT 1 FROM json_each(input.tags) AS context WHERE json_extract(context.value, '$.key') = '${datasetContextTag}' AND ${comparison.sql})`,
      params: comparison.params,
    };
  });
  const combined = joinFragments(parts, ' AND ');
  return {
    sql: `EXISTS (SELECT 1 FROM run_inputs AS input WHERE input.run_id = runs.run_id AND ${combined.sql})`,
    params: combined.params,
  };
}

export function compileExperimentSearch(input: ExperimentSearchInput): CompiledSearch {
  checkPage(input.limit, input.offset);
  const conditions: Fragment[] = [];
  const stage = lifecycleStages[input.viewType];
  if (stage !== undefined) conditions.push({ sql: 'experiments.lifecycle_stage = ?', params: [stage] });

  input.clauses.forEach((clause, index) => {
    if (clause.kind === 'attribute') {
      const column = experimentColumns[clause.key];
      conditions.push(
        typeof clause.value === 'number'
          ? { sql: `${column} ${numericOperator(clause.op as NumericOperator)} ?`, params: [clause.value] }
          : compareString(column, clause.op as StringOperator, clause.value),
      );
      return;
    }
    const alias = `tag${index}`;
    const lookup = `SELECT 1 FROM experiment_tags AS ${alias} WHERE ${alias}.experiment_id = experiments.experiment_id AND ${alias}.key = ?`;
    if (clause.op === 'IS NULL') conditions.push({ sql: `NOT EXISTS (${lookup})`, params: [clause.key] });
    else if (clause.op === 'IS NOT NULL') conditions.push({ sql: `EXISTS (${lookup})`, params: [clause.key] });
    else {
      const comparison = compareString(`${alias}.value`, clause.op, clause.value as string);
      conditions.push({ sql: `EXISTS (${lookup} AND ${comparison.sql})`, params: [clause.key, ...comparison.params] });
    }
  });

  // Without an order, the most recently updated experiments come first, as MLflow's client documents.
  const terms: ExperimentOrderTerm[] =
    input.orderBy.length > 0 ? input.orderBy : [{ key: 'last_update_time', direction: 'DESC' }];
  const orderTerms = terms.map((term) => attributeOrder(experimentColumns[term.key], term.direction, false));
  orderTerms.push('experiments.experiment_id DESC');

  const where = conditions.length > 0 ? joinFragments(conditions, ' AND ') : { sql: '1', params: [] };
  return {
    sql: `SELECT experiments.* FROM experiments WHERE ${where.sql} ORDER BY ${orderTerms.join(', ')} LIMIT ? OFFSET ?`,
    params: [...where.params, input.limit, input.offset],
    countSql: `SELECT COUNT(*) AS count FROM experiments WHERE ${where.sql}`,
    countParams: [...where.params],
  };
}

/**
 * SQLite's LIKE ignores ASCII case and the pragma that changes that is connection-wide, so a
 * case-sensitive LIKE is run as GLOB with the pattern translated; ILIKE lowers both sides.
 */
function compareString(expression: string, op: StringOperator | ListOperator, value: string | string[]): Fragment {
  if (Array.isArray(value)) {
    const negation = op === 'NOT IN' ? 'NOT ' : '';
    return { sql: `${expression} ${negation}IN (${placeholders(value.length)})`, params: [...value] };
  }
  switch (op) {
    case '=':
    case '!=':
      return { sql: `${expression} ${op} ?`, params: [value] };
    case 'LIKE':
      return { sql: `${expression} GLOB ?`, params: [likeToGlob(value)] };
    case 'ILIKE':
      return { sql: `LOWER(${expression}) LIKE LOWER(?)`, params: [value] };
    default:
      throw new ValidationError(`Operator ${op} needs a list of values`, { expected: 'a list' });
  }
}

/** LIKE's `%` and `_` become GLOB's `*` and `?`; GLOB's own wildcards are bracketed to stay literal. */
export function likeToGlob(pattern: string): string {
  let glob = '';
  for (const char of pattern) {
    if (char === '%') glob += '*';
    else if (char === '_') glob += '?';
    else if (char === '*' || char === '?' || char === '[') glob += `[${char}]`;
    else glob += char;
  }
  return glob;
}

function numericOperator(op: NumericOperator): string {
  // The parser only produces these; checking again keeps this module safe on its own.
  if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) {
    throw new ValidationError(`Unsupported numeric operator ${op}`, { expected: '=, !=, <, <=, >, >=' });
  }
  return op;
}

function attributeOrder(column: string, direction: SortDirection, nullable: boolean): string {
  const order = `${column} ${sortDirection(direction)}`;
  return nullable ? `${column} IS NULL, ${order}` : order;
}

// Directions are spliced into SQL, so only the two keywords may pass.
function sortDirection(direction: SortDirection): SortDirection {
  return direction === 'DESC' ? 'DESC' : 'ASC';
}

function checkPage(limit: number, offset: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new ValidationError(`Invalid limit ${limit}: expected a whole number ≥ 0`, { field: 'limit' });
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ValidationError(`Invalid offset ${offset}: expected a whole number ≥ 0`, { field: 'offset' });
  }
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function joinFragments(fragments: Fragment[], separator: string): Fragment {
  return { sql: fragments.map((part) => part.sql).join(separator), params: fragments.flatMap((part) => part.params) };
}

// Empty join lists leave double spaces; keep the SQL readable in logs and plans.
function clean(sql: string): string {
  return sql.replace(/\s+/g, ' ');
}
