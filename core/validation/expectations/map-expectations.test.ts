import { describe, expect, it } from 'vitest';
import { validateTable } from '../validate.js';
import { booleans, numbers, strings, suiteOf, tableOf } from './test-table.js';
import type { JsonObject } from '../model.js';

function run(table: ReturnType<typeof tableOf>, type: string, kwargs: JsonObject, resultFormat?: any) {
  const outcome = validateTable(table, suiteOf([type, kwargs]), { resultFormat });
  return outcome.results[0];
}

describe('mostly and nulls (reference §4 vectors)', () => {
  it('[T,T,T,F,null] in_set [T] mostly 0.61 passes with 3/4, GX percentages', () => {
    const result = run(tableOf(booleans('flag', [true, true, true, false, null])), 'expect_column_values_to_be_in_set', { column: 'flag', value_set: [true], mostly: 0.61 });
    expect(result.success).toBe(true);
    expect(result.result).toMatchObject({ element_count: 5, unexpected_count: 1, unexpected_percent: 25, unexpected_percent_total: 20, missing_percent: 20, missing_count: 1, unexpected_percent_nonmissing: 25, partial_unexpected_list: [false] });
  });

  it('0 rows and all-null columns pass map expectations vacuously', () => {
    expect(run(tableOf(numbers('x', [])), 'expect_column_values_to_be_between', { column: 'x', min_value: 0, max_value: 1 }).success).toBe(true);
    const allNull = run(tableOf(numbers('x', [null, null])), 'expect_column_values_to_be_between', { column: 'x', min_value: 0, max_value: 1 });
    expect(allNull.success).toBe(true);
    expect(allNull.result.unexpected_percent).toBeNull();
  });

  it('but aggregates fail on an all-null column with observed_value null', () => {
    const result = run(tableOf(numbers('x', [null, null])), 'expect_column_mean_to_be_between', { column: 'x', min_value: 0, max_value: 1 });
    expect(result.success).toBe(false);
    expect(result.result).toEqual({ observed_value: null });
  });

  it('not_be_null counts over all rows and has no missing keys', () => {
    const result = run(tableOf(numbers('x', [1, null, null, null])), 'expect_column_values_to_not_be_null', { column: 'x', mostly: 0.5 });
    expect(result.success).toBe(false);
    expect(result.result).toEqual({ element_count: 4, unexpected_count: 3, unexpected_percent: 75, partial_unexpected_list: [null, null, null] });
    const mirror = run(tableOf(numbers('x', [1, null, null, null])), 'expect_column_values_to_be_null', { column: 'x', mostly: 0.75 });
    expect(mirror.success).toBe(true);
    expect(mirror.result.partial_unexpected_list).toEqual([1]);
  });

  it('19 of 20 with mostly 0.95 passes; mostly 0 and 1 edges', () => {
    const values = Array.from({ length: 20 }, (_, index) => (index === 7 ? 50 : index));
    const table = tableOf(numbers('x', values));
    expect(run(table, 'expect_column_values_to_be_between', { column: 'x', max_value: 19, mostly: 0.95 }).success).toBe(true);
    expect(run(table, 'expect_column_values_to_be_between', { column: 'x', max_value: 19, mostly: 0.96 }).success).toBe(false);
    expect(run(table, 'expect_column_values_to_be_between', { column: 'x', max_value: 19, mostly: 1 }).success).toBe(false);
    expect(run(tableOf(numbers('x', [5, 6])), 'expect_column_values_to_be_between', { column: 'x', max_value: 0, mostly: 0 }).success).toBe(true);
  });
});

