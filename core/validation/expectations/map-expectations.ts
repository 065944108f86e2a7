// Column-map expectations (reference §3 #1–#16): a per-row test with `mostly`, nulls excluded
// except for (not_)be_null. Each expectation compiles to a row test; `evaluateMap` runs it in one
// pass over the column and applies GX's exact mostly rule (reference §4).
import type { Column, Table } from '../../datasets/table.js';
import { isNumericColumn } from '../../datasets/table.js';
import type { Json, JsonObject, ResultFormat } from '../model.js';
import { likeRegex, pythonRegex, type RegexOptions } from '../python-text.js';
import { ExpectationFailure, isNullAt, outputAt, pythonText, requireColumn, unexpectedByValue, type ColumnCache } from './column-values.js';
import { booleanKwarg, boundsFor, stringKwarg, typedSet, withinBounds } from './kwargs.js';
import { mapResult } from './result-format.js';

export interface MapContext {
  table: Table;
  kwargs: JsonObject;
  cache: ColumnCache;
  regex: RegexOptions;
}

/** A compiled row test. outcome: 0 expected, 1 unexpected, 2 missing (left out of the ratio). */
export interface MapPlan {
  outcome: (row: number) => number;
  valueOf: (row: number) => Json;
  nullsExcluded: boolean;
  domainColumns: string[];
}

export interface EvaluationOutcome {
  success: boolean;
  result: JsonObject;
}

/** A single-column plan: nulls are missing, present values go through `unexpected`. */
function columnPlan(column: Column, unexpected: (row: number) => boolean): MapPlan {
  const outcome = isNumericColumn(column)
    ? (row: number) => (Number.isNaN(column.values[row]) ? 2 : unexpected(row) ? 1 : 0)
    : (row: number) => (column.codes[row] < 0 ? 2 : unexpected(row) ? 1 : 0);
  return { outcome, valueOf: (row) => outputAt(column, row), nullsExcluded: true, domainColumns: [column.name] };
}

function textTest(column: Column, cache: ColumnCache, test: (text: string) => boolean): (row: number) => boolean {
  const integral = column.type === 'numeric' && cache.isIntegral(column);
  return unexpectedByValue(column, (value) => test(pythonText(column, value, integral)));
}

function regexList(context: MapContext, key: string, like: boolean): RegExp[] {
  return (context.kwargs[key] as string[]).map((pattern) => (like ? likeRegex(pattern) : pythonRegex(pattern, context.regex)));
}

/** Python len(): code points, not UTF-16 units. */
function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) length--;
  }
  return length;
}

function lengthTest(column: Column, test: (length: number) => boolean): (row: number) => boolean {
  if (column.type !== 'categorical' && column.type !== 'text') throw new ExpectationFailure(`column '${column.name}' holds ${column.type} values; value lengths need strings`, { column: column.name });
  return unexpectedByValue(column, (value) => test(codePointLength(value as string)));
}

