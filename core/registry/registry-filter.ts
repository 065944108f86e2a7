// Filters of MLflow's registry searches (reference §10): conjunctions of `name = 'x'`,
// `name LIKE 'churn%'`, `tags.k = 'v'` for models, plus `run_id`, `source_path`,
// `version_number` for versions. Parsed with the tracking search lexer, compiled to SQL.
import { ValidationError } from '../api/errors.js';
import { likeToGlob } from '../tracking/search-sql.js';
import { TokenCursor, tokenize, type Subject } from '../tracking/search-tokenizer.js';

type Operator = '=' | '!=' | 'LIKE' | 'ILIKE' | 'IN';
export interface RegistryClause {
  field: string;
  tag?: string;
  operator: Operator;
  values: Array<string | number>;
}

const subject: Subject = { label: 'Invalid filter' };
const modelFields = new Set(['name']);
const versionFields = new Set(['name', 'run_id', 'source_path', 'version_number']);

export function parseRegistryFilter(text: string | undefined, kind: 'model' | 'version'): RegistryClause[] {
  if (!text || !text.trim()) return [];
  const cursor = new TokenCursor(tokenize(text, subject), text, subject);
  const clauses: RegistryClause[] = [];
  const fields = kind === 'model' ? modelFields : versionFields;
  do {
    const first = cursor.expect('word', 'a field (name, tags.<key>…)');
    let field = first.text.toLowerCase();
    let tag: string | undefined;
    if (field === 'tags' || field === 'tag') {
      cursor.expect('dot', "'.' after tags");
      const key = cursor.next();
      if (key.kind !== 'word' && key.kind !== 'string') throw cursor.fail('a tag key', key);
      tag = key.text;
      field = 'tags';
    } else if (field === 'attributes' || field === 'attribute') {
      cursor.expect('dot', "'.' after attributes");
      field = cursor.expect('word', 'an attribute').text.toLowerCase();
    }
    if (field !== 'tags' && !fields.has(field)) {
      throw new ValidationError(`Invalid filter: '${first.text}' is not searchable here; use ${[...fields].join(', ')} or tags.<key>.`, { field: 'filter' });
    }
    const operatorToken = cursor.next();
    const word = operatorToken.text.toUpperCase();
    let operator: Operator;
    if (operatorToken.kind === 'operator' && (word === '=' || word === '!=')) operator = word;
    else if (operatorToken.kind === 'word' && (word === 'LIKE' || word === 'ILIKE' || word === 'IN')) operator = word;
    else throw cursor.fail("=, !=, LIKE, ILIKE or IN", operatorToken);
    const values: Array<string | number> = [];
    if (operator === 'IN') {
      cursor.expect('open', "'(' after IN");
      do values.push(readValue(cursor));
      while (cursor.peek().kind === 'comma' && cursor.next());
      cursor.expect('close', "')'");
    } else values.push(readValue(cursor));
    clauses.push({ field, tag, operator, values });
  } while (cursor.acceptKeyword('AND'));
  if (!cursor.atEnd()) throw cursor.fail('AND or the end of the filter');
  return clauses;
}

function readValue(cursor: TokenCursor): string | number {
  const token = cursor.next();
  if (token.kind === 'string') return token.text;
  if (token.kind === 'number') return Number(token.text);
  throw cursor.fail('a quoted value', token);
}

/** SQL for the clauses against `alias` (registered_models or model_versions), with its parameters. */
export function registryFilterSql(clauses: RegistryClause[], alias: string, kind: 'model' | 'version'): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const clause of clauses) {
    let column: string;
    if (clause.field === 'tags') {
      const table = kind === 'model' ? 'registered_model_tags' : 'model_version_tags';
      const join = kind === 'model' ? `t.name = ${alias}.name` : `t.name = ${alias}.name AND t.version = ${alias}.version`;
      column = `(SELECT t.value FROM ${table} t WHERE ${join} AND t.key = ?)`;
      params.push(clause.tag);
    } else {
      column = { name: `${alias}.name`, run_id: `${alias}.run_id`, source_path: `${alias}.source`, version_number: `${alias}.version` }[clause.field]!;
    }
    if (clause.operator === 'IN') {
      parts.push(`${column} IN (${clause.values.map(() => '?').join(', ')})`);
      params.push(...clause.values);
    } else if (clause.operator === 'ILIKE') {
      parts.push(`LOWER(${column}) LIKE LOWER(?)`);
      params.push(clause.values[0]);
    } else if (clause.operator === 'LIKE') {
      // MLflow's LIKE is case-sensitive; SQLite's is not, so it runs as GLOB (as run search does).
      parts.push(`${column} GLOB ?`);
      params.push(likeToGlob(String(clause.values[0])));
    } else {
      parts.push(`${column} ${clause.operator} ?`);
      params.push(clause.values[0]);
    }
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}
