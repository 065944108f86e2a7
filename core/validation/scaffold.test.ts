import { describe, expect, it } from 'vitest';
import { columnStats } from '../datasets/column-stats.js';
import type { DatasetVersionRecord } from '../datasets/dataset-store.js';
import type { Table } from '../datasets/table.js';
import { booleans, numbers, strings, tableOf } from './expectations/test-table.js';
import { scaffoldSuite } from './scaffold.js';
import { readSuite, writeSuite } from './suite.js';
import { validateTable } from './validate.js';

function versionOf(table: Table): DatasetVersionRecord {
  return {
    name: 'churn', version: 3, sha256: 'abc', source_sha256: 'def', source_size: 1, source_path: 'churn.csv', source_format: 'csv',
    row_count: table.rowCount, column_count: table.columns.length, type_overrides: {}, warnings: [], created_time: 0, created_by: 'test', columnar_size: 1,
    schema: table.columns.map((column) => ({ name: column.name, type: column.type, inferred_type: column.type, overridden: false, source_type: 'string' })),
    stats: table.columns.map(columnStats),
  };
}

const rows = 200;
const table = tableOf(
  numbers('spend', Array.from({ length: rows }, (_, index) => 10 + index)),
  numbers('score', Array.from({ length: rows }, (_, index) => (index % 10 === 0 ? null : index / 7))),
  strings('segment', Array.from({ length: rows }, (_, index) => ['new', 'loyal', 'regular'][index % 3])),
  strings('customer_id', Array.from({ length: rows }, (_, index) => `C${String(index).padStart(4, '0')}`), 'text'),
  booleans('churned', Array.from({ length: rows }, (_, index) => index % 4 === 0)),
);

describe('suite scaffolding', () => {
  const suite = scaffoldSuite(versionOf(table));
  const byColumn = (column: string) => suite.expectations.filter((entry) => entry.kwargs.column === column).map((entry) => entry.type);

  it('proposes expectations that fit the column kinds', () => {
    expect(suite.name).toBe('churn.v3');
    expect(byColumn('spend')).toEqual(['expect_column_values_to_not_be_null', 'expect_column_values_to_be_between', 'expect_column_mean_to_be_between']);
    expect(byColumn('segment')).toEqual(['expect_column_values_to_not_be_null', 'expect_column_values_to_be_in_set', 'expect_column_value_lengths_to_be_between']);
    expect(byColumn('customer_id')).toContain('expect_column_values_to_be_unique');
    expect(suite.expectations.find((entry) => entry.kwargs.column === 'segment' && entry.type.endsWith('in_set'))!.kwargs.value_set).toEqual(['loyal', 'new', 'regular']);
    expect(suite.expectations.find((entry) => entry.kwargs.column === 'churned' && entry.type.endsWith('in_set'))!.kwargs.value_set).toEqual([true, false]);
  });

  it('keeps non-negative columns non-negative and allows the observed null share', () => {
    const spend = suite.expectations.find((entry) => entry.kwargs.column === 'spend' && entry.type === 'expect_column_values_to_be_between')!;
    expect(spend.kwargs).toEqual({ column: 'spend', min_value: 0, max_value: 229 });
    const score = suite.expectations.find((entry) => entry.kwargs.column === 'score' && entry.type === 'expect_column_values_to_not_be_null')!;
    expect(score.kwargs.mostly).toBe(0.81);
  });

  it('passes on the data it was made from and fails on shifted data', () => {
    const readBack = readSuite(writeSuite(suite), { unknownTypes: 'reject' }).suite;
    const own = validateTable(table, readBack);
    expect(own.results.filter((result) => !result.success).map((result) => result.expectation_config.type)).toEqual([]);
    const shifted = tableOf(numbers('spend', Array.from({ length: rows }, (_, index) => 500 + index)), ...table.columns.slice(1));
    expect(validateTable(shifted, readBack).success).toBe(false);
  });
});
