// Parsers for MLflow's search filters and order_by lists (reference §8). The grammar is a flat
// `clause (AND clause)*`; anything richer (OR, grouping, NOT other than NOT IN, field-vs-field)
// is refused with the position of the first token that does not fit, so a user can fix the filter.

import { TokenCursor, tokenize, type Subject, type Token } from './search-tokenizer.js';

export type NumericOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type StringOperator = '=' | '!=' | 'LIKE' | 'ILIKE';
export type ListOperator = 'IN' | 'NOT IN';
export type NullOperator = 'IS NULL' | 'IS NOT NULL';
type Operator = NumericOperator | StringOperator | ListOperator | NullOperator;

export type NumericRunAttribute = 'start_time' | 'end_time';
export type StringRunAttribute = 'run_id' | 'run_name' | 'user_id' | 'status' | 'artifact_uri';
export type RunAttribute = NumericRunAttribute | StringRunAttribute;
export type DatasetField = 'name' | 'digest' | 'context';

export type RunClause =
  | { kind: 'metric'; key: string; op: NumericOperator; value: number }
  | { kind: 'param' | 'tag'; key: string; op: StringOperator; value: string }
  | { kind: 'attribute'; key: NumericRunAttribute; op: NumericOperator; value: number }
  | { kind: 'attribute'; key: StringRunAttribute; op: StringOperator; value: string }
  | { kind: 'attribute'; key: 'run_id'; op: ListOperator; value: string[] }
  | { kind: 'dataset'; key: DatasetField; op: StringOperator; value: string }
  | { kind: 'dataset'; key: DatasetField; op: ListOperator; value: string[] };

export type SortDirection = 'ASC' | 'DESC';

export type OrderTerm =
  | { kind: 'metric' | 'param' | 'tag'; key: string; direction: SortDirection }
  | { kind: 'attribute'; key: RunAttribute; direction: SortDirection };

export type ExperimentAttribute = 'name' | 'creation_time' | 'last_update_time';

export type ExperimentClause =
  | { kind: 'attribute'; key: 'name'; op: StringOperator; value: string }
  | { kind: 'attribute'; key: 'creation_time' | 'last_update_time'; op: NumericOperator; value: number }
  | { kind: 'tag'; key: string; op: StringOperator; value: string }
  | { kind: 'tag'; key: string; op: NullOperator; value: null };

export type ExperimentSortKey = 'name' | 'experiment_id' | 'creation_time' | 'last_update_time';

export interface ExperimentOrderTerm {
  key: ExperimentSortKey;
  direction: SortDirection;
}

const numericOperators: readonly Operator[] = ['=', '!=', '<', '<=', '>', '>='];
const stringOperators: readonly Operator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const listOperators: readonly Operator[] = [...stringOperators, 'IN', 'NOT IN'];
const nullableOperators: readonly Operator[] = [...stringOperators, 'IS NULL', 'IS NOT NULL'];

const runPrefixes: Record<string, RunClause['kind']> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'param',
  parameters: 'param',
  param: 'param',
  params: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

// Aliases are exact-case: MLflow lists "Run name" and "Created" as separate spellings.
const runAttributeAliases: Record<string, RunAttribute> = {
  run_id: 'run_id',
  run_name: 'run_name',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
  user_id: 'user_id',
  status: 'status',
  artifact_uri: 'artifact_uri',
  start_time: 'start_time',
  created: 'start_time',
  Created: 'start_time',
  end_time: 'end_time',
};

const runAttributes: readonly RunAttribute[] = [
  'run_id', 'run_name', 'user_id', 'status', 'artifact_uri', 'start_time', 'end_time',
];
const numericRunAttributes: ReadonlySet<RunAttribute> = new Set(['start_time', 'end_time']);
const datasetFields: readonly DatasetField[] = ['name', 'digest', 'context'];

const experimentPrefixes: Record<string, ExperimentClause['kind']> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  tag: 'tag',
  tags: 'tag',
};
const experimentAttributes: readonly ExperimentAttribute[] = ['name', 'creation_time', 'last_update_time'];
const experimentSortKeys: readonly ExperimentSortKey[] = ['name', 'experiment_id', 'creation_time', 'last_update_time'];

// Keywords cannot start a clause, so `NOT metrics.a > 1` is reported as a misplaced NOT.
const reservedWords: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'IS', 'NULL']);

