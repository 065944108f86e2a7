// Data quality as a user reads it: each test passes on clean data and fails, with the numbers,
// on the defect it looks for.
import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../datasets/table.js';
import { dataQuality, duplicatedColumns, duplicatedRows } from './data-quality.js';

const numeric = (name: string, values: number[]): Column => ({ name, type: 'numeric', values: Float64Array.from(values) });
const categorical = (name: string, values: (string | null)[]): Column => {
  const dictionary = [...new Set(values.filter((value): value is string => value !== null))];
  return { name, type: 'categorical', dictionary, codes: Int32Array.from(values, (value) => (value === null ? -1 : dictionary.indexOf(value))) };
};
const table = (...columns: Column[]): Table => ({ rowCount: columns.length ? (('values' in columns[0] ? columns[0].values : columns[0].codes) as ArrayLike<number>).length : 0, columns });
const find = (report: ReturnType<typeof dataQuality>, id: string, column: string | null = null) => report.tests.find((test) => test.id === id && test.column === column)!;

describe('dataQuality', () => {
  const reference = table(numeric('age', [20, 30, 40, 50, Number.NaN]), categorical('plan', ['basic', 'pro', 'basic', 'pro', 'basic']));

  it('passes every test when the current data looks like the reference', () => {
    const report = dataQuality(reference, table(numeric('age', [25, 35, 45, Number.NaN, 22]), categorical('plan', ['pro', 'basic', 'pro', 'basic', 'basic'])));
    expect(report.failed).toBe(0);
    expect(report.tests.map((test) => test.id).sort()).toEqual(['constant_columns', 'duplicated_columns', 'duplicated_rows', 'missing_share', 'missing_share', 'new_categories', 'out_of_range']);
  });

  it('fails missing share, new categories and out-of-range values with the numbers', () => {
    const report = dataQuality(reference, table(numeric('age', [10, 30, Number.NaN, Number.NaN, 90]), categorical('plan', ['basic', 'gold', 'gold', null, 'platinum'])));
    expect(find(report, 'missing_share', 'age')).toMatchObject({ status: 'FAIL', parameters: { current_share: 0.4, reference_share: 0.2, current_missing: 2 } });
    expect(find(report, 'missing_share', 'plan')).toMatchObject({ status: 'FAIL', parameters: { current_share: 0.2, reference_share: 0 } });
    expect(find(report, 'new_categories', 'plan')).toMatchObject({ status: 'FAIL', parameters: { new_categories: 2, values_outside: 3, share: 0.75, examples: ['gold', 'platinum'] } });
    expect(find(report, 'out_of_range', 'age')).toMatchObject({ status: 'FAIL', parameters: { reference_min: 20, reference_max: 50, current_min: 10, current_max: 90, values_outside: 2 } });
    expect(report.failed).toBe(4);
  });

  it('reports a column missing from the current data as an error, not a crash', () => {
    const report = dataQuality(reference, table(numeric('age', [20, 30, 40, 50, 45])));
    expect(find(report, 'missing_share', 'plan')).toMatchObject({ status: 'ERROR', description: expect.stringContaining("'plan' is missing") });
  });

  it('counts constant and duplicated columns against the reference', () => {
    const current = table(numeric('age', [1, 1, 1, 1, 1]), categorical('plan', ['a', 'b', 'a', 'b', 'a']), categorical('copy', ['a', 'b', 'a', 'b', 'a']));
    const report = dataQuality(reference, current);
    expect(find(report, 'constant_columns')).toMatchObject({ status: 'FAIL', parameters: { current: 1, reference: 0, columns: ['age'] } });
    expect(find(report, 'duplicated_columns')).toMatchObject({ status: 'FAIL', parameters: { current: 1, reference: 0, columns: ['copy'] } });
    expect(duplicatedColumns(table(numeric('x', [1, Number.NaN]), numeric('y', [1, Number.NaN]), numeric('z', [1, 2])))).toEqual(['y']);
  });

  it('counts duplicated rows exactly (NaN equals NaN, as pandas) and scales the reference count by size', () => {
    const rows = table(numeric('a', [1, 1, 2, Number.NaN, Number.NaN, 1]), categorical('b', ['x', 'x', 'x', null, null, 'y']));
    expect(duplicatedRows(rows)).toBe(2);
    const referenceWithDuplicates = table(numeric('a', [1, 1, 2, 3]), categorical('b', ['x', 'x', 'y', 'z']));
    const same = dataQuality(referenceWithDuplicates, table(numeric('a', [5, 5, 6, 7, 5, 5, 8, 9]), categorical('b', ['x', 'x', 'y', 'z', 'w', 'w', 'y', 'y'])));
    expect(find(same, 'duplicated_rows')).toMatchObject({ status: 'SUCCESS', parameters: { current: 2, reference: 1, expected: 2 } });
    const clean = dataQuality(referenceWithDuplicates, table(numeric('a', [5, 6, 7, 8]), categorical('b', ['x', 'x', 'y', 'z'])));
    expect(find(clean, 'duplicated_rows')).toMatchObject({ status: 'FAIL', parameters: { current: 0, expected: 1 } });
  });

  it('finds duplicated rows among a million in seconds', () => {
    const size = 1_000_000;
    const values = new Float64Array(size);
    for (let row = 0; row < size; row += 1) values[row] = row % 900_000;
    const started = performance.now();
    expect(duplicatedRows({ rowCount: size, columns: [{ name: 'id', type: 'numeric', values }] })).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