describe('column map tests', () => {
  it('between honours strict bounds and one-sided bounds', () => {
    const table = tableOf(numbers('x', [0, 1, 2]));
    expect(run(table, 'expect_column_values_to_be_between', { column: 'x', min_value: 0, max_value: 2 }).success).toBe(true);
    expect(run(table, 'expect_column_values_to_be_between', { column: 'x', min_value: 0, max_value: 2, strict_min: true }).result.partial_unexpected_list).toEqual([0]);
    expect(run(table, 'expect_column_values_to_be_between', { column: 'x', min_value: 1 }).result.unexpected_count).toBe(1);
  });

  it('set membership uses typed equality: 1 equals 1.0, "1" does not', () => {
    expect(run(tableOf(numbers('x', [1, 2])), 'expect_column_values_to_be_in_set', { column: 'x', value_set: [1.0, '2'] }).result.partial_unexpected_list).toEqual([2]);
    expect(run(tableOf(strings('s', ['a', 'A', 'a '])), 'expect_column_values_to_not_be_in_set', { column: 's', value_set: ['a'] }).result.unexpected_count).toBe(1);
  });

  it('regex is a search over str(value): "abc" matches b, 1.0 prints as "1.0"', () => {
    expect(run(tableOf(strings('s', ['abc', 'xyz'])), 'expect_column_values_to_match_regex', { column: 's', regex: 'b' }).result.partial_unexpected_list).toEqual(['xyz']);
    expect(run(tableOf(numbers('x', [1.5, 2, null])), 'expect_column_values_to_match_regex', { column: 'x', regex: '^\\d+\\.\\d$' }).success).toBe(true);
    expect(run(tableOf(numbers('x', [1, 2])), 'expect_column_values_to_not_match_regex', { column: 'x', regex: '\\.' }).success).toBe(true);
    expect(run(tableOf(strings('s', ['ab', 'a', 'b'])), 'expect_column_values_to_match_regex_list', { column: 's', regex_list: ['a', 'b'], match_on: 'all' }).result.partial_unexpected_list).toEqual(['a', 'b']);
    expect(run(tableOf(strings('s', ['ab', 'c'])), 'expect_column_values_to_not_match_regex_list', { column: 's', regex_list: ['a', 'z'] }).result.partial_unexpected_list).toEqual(['ab']);
  });

  it('an unsupported Python construct is the expectation\'s exception, not a suite abort', () => {
    const outcome = validateTable(tableOf(strings('s', ['a'])), suiteOf(['expect_column_values_to_match_regex', { column: 's', regex: '(?x) a' }], ['expect_column_values_to_not_be_null', { column: 's' }]));
    expect(outcome.results[0].exception_info).toMatchObject({ raised_exception: true });
    expect(outcome.results[0].exception_info.exception_message).toMatch(/unsupported regex construct/);
    expect(outcome.results[1].success).toBe(true);
    expect(outcome.statistics).toEqual({ evaluated_expectations: 2, successful_expectations: 1, unsuccessful_expectations: 1, success_percent: 50 });
  });

  it('LIKE patterns are anchored and case-sensitive', () => {
    const result = run(tableOf(strings('s', ['C001', 'c002', 'XC003'])), 'expect_column_values_to_match_like_pattern', { column: 's', like_pattern: 'C%' });
    expect(result.result.partial_unexpected_list).toEqual(['c002', 'XC003']);
  });

  it('be_unique marks every occurrence of a duplicate ([1,1,2,null] → 2 unexpected, 2/3)', () => {
    const result = run(tableOf(numbers('x', [1, 1, 2, null])), 'expect_column_values_to_be_unique', { column: 'x' }, 'COMPLETE');
    expect(result.result).toMatchObject({ unexpected_count: 2, unexpected_list: [1, 1], unexpected_index_list: [0, 1] });
    expect(result.result.unexpected_percent).toBeCloseTo((2 / 3) * 100, 12);
    expect(run(tableOf(strings('s', ['a', 'b', 'a'])), 'expect_column_values_to_be_unique', { column: 's' }).result.unexpected_count).toBe(2);
  });

  it('lengths count code points, as Python len does', () => {
    const result = run(tableOf(strings('s', ['😀😀', 'abc'])), 'expect_column_value_lengths_to_equal', { column: 's', value: 2 });
    expect(result.result.partial_unexpected_list).toEqual(['abc']);
  });

  it('increasing compares with the previous present value', () => {
    const table = tableOf(numbers('x', [1, null, 2, 2, 1]));
    expect(run(table, 'expect_column_values_to_be_increasing', { column: 'x' }).result.partial_unexpected_list).toEqual([1]);
    expect(run(table, 'expect_column_values_to_be_increasing', { column: 'x', strictly: true }).result.unexpected_count).toBe(2);
  });

  it('multicolumn and pair expectations list tuples and honour ignore_row_if', () => {
    const table = tableOf(numbers('a', [1, 1, 2, null]), strings('b', ['x', 'x', 'x', null]));
    const compound = run(table, 'expect_compound_columns_to_be_unique', { column_list: ['a', 'b'] });
    expect(compound.result).toMatchObject({ element_count: 4, missing_count: 1, unexpected_count: 2, partial_unexpected_list: [{ a: 1, b: 'x' }, { a: 1, b: 'x' }] });
    const pair = run(tableOf(numbers('a', [3, 1, null]), numbers('b', [2, 1, 5])), 'expect_column_pair_values_a_to_be_greater_than_b', { column_A: 'a', column_B: 'b' });
    expect(pair.result.partial_unexpected_list).toEqual([[1, 1], [null, 5]]);
    const sum = run(tableOf(numbers('a', [1, 2]), numbers('b', [2, null])), 'expect_multicolumn_sum_to_equal', { column_list: ['a', 'b'], sum_total: 3 });
    expect(sum.result.partial_unexpected_list).toEqual([{ a: 2, b: null }]);
    const within = run(tableOf(strings('a', ['x', 'y']), strings('b', ['x', 'z'])), 'expect_select_column_values_to_be_unique_within_record', { column_list: ['a', 'b'] });
    expect(within.result.unexpected_count).toBe(1);
  });
});

