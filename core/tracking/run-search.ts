import { ValidationError } from '../api/errors.js';
import { viewTypes, type ViewType } from '../api/contract.js';
import type { Sqlite } from '../workspace/database.js';
import type { ExperimentRecord } from './experiments.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { RunRecord } from './runs.js';
import { parseExperimentFilter, parseExperimentOrderBy, parseOrderBy, parseRunFilter } from './search-filter.js';
import { compileExperimentSearch, compileRunSearch, type CompiledSearch } from './search-sql.js';
import { limits } from './validation.js';

export interface SearchPage<Row> {
  rows: Row[];
  nextPageToken: string | null;
  total: number;
}

export function parseViewType(value: unknown, field: string): ViewType {
  if (value === undefined || value === null || value === '') return 'ACTIVE_ONLY';
  if (typeof value === 'number' && value >= 1 && value <= 3) return viewTypes[value - 1]; // proto enum numbers
  if (typeof value === 'string' && (viewTypes as readonly string[]).includes(value)) return value as ViewType;
  throw new ValidationError(`Invalid value ${JSON.stringify(value)} for parameter '${field}': expected one of ${viewTypes.join(', ')}.`, { field });
}

export function parseMaxResults(value: unknown, fallback: number, maximum: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > maximum) {
    throw new ValidationError(`Invalid value ${JSON.stringify(value)} for parameter 'max_results' supplied. It must be a positive integer at most ${maximum}.`, {
      field: 'max_results',
    });
  }
  return number;
}

function asStringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string')) throw new ValidationError(`Parameter '${field}' must be a list of strings.`, { field });
  return list as string[];
}

interface SearchInput {
  filter?: unknown;
  orderBy?: unknown;
  maxResults?: unknown;
  pageToken?: unknown;
  viewType?: unknown;
}

/** What runs and experiments searches read alike: filter text, order, page and view type. */
function commonOptions(input: SearchInput, viewField: string) {
  if (input.filter !== undefined && input.filter !== null && typeof input.filter !== 'string') {
    throw new ValidationError(`Parameter 'filter' must be a string.`, { field: 'filter' });
  }
  return {
    filter: (input.filter as string | undefined) ?? '',
    orderBy: asStringList(input.orderBy, 'order_by'),
    limit: parseMaxResults(input.maxResults, 1000, limits.maxSearchResults),
    offset: typeof input.pageToken === 'string' && input.pageToken ? decodePageToken(input.pageToken) : 0,
    viewType: parseViewType(input.viewType, viewField),
  };
}

/** Runs one compiled search: the page, plus the count and the next token. */
function runPage<Row>(db: Sqlite, compiled: CompiledSearch, limit: number, offset: number, withTotal: boolean): SearchPage<Row> {
  const rows = db.prepare(compiled.sql).all(...compiled.params) as Row[];
  if (!withTotal) {
    // The query asked for one row more than the page: its presence says another page exists.
    const more = rows.length > limit;
    if (more) rows.pop();
    return { rows, total: -1, nextPageToken: more ? encodePageToken(offset + limit) : null };
  }
  const { count } = db.prepare(compiled.countSql).get(...compiled.countParams) as { count: number };
  return { rows, total: count, nextPageToken: rows.length === limit && offset + limit < count ? encodePageToken(offset + limit) : null };
}

/**
 * Runs in MLflow's search semantics. With `withTotal` (the UI shows it) a count query runs too;
 * otherwise one extra row tells whether another page exists.
 */
export function searchRuns(db: Sqlite, input: SearchInput & { experimentIds: number[]; withTotal?: boolean }): SearchPage<RunRecord> {
  const options = commonOptions(input, 'run_view_type');
  const withTotal = input.withTotal ?? true;
  const compiled = compileRunSearch({
    experimentIds: input.experimentIds,
    clauses: parseRunFilter(options.filter),
    orderBy: parseOrderBy(options.orderBy),
    viewType: options.viewType,
    limit: withTotal ? options.limit : options.limit + 1,
    offset: options.offset,
  });
  return runPage(db, compiled, options.limit, options.offset, withTotal);
}

export function searchExperiments(db: Sqlite, input: SearchInput): SearchPage<ExperimentRecord> {
  const options = commonOptions(input, 'view_type');
  const compiled = compileExperimentSearch({
    clauses: parseExperimentFilter(options.filter),
    orderBy: parseExperimentOrderBy(options.orderBy),
    viewType: options.viewType,
    limit: options.limit,
    offset: options.offset,
  });
  return runPage(db, compiled, options.limit, options.offset, true);
}