function uniqueness(column: Column, cache: ColumnCache): (row: number) => boolean {
  if (isNumericColumn(column)) {
    const counts = new Map<number, number>();
    for (const value of column.values) if (!Number.isNaN(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
    return (row) => counts.get(column.values[row])! > 1;
  }
  const counts = cache.codeCounts(column);
  return (row) => counts[column.codes[row]] > 1;
}

/** Compares each present value with the previous present one; the first passes (GX's diff rule). */
function monotonic(column: Column, increasing: boolean, strictly: boolean): (row: number) => boolean {
  if (!isNumericColumn(column)) throw new ExpectationFailure(`column '${column.name}' holds ${column.type} values; ordering checks need numbers or datetimes`, { column: column.name });
  const failing = new Uint8Array(column.values.length);
  let previous = Number.NaN;
  for (let row = 0; row < column.values.length; row++) {
    const value = column.values[row];
    if (Number.isNaN(value)) continue;
    if (!Number.isNaN(previous)) {
      const difference = increasing ? value - previous : previous - value;
      failing[row] = (strictly ? difference > 0 : difference >= 0) ? 0 : 1;
    }
    previous = value;
  }
  return (row) => failing[row] === 1;
}

type Compiler = (context: MapContext, column: Column) => (row: number) => boolean;

const singleColumn: Record<string, Compiler> = {
  expect_column_values_to_be_between: ({ kwargs }, column) => {
    const bounds = boundsFor(column, kwargs);
    return unexpectedByValue(column, (value) => withinBounds(typeof value === 'boolean' ? Number(value) : value, bounds));
  },
  expect_column_values_to_be_in_set: ({ kwargs }, column) => {
    const members = typedSet(column, kwargs.value_set);
    return unexpectedByValue(column, (value) => members.has(value));
  },
  expect_column_values_to_not_be_in_set: ({ kwargs }, column) => {
    const members = typedSet(column, kwargs.value_set);
    return unexpectedByValue(column, (value) => !members.has(value));
  },
  expect_column_values_to_match_regex: (context, column) => {
    const regex = pythonRegex(stringKwarg(context.kwargs, 'regex'), context.regex);
    return textTest(column, context.cache, (text) => regex.test(text));
  },
  expect_column_values_to_not_match_regex: (context, column) => {
    const regex = pythonRegex(stringKwarg(context.kwargs, 'regex'), context.regex);
    return textTest(column, context.cache, (text) => !regex.test(text));
  },
  expect_column_values_to_match_regex_list: (context, column) => matchList(context, column, 'regex_list', false),
  expect_column_values_to_match_like_pattern: (context, column) => {
    const regex = likeRegex(stringKwarg(context.kwargs, 'like_pattern'));
    return textTest(column, context.cache, (text) => regex.test(text));
  },
  expect_column_values_to_not_match_like_pattern: (context, column) => {
    const regex = likeRegex(stringKwarg(context.kwargs, 'like_pattern'));
    return textTest(column, context.cache, (text) => !regex.test(text));
  },
  expect_column_values_to_match_like_pattern_list: (context, column) => matchList(context, column, 'like_pattern_list', true),
  expect_column_values_to_not_match_regex_list: (context, column) => noneMatch(context, column, 'regex_list', false),
  expect_column_values_to_not_match_like_pattern_list: (context, column) => noneMatch(context, column, 'like_pattern_list', true),
  expect_column_values_to_be_unique: ({ cache }, column) => uniqueness(column, cache),
  expect_column_value_lengths_to_be_between: ({ kwargs }, column) => {
    const bounds = { min: numberOrNull(kwargs.min_value), max: numberOrNull(kwargs.max_value), strictMin: booleanKwarg(kwargs, 'strict_min', false), strictMax: booleanKwarg(kwargs, 'strict_max', false) };
    return lengthTest(column, (length) => withinBounds(length, bounds));
  },
  expect_column_value_lengths_to_equal: ({ kwargs }, column) => lengthTest(column, (length) => length === kwargs.value),
  expect_column_values_to_be_increasing: ({ kwargs }, column) => monotonic(column, true, booleanKwarg(kwargs, 'strictly', false)),
  expect_column_values_to_be_decreasing: ({ kwargs }, column) => monotonic(column, false, booleanKwarg(kwargs, 'strictly', false)),
};

function numberOrNull(value: Json | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw new ExpectationFailure(`length bounds must be numbers, got ${JSON.stringify(value)}`, { value });
  return value;
}

function matchList(context: MapContext, column: Column, key: string, like: boolean): (row: number) => boolean {
  const regexes = regexList(context, key, like);
  const all = context.kwargs.match_on === 'all';
  return textTest(column, context.cache, (text) => (all ? regexes.every((regex) => regex.test(text)) : regexes.some((regex) => regex.test(text))));
}

function noneMatch(context: MapContext, column: Column, key: string, like: boolean): (row: number) => boolean {
  const regexes = regexList(context, key, like);
  return textTest(column, context.cache, (text) => !regexes.some((regex) => regex.test(text)));
}

export const mapExpectationTypes = new Set([...Object.keys(singleColumn), 'expect_column_values_to_not_be_null', 'expect_column_values_to_be_null']);

export function compileColumnMap(type: string, context: MapContext): MapPlan {
  const column = requireColumn(context.table, stringKwarg(context.kwargs, 'column'));
  if (type === 'expect_column_values_to_not_be_null' || type === 'expect_column_values_to_be_null') {
    const wantNull = type === 'expect_column_values_to_be_null';
    return { outcome: (row) => (isNullAt(column, row) === wantNull ? 0 : 1), valueOf: (row) => outputAt(column, row), nullsExcluded: false, domainColumns: [column.name] };
  }
  return columnPlan(column, singleColumn[type](context, column));
}

/** One pass: counts, the unexpected rows to list, and GX's mostly rule (reference §4). */
export function evaluateMap(plan: MapPlan, rowCount: number, mostly: number, format: ResultFormat, table: Table): EvaluationOutcome {
  const limit = format.level === 'COMPLETE' || format.includeUnexpectedRows ? Infinity : format.level === 'BOOLEAN_ONLY' ? 0 : format.partialUnexpectedCount;
  const unexpectedRows: number[] = [];
  let missing = 0;
  let unexpected = 0;
  const outcome = plan.outcome;
  for (let row = 0; row < rowCount; row++) {
    const verdict = outcome(row);
    if (verdict === 0) continue;
    if (verdict === 2) missing++;
    else {
      if (unexpected < limit) unexpectedRows.push(row);
      unexpected++;
    }
  }
  const nonMissing = rowCount - missing;
  const success = rowCount === 0 || nonMissing === 0 || (nonMissing - unexpected) / nonMissing >= mostly;
  const result = mapResult({ elementCount: rowCount, missingCount: missing, unexpectedCount: unexpected, unexpectedRows, valueOf: plan.valueOf, nullsExcluded: plan.nullsExcluded, domainColumns: plan.domainColumns }, format, table);
  return { success, result };
}
