// How expectations see a Table column: null tests, Python-typed output values, value tests that
// run once per dictionary entry for string columns (then one pass over the codes), the pandas
// dtype name, and per-column work shared by every expectation in a run (distinct values, sorted
// numbers), so a 25-expectation suite does not redo the same pass 25 times.
import { ValidationError } from '../../api/errors.js';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../../datasets/table.js';
import { columnByName, isNumericColumn } from '../../datasets/table.js';
import type { Json } from '../model.js';
import { pythonFloatText, pythonTimestampText } from '../python-text.js';

/** A present value as the test sees it: numbers, booleans, strings, datetimes as epoch ms. */
export type Value = number | boolean | string;

export class ExpectationFailure extends ValidationError {}

export function requireColumn(table: Table, name: string): Column {
  const column = columnByName(table, name);
  if (!column) throw new ExpectationFailure(`column '${name}' does not exist; columns: ${table.columns.map((candidate) => candidate.name).join(', ')}`, { column: name });
  return column;
}

export function isNullAt(column: Column, row: number): boolean {
  return isNumericColumn(column) ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
}

export function valueAt(column: Column, row: number): Value | null {
  if (isNumericColumn(column)) {
    const value = column.values[row];
    if (Number.isNaN(value)) return null;
    return column.type === 'boolean' ? value === 1 : value;
  }
  const code = column.codes[row];
  return code < 0 ? null : column.dictionary[code];
}

/** A value as JSON in results: datetimes as ISO 8601 strings, like GX's serialised Timestamps. */
export function outputValue(column: Column, value: Value | null): Json {
  if (value === null) return null;
  if (column.type === 'datetime') return new Date(value as number).toISOString();
  return value;
}

export function outputAt(column: Column, row: number): Json {
  return outputValue(column, valueAt(column, row));
}

/**
 * pandas' dtype for the column: integral numbers without missing values load as int64, anything
 * with NaN as float64; strings are object columns.
 */
export function pandasDtype(column: Column, cache: ColumnCache): string {
  switch (column.type) {
    case 'boolean':
      return 'bool';
    case 'datetime':
      return 'datetime64[ns]';
    case 'categorical':
    case 'text':
      return 'object';
    case 'numeric':
      return cache.isIntegral(column) ? 'int64' : 'float64';
  }
}

/** str(value) as Python prints it, for regex and length tests on non-string columns. */
export function pythonText(column: Column, value: Value, integral: boolean): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (column.type === 'datetime') return pythonTimestampText(value);
  return integral ? String(value) : pythonFloatText(value);
}

/**
 * `row → true` when the present value at `row` fails `test`. String columns run the test once per
 * dictionary entry; the returned function then only looks up a flag per row.
 */
export function unexpectedByValue(column: Column, test: (value: Value) => boolean): (row: number) => boolean {
  if (isNumericColumn(column)) {
    const values = column.values;
    if (column.type === 'boolean') return (row) => !test(values[row] === 1);
    return (row) => !test(values[row]);
  }
  const failing = new Uint8Array(column.dictionary.length);
  for (let code = 0; code < failing.length; code++) failing[code] = test(column.dictionary[code]) ? 0 : 1;
  const codes = column.codes;
  return (row) => failing[codes[row]] === 1;
}

export interface DistinctValues {
  values: Value[];
  counts: number[];
  nonNull: number;
}

/** Per-run memo of column-wide facts, keyed by the column object. */
export class ColumnCache {
  private readonly distinctByColumn = new Map<Column, DistinctValues>();
  private readonly sortedByColumn = new Map<Column, Float64Array>();
  private readonly integralByColumn = new Map<Column, boolean>();
  private readonly codeCountsByColumn = new Map<Column, Float64Array>();

  isIntegral(column: NumericColumn): boolean {
    let integral = this.integralByColumn.get(column);
    if (integral === undefined) {
      integral = true;
      for (const value of column.values) {
        if (!Number.isInteger(value)) {
          integral = false;
          break;
        }
      }
      this.integralByColumn.set(column, integral);
    }
    return integral;
  }

