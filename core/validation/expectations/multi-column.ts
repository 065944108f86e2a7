// Multicolumn and column-pair map expectations (reference §3 #12, #17–#19 and
// select_column_values_unique_within_record). Rows are left out by `ignore_row_if` (then counted
// as missing, as GX does); the listed value is a dict (multicolumn) or an [A, B] pair.
import type { Column } from '../../datasets/table.js';
import { isNumericColumn } from '../../datasets/table.js';
import type { JsonObject } from '../model.js';
import { ExpectationFailure, isNullAt, outputAt, requireColumn, valueAt } from './column-values.js';
import type { MapContext, MapPlan } from './map-expectations.js';

type RowTest = (row: number) => boolean;

function ignoredRows(columns: Column[], rule: string): RowTest {
  if (rule === 'never') return () => false;
  if (rule === 'any_value_is_missing' || rule === 'either_value_is_missing') return (row) => columns.some((column) => isNullAt(column, row));
  if (rule === 'neither') return () => false;
  return (row) => columns.every((column) => isNullAt(column, row));
}

/** Dense ids per row for one column; missing values share one id, as pandas' duplicated does. */
function columnIds(column: Column): { ids: Float64Array; cardinality: number } {
  if (!isNumericColumn(column)) {
    const ids = new Float64Array(column.codes.length);
    for (let row = 0; row < ids.length; row++) ids[row] = column.codes[row] + 1;
    return { ids, cardinality: column.dictionary.length + 1 };
  }
  const ids = new Float64Array(column.values.length);
  const byValue = new Map<number, number>();
  for (let row = 0; row < ids.length; row++) {
    const value = column.values[row];
    if (Number.isNaN(value)) continue;
    let id = byValue.get(value);
    if (id === undefined) byValue.set(value, (id = byValue.size + 1));
    ids[row] = id;
  }
  return { ids, cardinality: byValue.size + 1 };
}

/** Combines the columns' ids into one id per row, re-densifying after each column so products stay exact. */
function tupleIds(columns: Column[]): Float64Array {
  let combined = columnIds(columns[0]).ids;
  for (const column of columns.slice(1)) {
    const next = columnIds(column);
    const byPair = new Map<number, number>();
    const merged = new Float64Array(combined.length);
    for (let row = 0; row < combined.length; row++) {
      const key = combined[row] * next.cardinality + next.ids[row];
      let id = byPair.get(key);
      if (id === undefined) byPair.set(key, (id = byPair.size));
      merged[row] = id;
    }
    combined = merged;
  }
  return combined;
}

function compoundUnique(columns: Column[]): RowTest {
  const ids = tupleIds(columns);
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return (row) => counts.get(ids[row])! > 1;
}

/** pandas nunique(dropna=False, axis=1) < len(columns): two missing values count as a repeat. */
function repeatedWithinRecord(columns: Column[]): RowTest {
  const key = (column: Column, row: number) => {
    const value = valueAt(column, row);
    return value === null ? 'null' : `${column.type === 'datetime' ? 'datetime' : typeof value}:${String(value)}`;
  };
  return (row) => {
    const seen = new Set<string>();
    for (const column of columns) seen.add(key(column, row));
    return seen.size < columns.length;
  };
}

function sumDiffers(columns: Column[], total: number): RowTest {
  for (const column of columns) if (!isNumericColumn(column)) throw new ExpectationFailure(`column '${column.name}' holds ${column.type} values; a row sum needs numbers`, { column: column.name });
  const arrays = columns.map((column) => (column as { values: Float64Array }).values);
  return (row) => {
    let sum = 0;
    for (const values of arrays) if (!Number.isNaN(values[row])) sum += values[row];
    return sum !== total;
  };
}

function plan(columns: Column[], ignored: RowTest, unexpected: RowTest, valueOf: MapPlan['valueOf']): MapPlan {
  return { outcome: (row) => (ignored(row) ? 2 : unexpected(row) ? 1 : 0), valueOf, nullsExcluded: true, domainColumns: columns.map((column) => column.name) };
}

export const multiColumnExpectationTypes = new Set([
  'expect_compound_columns_to_be_unique',
  'expect_select_column_values_to_be_unique_within_record',
  'expect_multicolumn_sum_to_equal',
  'expect_column_pair_values_a_to_be_greater_than_b',
  'expect_column_pair_values_to_be_equal',
]);

export function compileMultiColumn(type: string, context: MapContext): MapPlan {
  const { kwargs, table } = context;
  if (type.startsWith('expect_column_pair_')) {
    const first = requireColumn(table, kwargs.column_A as string);
    const second = requireColumn(table, kwargs.column_B as string);
    const ignored = ignoredRows([first, second], (kwargs.ignore_row_if as string | undefined) ?? 'both_values_are_missing');
    const valueOf = (row: number) => [outputAt(first, row), outputAt(second, row)];
    const sameKind = (first.type === 'datetime') === (second.type === 'datetime');
    if (type === 'expect_column_pair_values_to_be_equal') {
      return plan([first, second], ignored, (row) => !sameKind || valueAt(first, row) !== valueAt(second, row), valueOf);
    }
    const orEqual = kwargs.or_equal === true;
    const greater: RowTest = (row) => {
      const left = valueAt(first, row);
      const right = valueAt(second, row);
      if (left === null || right === null || !sameKind || typeof left !== typeof right) return false;
      return orEqual ? left >= right : left > right;
    };
    return plan([first, second], ignored, (row) => !greater(row), valueOf);
  }
  const columns = (kwargs.column_list as string[]).map((name) => requireColumn(table, name));
  const ignored = ignoredRows(columns, (kwargs.ignore_row_if as string | undefined) ?? 'all_values_are_missing');
  const valueOf = (row: number) => {
    const entry: JsonObject = {};
    for (const column of columns) entry[column.name] = outputAt(column, row);
    return entry;
  };
  if (type === 'expect_compound_columns_to_be_unique') return plan(columns, ignored, compoundUnique(columns), valueOf);
  if (type === 'expect_select_column_values_to_be_unique_within_record') return plan(columns, ignored, repeatedWithinRecord(columns), valueOf);
  return plan(columns, ignored, sumDiffers(columns, kwargs.sum_total as number), valueOf);
}
