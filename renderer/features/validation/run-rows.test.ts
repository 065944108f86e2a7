import { describe, expect, it } from 'vitest';
import type { ExpectationValidationResult } from '../../../core/api/validation-contract';
import { formatPercent, runRows } from './run-rows';

const noException = { raised_exception: false, exception_message: null, exception_traceback: null };

describe('runRows', () => {
  it('reads unexpected counts, percent, observed values and at most five samples', () => {
    const results: ExpectationValidationResult[] = [
      {
        success: false,
        expectation_config: { type: 'expect_column_values_to_be_in_set', kwargs: { column: 'plan', value_set: ['basic'] }, meta: {}, id: 'a' },
        result: { element_count: 300, unexpected_count: 12, unexpected_percent: 4.16666, partial_unexpected_list: ['gold', 'mars', 1, null, 'x', 'y'] },
        meta: {},
        exception_info: noException,
      },
      { success: true, expectation_config: { type: 'expect_table_row_count_to_be_between', kwargs: { min_value: 1 }, meta: {}, id: 'b' }, result: { observed_value: 300 }, meta: {}, exception_info: noException },
      {
        success: false,
        expectation_config: { type: 'expect_column_values_to_be_teleported', kwargs: { column: 'plan' }, meta: {}, id: 'c' },
        result: {},
        meta: {},
        exception_info: { raised_exception: true, exception_message: 'unsupported expectation type', exception_traceback: null },
      },
    ];
    const [inSet, rowCount, unsupported] = runRows(results);
    expect(inSet).toMatchObject({ target: 'plan', success: false, unexpectedCount: 12, elementCount: 300, samples: ['"gold"', '"mars"', '1', 'null', '"x"'] });
    expect(formatPercent(inSet.unexpectedPercent)).toBe('4.17 %');
    expect(rowCount).toMatchObject({ target: 'table', success: true, unexpectedCount: null, observed: '300', samples: [] });
    expect(unsupported).toMatchObject({ error: true, observed: 'unsupported expectation type' });
  });
});
