// Small tables for expectation tests, built the way datasets build them (dictionary codes for
// strings, NaN for missing numbers), so tests exercise the same column layouts as real data.
import type { Column, Table } from '../../datasets/table.js';
import type { ExpectationSuite, JsonObject } from '../model.js';

export function numbers(name: string, values: Array<number | null>, type: 'numeric' | 'boolean' | 'datetime' = 'numeric'): Column {
  return { name, type, values: Float64Array.from(values, (value) => (value === null ? Number.NaN : value)) };
}

export function booleans(name: string, values: Array<boolean | null>): Column {
  return numbers(name, values.map((value) => (value === null ? null : Number(value))), 'boolean');
}

export function strings(name: string, values: Array<string | null>, type: 'categorical' | 'text' = 'categorical'): Column {
  const dictionary: string[] = [];
  const lookup = new Map<string, number>();
  const codes = Int32Array.from(values, (value) => {
    if (value === null) return -1;
    let code = lookup.get(value);
    if (code === undefined) {
      code = dictionary.length;
      lookup.set(value, code);
      dictionary.push(value);
    }
    return code;
  });
  return { name, type, codes, dictionary };
}

export function tableOf(...columns: Column[]): Table {
  const first = columns[0];
  const rowCount = first ? ('values' in first ? first.values.length : first.codes.length) : 0;
  return { rowCount, columns };
}

export function suiteOf(...expectations: Array<[string, JsonObject]>): ExpectationSuite {
  return { name: 'test', id: 'suite-id', expectations: expectations.map(([type, kwargs], index) => ({ type, kwargs, meta: {}, id: `e${index}` })), suite_parameters: {}, meta: {} };
}