/** What a field accepts, decided once its identifier and key are known. */
interface FieldSpec {
  kind: string;
  key: string;
  operators: readonly Operator[];
  value: 'number' | 'string';
}

/** `<identifier>.<key>` or a bare/quoted attribute name, before validation. */
interface FieldReference {
  prefix?: Token;
  key: string;
  keyToken: Token;
}

const filterSubject: Subject = { label: 'Invalid filter' };

/** A runs/search `filter`; blank means no clauses. Throws ValidationError naming the position. */
export function parseRunFilter(text: string): RunClause[] {
  return parseClauses(text, runFieldSpec) as RunClause[];
}

/** An experiments/search `filter`; tags also take IS NULL and IS NOT NULL. */
export function parseExperimentFilter(text: string): ExperimentClause[] {
  return parseClauses(text, experimentFieldSpec) as ExperimentClause[];
}

/** runs/search `order_by`: `"<identifier>.<key> [ASC|DESC]"` per item, ASC by default. */
export function parseOrderBy(items: readonly string[]): OrderTerm[] {
  return items.map((item) =>
    parseOrderItem(item, (cursor, field) => {
      const spec = runFieldSpec(cursor, field);
      if (spec.kind === 'dataset') throw cursor.fail('metrics, params, tags or a run attribute', field.prefix);
      return spec;
    }),
  ) as OrderTerm[];
}

/** experiments/search `order_by`: name, experiment_id, creation_time or last_update_time. */
export function parseExperimentOrderBy(items: readonly string[]): ExperimentOrderTerm[] {
  return items.map((item) =>
    parseOrderItem(item, (cursor, field) => {
      const kind = field.prefix ? experimentPrefixes[field.prefix.text] : 'attribute';
      if (kind !== 'attribute') throw cursor.fail('an attribute (attributes.<key> or <key>)', field.prefix);
      if (!experimentSortKeys.includes(field.key as ExperimentSortKey)) {
        throw cursor.fail(`one of ${experimentSortKeys.join(', ')}`, field.keyToken);
      }
      return { kind, key: field.key, operators: [], value: 'string' };
    }),
  ).map(({ key, direction }) => ({ key: key as ExperimentSortKey, direction }));
}

type SpecFor = (cursor: TokenCursor, field: FieldReference) => FieldSpec;

function parseClauses(text: string, specFor: SpecFor): unknown[] {
  const cursor = new TokenCursor(tokenize(text, filterSubject), text, filterSubject);
  const clauses: unknown[] = [];
  if (cursor.atEnd()) return clauses;
  for (;;) {
    const spec = specFor(cursor, readField(cursor));
    const op = readOperator(cursor, spec.operators);
    clauses.push({ kind: spec.kind, key: spec.key, op, value: readValue(cursor, spec, op) });
    if (cursor.atEnd()) return clauses;
    cursor.expectKeyword('AND');
  }
}

function parseOrderItem(item: string, specFor: SpecFor): { kind: string; key: string; direction: SortDirection } {
  const subject: Subject = { label: `Invalid order_by ${JSON.stringify(item)}` };
  const cursor = new TokenCursor(tokenize(item, subject), item, subject);
  const { kind, key } = specFor(cursor, readField(cursor));
  let direction: SortDirection = 'ASC';
  if (cursor.acceptKeyword('DESC')) direction = 'DESC';
  else cursor.acceptKeyword('ASC');
  if (!cursor.atEnd()) throw cursor.fail('ASC or DESC');
  return { kind, key, direction };
}

function readField(cursor: TokenCursor): FieldReference {
  const first = cursor.peek();
  const dot = cursor.peek(1);
  if (first.kind === 'word' && dot.kind === 'dot') {
    cursor.next();
    cursor.next();
    return { prefix: first, ...readKey(cursor) };
  }
  const bareName = first.kind === 'word' && !reservedWords.has(first.text.toUpperCase());
  if (bareName || (first.kind === 'string' && first.quote !== "'")) {
    cursor.next();
    return { key: first.text, keyToken: first };
  }
  throw cursor.fail('an identifier such as metrics.<key> or a run attribute');
}

