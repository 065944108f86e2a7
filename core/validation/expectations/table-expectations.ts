// Table-level expectations (reference §3 #26–#30): row and column counts, the column set and
// order, and a column's existence.
import type { Table } from '../../datasets/table.js';
import type { JsonObject } from '../model.js';
import { numberBounds, withinBounds } from './kwargs.js';
import type { EvaluationOutcome } from './map-expectations.js';

export const tableExpectationTypes = new Set([
  'expect_table_row_count_to_be_between',
  'expect_table_row_count_to_equal',
  'expect_table_column_count_to_be_between',
  'expect_table_column_count_to_equal',
  'expect_table_columns_to_match_set',
  'expect_table_columns_to_match_ordered_list',
  'expect_column_to_exist',
]);

export function evaluateTable(type: string, table: Table, kwargs: JsonObject): EvaluationOutcome {
  const names = table.columns.map((column) => column.name);
  switch (type) {
    case 'expect_table_row_count_to_be_between':
      return { success: withinBounds(table.rowCount, numberBounds(kwargs)), result: { observed_value: table.rowCount } };
    case 'expect_table_row_count_to_equal':
      return { success: table.rowCount === kwargs.value, result: { observed_value: table.rowCount } };
    case 'expect_table_column_count_to_be_between':
      return { success: withinBounds(names.length, numberBounds(kwargs)), result: { observed_value: names.length } };
    case 'expect_table_column_count_to_equal':
      return { success: names.length === kwargs.value, result: { observed_value: names.length } };
    case 'expect_table_columns_to_match_set': {
      const expected = kwargs.column_set as string[];
      const unexpected = names.filter((name) => !expected.includes(name));
      const missing = expected.filter((name) => !names.includes(name));
      const exact = kwargs.exact_match !== false;
      const success = missing.length === 0 && (!exact || unexpected.length === 0);
      const result: JsonObject = { observed_value: names };
      if (missing.length > 0 || unexpected.length > 0) result.details = { mismatched: { unexpected, missing } };
      return { success, result };
    }
    case 'expect_table_columns_to_match_ordered_list': {
      const expected = kwargs.column_list as string[];
      const mismatched: JsonObject[] = [];
      for (let index = 0; index < Math.max(expected.length, names.length); index++) {
        if (expected[index] !== names[index]) mismatched.push({ 'Expected Column Position': index, 'Expected': expected[index] ?? null, 'Found': names[index] ?? null });
      }
      const result: JsonObject = { observed_value: names };
      if (mismatched.length > 0) result.details = { mismatched };
      return { success: mismatched.length === 0, result };
    }
    default: {
      const position = names.indexOf(kwargs.column as string);
      const index = kwargs.column_index;
      const success = position >= 0 && (typeof index !== 'number' || index === position);
      return { success, result: {} };
    }
  }
}
