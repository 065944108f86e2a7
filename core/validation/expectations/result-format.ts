// The `result` object of a map expectation at each result_format level (reference §6.1, GX
// `_format_map_output`), built from the counts and the collected unexpected rows.
import type { Table } from '../../datasets/table.js';
import { ValidationError } from '../../api/errors.js';
import { isJsonObject, resultFormatLevels, type Json, type JsonObject, type ResultFormat, type ResultFormatLevel } from '../model.js';
import { compareJson, outputAt } from './column-values.js';

export const defaultPartialUnexpectedCount = 20;

/** The effective format: a level or GX's dict; unknown levels and keys are input errors. */
export function parseResultFormat(input: Json | undefined, fallback: ResultFormatLevel = 'BASIC'): ResultFormat {
  const format: ResultFormat = { level: fallback, partialUnexpectedCount: defaultPartialUnexpectedCount, unexpectedIndexColumnNames: null, returnUnexpectedIndexQuery: false, excludeUnexpectedValues: false, includeUnexpectedRows: false };
  if (input === undefined || input === null) return format;
  const level = typeof input === 'string' ? input : isJsonObject(input) ? input.result_format : undefined;
  if (!resultFormatLevels.includes(level as ResultFormatLevel)) throw new ValidationError(`result_format must be one of ${resultFormatLevels.join(', ')}, got ${JSON.stringify(level)}`, { result_format: input });
  format.level = level as ResultFormatLevel;
  if (isJsonObject(input)) {
    const count = input.partial_unexpected_count;
    if (count !== undefined) {
      if (!Number.isInteger(count) || (count as number) < 0) throw new ValidationError('result_format.partial_unexpected_count must be a whole number ≥ 0', { result_format: input });
      format.partialUnexpectedCount = count as number;
    }
    const names = input.unexpected_index_column_names;
    if (Array.isArray(names) && names.every((name) => typeof name === 'string')) format.unexpectedIndexColumnNames = names as string[];
    format.returnUnexpectedIndexQuery = input.return_unexpected_index_query === true;
    format.excludeUnexpectedValues = input.exclude_unexpected_values === true;
    format.includeUnexpectedRows = input.include_unexpected_rows === true;
  }
  return format;
}

export interface MapCounts {
  elementCount: number;
  missingCount: number;
  unexpectedCount: number;
  /** Unexpected rows in table order: all of them for COMPLETE, else the first partial count. */
  unexpectedRows: number[];
  /** The value GX lists for an unexpected row (a tuple or a dict for multi-column expectations). */
  valueOf: (row: number) => Json;
  /** False for (not_)be_null: the ratio is over all rows and no missing_* keys are written. */
  nullsExcluded: boolean;
  /** The columns an expectation reads, for index dicts. */
  domainColumns: string[];
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

/** Sorted by count descending, then by value (reference §6.1). */
export function valueCounts(values: Json[], limit: number): JsonObject[] {
  const counts = new Map<string, { value: Json; count: number }>();
  for (const value of values) {
    const key = JSON.stringify(value);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { value, count: 1 });
  }
  return [...counts.values()]
    .sort((left, right) => right.count - left.count || compareJson(left.value, right.value))
    .slice(0, limit)
    .map(({ value, count }) => ({ value, count }));
}

export function mapResult(counts: MapCounts, format: ResultFormat, table: Table): JsonObject {
  if (format.level === 'BOOLEAN_ONLY') return {};
  const { elementCount, missingCount, unexpectedCount } = counts;
  const nonMissing = elementCount - missingCount;
  const partialRows = counts.unexpectedRows.slice(0, format.partialUnexpectedCount);
  const partialValues = partialRows.map(counts.valueOf);
  const result: JsonObject = { element_count: elementCount, unexpected_count: unexpectedCount, unexpected_percent: percent(unexpectedCount, nonMissing) };
  if (!format.excludeUnexpectedValues) result.partial_unexpected_list = partialValues;
  if (counts.nullsExcluded) {
    result.missing_count = missingCount;
    result.missing_percent = percent(missingCount, elementCount);
    result.unexpected_percent_total = percent(unexpectedCount, elementCount);
    result.unexpected_percent_nonmissing = percent(unexpectedCount, nonMissing);
  }
  if (format.level === 'BASIC') return result;

  const index = (row: number): Json => {
    if (!format.unexpectedIndexColumnNames) return row;
    const entry: JsonObject = {};
    for (const name of [...format.unexpectedIndexColumnNames, ...counts.domainColumns]) {
      const column = table.columns.find((candidate) => candidate.name === name);
      if (!column) throw new ValidationError(`unexpected_index_column_names names '${name}', which is not a column`, { column: name });
      entry[name] = outputAt(column, row);
    }
    return entry;
  };
  const listed = format.level === 'COMPLETE' ? counts.unexpectedRows : partialRows;
  if (!format.excludeUnexpectedValues) result.partial_unexpected_counts = valueCounts(format.level === 'COMPLETE' ? listed.map(counts.valueOf) : partialValues, format.partialUnexpectedCount);
  result.partial_unexpected_index_list = partialRows.map(index);
  if (format.level === 'COMPLETE') {
    if (!format.excludeUnexpectedValues) result.unexpected_list = listed.map(counts.valueOf);
    result.unexpected_index_list = listed.map(index);
  }
  if (format.includeUnexpectedRows) {
    result.unexpected_rows = listed.map((row) => {
      const entry: JsonObject = {};
      for (const column of table.columns) entry[column.name] = outputAt(column, row);
      return entry;
    });
  }
  return result;
}