// An unquoted key may contain dots (`tags.mlflow.runName`): MLflow splits on the first dot only.
function readKey(cursor: TokenCursor): { key: string; keyToken: Token } {
  const keyToken = cursor.peek();
  if (keyToken.kind === 'string' && keyToken.quote !== "'" && keyToken.text !== '') {
    cursor.next();
    return { key: keyToken.text, keyToken };
  }
  if (keyToken.kind !== 'word') throw cursor.fail('a key: a name, "quoted" or `quoted`');
  let key = cursor.next().text;
  while (cursor.peek().kind === 'dot' && cursor.peek(1).kind === 'word') {
    cursor.next();
    key += `.${cursor.next().text}`;
  }
  return { key, keyToken };
}

function runFieldSpec(cursor: TokenCursor, field: FieldReference): FieldSpec {
  const kind = field.prefix ? runPrefixes[field.prefix.text] : 'attribute';
  if (kind === undefined) {
    throw cursor.fail('an identifier (metrics, params, tags, attributes or datasets)', field.prefix);
  }
  switch (kind) {
    case 'metric':
      return { kind, key: field.key, operators: numericOperators, value: 'number' };
    case 'param':
    case 'tag':
      return { kind, key: field.key, operators: stringOperators, value: 'string' };
    case 'dataset':
      if (!datasetFields.includes(field.key as DatasetField)) {
        throw cursor.fail('a dataset key (name, digest or context)', field.keyToken);
      }
      return { kind, key: field.key, operators: listOperators, value: 'string' };
    case 'attribute': {
      const key = runAttributeAliases[field.key];
      if (key === undefined) {
        throw cursor.fail(`a run attribute (${runAttributes.join(', ')})`, field.keyToken);
      }
      if (numericRunAttributes.has(key)) return { kind, key, operators: numericOperators, value: 'number' };
      return { kind, key, operators: key === 'run_id' ? listOperators : stringOperators, value: 'string' };
    }
  }
}

function experimentFieldSpec(cursor: TokenCursor, field: FieldReference): FieldSpec {
  const kind = field.prefix ? experimentPrefixes[field.prefix.text] : 'attribute';
  if (kind === undefined) throw cursor.fail('an identifier (attributes or tags)', field.prefix);
  if (kind === 'tag') return { kind, key: field.key, operators: nullableOperators, value: 'string' };
  const key = field.key as ExperimentAttribute;
  if (!experimentAttributes.includes(key)) {
    throw cursor.fail(`an experiment attribute (${experimentAttributes.join(', ')})`, field.keyToken);
  }
  if (key === 'name') return { kind, key, operators: stringOperators, value: 'string' };
  return { kind, key, operators: numericOperators, value: 'number' };
}

function readOperator(cursor: TokenCursor, allowed: readonly Operator[]): Operator {
  const token = cursor.peek();
  const expected = `one of ${allowed.join(', ')}`;
  const word = token.kind === 'word' ? token.text.toUpperCase() : undefined;
  const start = token.kind === 'operator' ? token.text : word === 'NOT' ? 'NOT IN' : word === 'IS' ? 'IS NULL' : word;
  if (start === undefined || !allowed.includes(start as Operator)) throw cursor.fail(expected);
  cursor.next();
  if (start === 'NOT IN') {
    cursor.expectKeyword('IN');
    return 'NOT IN';
  }
  if (start === 'IS NULL') {
    const negated = cursor.acceptKeyword('NOT');
    cursor.expectKeyword('NULL');
    return negated ? 'IS NOT NULL' : 'IS NULL';
  }
  return start as Operator;
}

function readValue(cursor: TokenCursor, spec: FieldSpec, op: Operator): number | string | string[] | null {
  if (op === 'IS NULL' || op === 'IS NOT NULL') return null;
  if (op === 'IN' || op === 'NOT IN') return readList(cursor);
  if (spec.value === 'number') return Number(cursor.expect('number', 'a number').text);
  return readString(cursor);
}

function readString(cursor: TokenCursor): string {
  const token = cursor.peek();
  if (token.kind !== 'string' || token.quote === '`') throw cursor.fail("a quoted string ('…' or \"…\")");
  return cursor.next().text;
}

function readList(cursor: TokenCursor): string[] {
  cursor.expect('open', '(');
  const values = [readString(cursor)];
  while (cursor.peek().kind === 'comma') {
    cursor.next();
    values.push(readString(cursor));
  }
  cursor.expect('close', ', or )');
  return values;
}