  /** Present numbers in ascending order (a copy; the table is never reordered). */
  sortedNumbers(column: Column): Float64Array {
    if (!isNumericColumn(column)) throw new ExpectationFailure(`column '${column.name}' holds ${column.type} values; this expectation needs numbers`, { column: column.name });
    let sorted = this.sortedByColumn.get(column);
    if (!sorted) {
      const present = new Float64Array(column.values.length);
      let count = 0;
      for (const value of column.values) if (!Number.isNaN(value)) present[count++] = value;
      sorted = present.slice(0, count).sort();
      this.sortedByColumn.set(column, sorted);
    }
    return sorted;
  }

  /** Distinct present values, ascending, with their counts. */
  distinct(column: Column): DistinctValues {
    let distinct = this.distinctByColumn.get(column);
    if (!distinct) {
      distinct = isNumericColumn(column) ? this.distinctNumbers(column) : distinctStrings(column, this.codeCounts(column));
      this.distinctByColumn.set(column, distinct);
    }
    return distinct;
  }

  /** Rows per dictionary code: one pass over the codes, shared by uniqueness and counts. */
  codeCounts(column: CategoricalColumn): Float64Array {
    let counts = this.codeCountsByColumn.get(column);
    if (!counts) {
      counts = new Float64Array(column.dictionary.length);
      for (const code of column.codes) if (code >= 0) counts[code]++;
      this.codeCountsByColumn.set(column, counts);
    }
    return counts;
  }

  /** Distinct present values and present rows, without sorting the values. */
  distinctCount(column: Column): { distinct: number; nonNull: number } {
    if (isNumericColumn(column)) {
      const sorted = this.sortedNumbers(column);
      let distinct = sorted.length > 0 ? 1 : 0;
      for (let index = 1; index < sorted.length; index++) if (sorted[index] !== sorted[index - 1]) distinct++;
      return { distinct, nonNull: sorted.length };
    }
    let distinct = 0;
    let nonNull = 0;
    for (const count of this.codeCounts(column)) {
      if (count > 0) distinct++;
      nonNull += count;
    }
    return { distinct, nonNull };
  }

  private distinctNumbers(column: NumericColumn): DistinctValues {
    const sorted = this.sortedNumbers(column);
    const values: Value[] = [];
    const counts: number[] = [];
    for (let index = 0; index < sorted.length; index++) {
      if (index > 0 && sorted[index] === sorted[index - 1]) counts[counts.length - 1]++;
      else {
        values.push(column.type === 'boolean' ? sorted[index] === 1 : sorted[index]);
        counts.push(1);
      }
    }
    return { values, counts, nonNull: sorted.length };
  }
}

/** Dictionaries come from column-builder, which gives each distinct string one code. */
function distinctStrings(column: CategoricalColumn, byCode: Float64Array): DistinctValues {
  let nonNull = 0;
  const used: string[] = [];
  const countOf = new Map<string, number>();
  for (let code = 0; code < byCode.length; code++) {
    if (byCode[code] === 0) continue;
    nonNull += byCode[code];
    used.push(column.dictionary[code]);
    countOf.set(column.dictionary[code], byCode[code]);
  }
  const values = used.sort(compareStrings);
  return { values, counts: values.map((value) => countOf.get(value)!), nonNull };
}

/** Code-point order, as Python sorts str (localeCompare would not). */
export function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A stable order for mixed JSON values: numbers, then strings, then the rest by their JSON. */
export function compareJson(left: Json, right: Json): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return compareStrings(left, right);
  const rank = (value: Json) => (typeof value === 'number' ? 0 : typeof value === 'string' ? 1 : 2);
  return rank(left) - rank(right) || compareStrings(JSON.stringify(left), JSON.stringify(right));
}