describe('result formats', () => {
  const table = tableOf(numbers('x', [5, -1, -1, 7, -2, null]), strings('id', ['a', 'b', 'c', 'd', 'e', 'f']));
  const kwargs = { column: 'x', min_value: 0 };

  it('BOOLEAN_ONLY has an empty result', () => {
    expect(run(table, 'expect_column_values_to_be_between', kwargs, 'BOOLEAN_ONLY').result).toEqual({});
  });

  it('SUMMARY adds counts sorted by count then value, and partial indexes', () => {
    const result = run(table, 'expect_column_values_to_be_between', kwargs, 'SUMMARY').result;
    expect(result.partial_unexpected_counts).toEqual([{ value: -1, count: 2 }, { value: -2, count: 1 }]);
    expect(result.partial_unexpected_index_list).toEqual([1, 2, 4]);
    expect(result).not.toHaveProperty('unexpected_list');
  });

  it('COMPLETE lists everything; index columns give dicts; partial count caps the list', () => {
    const result = run(table, 'expect_column_values_to_be_between', kwargs, { result_format: 'COMPLETE', unexpected_index_column_names: ['id'], partial_unexpected_count: 1 }).result;
    expect(result.unexpected_list).toEqual([-1, -1, -2]);
    expect(result.partial_unexpected_list).toEqual([-1]);
    expect(result.unexpected_index_list).toEqual([{ id: 'b', x: -1 }, { id: 'c', x: -1 }, { id: 'e', x: -2 }]);
  });

  it('partial_unexpected_list holds the first 20 by default', () => {
    const many = tableOf(numbers('x', Array.from({ length: 30 }, (_, index) => -index - 1)));
    expect(run(many, 'expect_column_values_to_be_between', kwargs).result.partial_unexpected_list).toHaveLength(20);
  });
});

describe('datetime and boolean columns', () => {
  it('date-string bounds and ISO output for datetimes', () => {
    const table = tableOf(numbers('t', [Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)], 'datetime'));
    const result = run(table, 'expect_column_values_to_be_between', { column: 't', min_value: '2023-06-01', max_value: '2024-06-01 00:00:00' });
    expect(result.result.partial_unexpected_list).toEqual(['2025-01-01T00:00:00.000Z']);
  });
});
