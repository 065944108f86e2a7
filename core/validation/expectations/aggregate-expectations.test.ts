import { describe, expect, it } from 'vitest';
import { validateTable } from '../validate.js';
import type { JsonObject } from '../model.js';
import { numbers, strings, suiteOf, tableOf } from './test-table.js';
import { quantileOf } from './aggregate-expectations.js';

function run(table: ReturnType<typeof tableOf>, type: string, kwargs: JsonObject) {
  return validateTable(table, suiteOf([type, kwargs])).results[0];
}

describe('column aggregates', () => {
  const table = tableOf(numbers('x', [4, 1, 3, 2, null]), strings('s', ['b', 'a', 'b', null, 'c']));

  it('observes min, max, mean, median (mean of the middle two), sample stdev and sum', () => {
    const observed = (type: string) => run(table, type, { column: 'x', min_value: null, max_value: 100 }).result.observed_value;
    expect(observed('expect_column_min_to_be_between')).toBe(1);
    expect(observed('expect_column_max_to_be_between')).toBe(4);
    expect(observed('expect_column_mean_to_be_between')).toBe(2.5);
    expect(observed('expect_column_median_to_be_between')).toBe(2.5);
    expect(observed('expect_column_stdev_to_be_between')).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(observed('expect_column_sum_to_be_between')).toBe(10);
  });

  it('strict bounds exclude the bound itself', () => {
    expect(run(table, 'expect_column_max_to_be_between', { column: 'x', max_value: 4 }).success).toBe(true);
    expect(run(table, 'expect_column_max_to_be_between', { column: 'x', max_value: 4, strict_max: true }).success).toBe(false);
  });

  it('counts distinct non-null values and their proportion', () => {
    expect(run(table, 'expect_column_unique_value_count_to_be_between', { column: 's', min_value: 3, max_value: 3 }).success).toBe(true);
    expect(run(table, 'expect_column_proportion_of_unique_values_to_be_between', { column: 's', min_value: 0 }).result.observed_value).toBe(0.75);
  });

  it('quantiles use nearest rank with numpy half-to-even rounding by default', () => {
    expect(quantileOf(Float64Array.of(1, 2, 3, 4), 0.5, 'nearest')).toBe(3);
    expect(quantileOf(Float64Array.of(1, 2, 3, 4, 5, 6), 0.5, 'nearest')).toBe(3);
    const result = run(table, 'expect_column_quantile_values_to_be_between', { column: 'x', quantile_ranges: { quantiles: [0, 0.5, 1], value_ranges: [[1, 1], [2, 3], [4, null]] } });
    expect(result.success).toBe(true);
    expect(result.result).toEqual({ observed_value: { quantiles: [0, 0.5, 1], values: [1, 3, 4] }, details: { success_details: [true, true, true] } });
    const linear = run(table, 'expect_column_quantile_values_to_be_between', { column: 'x', allow_relative_error: 'linear', quantile_ranges: { quantiles: [0.5], value_ranges: [[2.5, 2.5]] } });
    expect(linear.success).toBe(true);
  });

  it('distinct values: in set, contain set and equal set', () => {
    const verdict = (type: string, valueSet: string[]) => run(table, type, { column: 's', value_set: valueSet }).success;
    expect(verdict('expect_column_distinct_values_to_be_in_set', ['a', 'b', 'c', 'd'])).toBe(true);
    expect(verdict('expect_column_distinct_values_to_be_in_set', ['a', 'b'])).toBe(false);
    expect(verdict('expect_column_distinct_values_to_contain_set', ['a', 'b'])).toBe(true);
    expect(verdict('expect_column_distinct_values_to_equal_set', ['a', 'b', 'c'])).toBe(true);
    expect(verdict('expect_column_distinct_values_to_equal_set', ['a', 'b', 'c', 'd'])).toBe(false);
    expect(run(table, 'expect_column_distinct_values_to_be_in_set', { column: 's', value_set: [] }).result).toEqual({
      observed_value: ['a', 'b', 'c'],
      details: { value_counts: [{ value: 'a', count: 1 }, { value: 'b', count: 2 }, { value: 'c', count: 1 }] },
    });
  });

  it('most common value: ties need ties_okay', () => {
    expect(run(table, 'expect_column_most_common_value_to_be_in_set', { column: 's', value_set: ['b'] }).result.observed_value).toEqual(['b']);
    const tied = tableOf(strings('s', ['a', 'b']));
    expect(run(tied, 'expect_column_most_common_value_to_be_in_set', { column: 's', value_set: ['a'] }).success).toBe(false);
    expect(run(tied, 'expect_column_most_common_value_to_be_in_set', { column: 's', value_set: ['a'], ties_okay: true }).success).toBe(true);
  });

  it('types: pandas and SQL spellings; integral numbers without nulls are int64', () => {
    const typed = tableOf(numbers('i', [1, 2]), numbers('f', [1, null]), strings('s', ['a', 'b']));
    expect(run(typed, 'expect_column_values_to_be_of_type', { column: 'i', type_: 'INTEGER' }).result).toEqual({ observed_value: 'int64' });
    expect(run(typed, 'expect_column_values_to_be_of_type', { column: 'f', type_: 'int64' }).success).toBe(false);
    expect(run(typed, 'expect_column_values_to_be_in_type_list', { column: 's', type_list: ['VARCHAR', 'float'] }).success).toBe(true);
    expect(run(typed, 'expect_column_values_to_be_of_type', { column: 's', type_: 'blob' }).exception_info.exception_message).toMatch(/unknown type name 'blob'/);
  });

  it('a missing column is the expectation\'s exception, naming the columns', () => {
    const result = run(table, 'expect_column_mean_to_be_between', { column: 'nope', min_value: 0 });
    expect(result.success).toBe(false);
    expect(result.exception_info.exception_message).toBe("column 'nope' does not exist; columns: x, s");
  });
});

describe('table expectations', () => {
  const table = tableOf(numbers('a', [1, 2]), numbers('b', [1, 2]));

  it('row and column counts', () => {
    expect(run(table, 'expect_table_row_count_to_equal', { value: 2 })).toMatchObject({ success: true, result: { observed_value: 2 } });
    expect(run(table, 'expect_table_row_count_to_be_between', { min_value: 3 }).success).toBe(false);
    expect(run(table, 'expect_table_column_count_to_be_between', { min_value: 1, max_value: 2 }).success).toBe(true);
  });

  it('column set reports what is missing and unexpected; exact_match false allows extras', () => {
    const result = run(table, 'expect_table_columns_to_match_set', { column_set: ['a', 'c'] });
    expect(result.result).toEqual({ observed_value: ['a', 'b'], details: { mismatched: { unexpected: ['b'], missing: ['c'] } } });
    expect(run(table, 'expect_table_columns_to_match_set', { column_set: ['a'], exact_match: false }).success).toBe(true);
  });

  it('ordered list and column existence with an index', () => {
    expect(run(table, 'expect_table_columns_to_match_ordered_list', { column_list: ['b', 'a'] }).success).toBe(false);
    expect(run(table, 'expect_column_to_exist', { column: 'b', column_index: 1 }).success).toBe(true);
    expect(run(table, 'expect_column_to_exist', { column: 'b', column_index: 0 }).success).toBe(false);
  });
});
