// The 25-expectation churn suite both engines run, and the churn table as columns.
import type { Column, Table } from '../../core/datasets/table.js';
import type { ExpectationSuite, JsonObject } from '../../core/validation/model.js';
import { churnColumns, customerSegments, generateChurnRows, regions } from '../../resources/samples/churn/generate.js';

export function churnTable(rows: number): Table {
  const data = generateChurnRows({ rows, seed: 42 });
  const strings = (name: 'customer_id' | 'customer_segment' | 'region', type: 'categorical' | 'text'): Column => {
    const lookup = new Map<string, number>();
    const dictionary: string[] = [];
    const codes = Int32Array.from(data, (row) => {
      let code = lookup.get(row[name]);
      if (code === undefined) lookup.set(row[name], (code = dictionary.push(row[name]) - 1));
      return code;
    });
    return { name, type, codes, dictionary };
  };
  const numbers = (name: string, read: (row: (typeof data)[number]) => number, type: 'numeric' | 'datetime' = 'numeric'): Column => ({ name, type, values: Float64Array.from(data, read) });
  const byName: Record<string, Column> = {
    customer_id: strings('customer_id', 'text'),
    event_timestamp: numbers('event_timestamp', (row) => Date.parse(row.event_timestamp), 'datetime'),
    total_spend: numbers('total_spend', (row) => row.total_spend),
    transaction_count: numbers('transaction_count', (row) => row.transaction_count),
    avg_transaction_amount: numbers('avg_transaction_amount', (row) => row.avg_transaction_amount),
    days_since_last_purchase: numbers('days_since_last_purchase', (row) => row.days_since_last_purchase),
    registration_date: numbers('registration_date', (row) => Date.parse(row.registration_date), 'datetime'),
    customer_segment: strings('customer_segment', 'categorical'),
    region: strings('region', 'categorical'),
    target: numbers('target', (row) => row.target),
  };
  return { rowCount: rows, columns: churnColumns.map((name) => byName[name]) };
}

export function churnSuite(rows: number): ExpectationSuite {
  const idLength = 1 + Math.max(6, String(rows).length);
  const checks: Array<[string, JsonObject]> = [
    ['expect_table_row_count_to_be_between', { min_value: Math.floor(rows * 0.9), max_value: Math.ceil(rows * 1.1) }],
    ['expect_table_columns_to_match_ordered_list', { column_list: [...churnColumns] }],
    ['expect_table_column_count_to_equal', { value: churnColumns.length }],
    ['expect_column_values_to_not_be_null', { column: 'customer_id' }],
    ['expect_column_values_to_be_unique', { column: 'customer_id' }],
    ['expect_column_values_to_match_regex', { column: 'customer_id', regex: '^C\\d+$' }],
    ['expect_column_value_lengths_to_equal', { column: 'customer_id', value: idLength }],
    ['expect_column_values_to_be_between', { column: 'total_spend', min_value: 0.0, max_value: 20_000.0 }],
    ['expect_column_values_to_be_between', { column: 'transaction_count', min_value: 1, max_value: 200, mostly: 0.99 }],
    ['expect_column_values_to_be_between', { column: 'avg_transaction_amount', min_value: 0.0, max_value: 500.0, mostly: 0.99 }],
    ['expect_column_values_to_be_between', { column: 'days_since_last_purchase', min_value: 0, max_value: 2500 }],
    ['expect_column_values_to_not_be_null', { column: 'avg_transaction_amount' }],
    ['expect_column_values_to_be_in_set', { column: 'customer_segment', value_set: [...customerSegments] }],
    ['expect_column_values_to_be_in_set', { column: 'region', value_set: [...regions] }],
    ['expect_column_values_to_be_in_set', { column: 'target', value_set: [0, 1] }],
    ['expect_column_mean_to_be_between', { column: 'total_spend', min_value: 100.0, max_value: 2000.0 }],
    ['expect_column_median_to_be_between', { column: 'total_spend', min_value: 50.0, max_value: 2000.0 }],
    ['expect_column_stdev_to_be_between', { column: 'total_spend', min_value: 10.0, max_value: 5000.0 }],
    ['expect_column_quantile_values_to_be_between', { column: 'transaction_count', quantile_ranges: { quantiles: [0.25, 0.5, 0.75], value_ranges: [[1, 20], [5, 30], [10, 60]] } }],
    ['expect_column_max_to_be_between', { column: 'days_since_last_purchase', min_value: 0, max_value: 2500 }],
    ['expect_column_min_to_be_between', { column: 'transaction_count', min_value: 1, max_value: 1 }],
    ['expect_column_distinct_values_to_equal_set', { column: 'region', value_set: [...regions] }],
    ['expect_column_most_common_value_to_be_in_set', { column: 'customer_segment', value_set: ['regular'] }],
    ['expect_column_unique_value_count_to_be_between', { column: 'region', min_value: 5, max_value: 5 }],
    ['expect_column_sum_to_be_between', { column: 'target', min_value: rows * 0.05, max_value: rows * 0.5 }],
  ];
  return { name: 'churn_bench', id: '00000000-0000-4000-8000-000000000025', expectations: checks.map(([type, kwargs], index) => ({ type, kwargs, meta: {}, id: `check-${index}` })), suite_parameters: {}, meta: {} };
}
