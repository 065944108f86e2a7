// Small table builders for the feature store's tests and benchmark: columns from plain arrays,
// the way CSV import would type them (strings → categorical codes, ISO times → epoch ms).
import type { Column, Table } from '../datasets/table.js';

export function textColumn(name: string, values: readonly (string | null)[]): Column {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (value) => {
    if (value === null) return -1;
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.push(value) - 1;
      index.set(value, code);
    }
    return code;
  });
  return { name, type: 'categorical', codes, dictionary };
}

export function numberColumn(name: string, values: readonly (number | null)[]): Column {
  return { name, type: 'numeric', values: Float64Array.from(values, (value) => (value === null ? NaN : value)) };
}

/** ISO 8601 with up to microsecond digits; the digits past milliseconds become the fraction of a ms. */
export function timeColumn(name: string, values: readonly (string | null)[]): Column {
  return { name, type: 'datetime', values: Float64Array.from(values, (value) => (value === null ? NaN : isoToMilliseconds(value))) };
}

export function isoToMilliseconds(text: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(text);
  if (!match) throw new Error(`not an ISO UTC timestamp: ${text}`);
  const fraction = (match[2] ?? '').padEnd(6, '0');
  return Date.parse(`${match[1]}Z`) + Number(fraction) / 1000;
}

export function tableOf(...columns: Column[]): Table {
  const first = columns[0];
  const rowCount = first ? ('values' in first ? first.values.length : first.codes.length) : 0;
  return { rowCount, columns };
}

/** A column's values as plain JS (null for missing) for assertions. */
export function columnValues(table: Table, name: string): (string | number | null)[] {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (!column) throw new Error(`no column ${name} (have ${table.columns.map((candidate) => candidate.name).join(', ')})`);
  if ('values' in column) return Array.from(column.values, (value) => (Number.isNaN(value) ? null : value));
  return Array.from(column.codes, (code) => (code < 0 ? null : column.dictionary[code]));
}
