import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeColumnarFile } from '../datasets/columnar-file.js';
import { numbers, strings, suiteOf, tableOf } from './expectations/test-table.js';
import { validateDataset } from './validate-task.js';

describe('validateDataset (worker task)', () => {
  let folder = '';
  afterAll(async () => rm(folder, { recursive: true, force: true }));

  it('reads the stored file and returns a structured-clone-safe GX result', async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'mlwb-validation-'));
    const file = path.join(folder, 'data.mlwbcol');
    await writeColumnarFile(tableOf(numbers('amount', [1, -5, 3]), strings('region', ['north', 'south', 'mars'])), file);
    const suite = suiteOf(
      ['expect_column_values_to_be_between', { column: 'amount', min_value: 0 }],
      ['expect_column_values_to_be_in_set', { column: 'region', value_set: ['north', 'south'] }],
      ['expect_table_row_count_to_equal', { value: 3 }],
      ['expect_column_values_to_be_teleported', { column: 'region' }],
    );
    const result = await validateDataset({ datasetFile: file, suite, resultFormat: 'COMPLETE', batchId: 'data-v1' });
    expect(structuredClone(result)).toEqual(result);
    expect(result.success).toBe(false);
    expect(result.results.map((entry) => entry.success)).toEqual([false, false, true, false]);
    expect(result.results[0].result.unexpected_index_list).toEqual([1]);
    expect(result.results[1].result.unexpected_list).toEqual(['mars']);
    expect(result.results[0].expectation_config.kwargs.batch_id).toBe('data-v1');
    expect(result.results[3].exception_info).toEqual({ raised_exception: true, exception_message: 'unsupported expectation type: expect_column_values_to_be_teleported', exception_traceback: null });
    expect(result.statistics.success_percent).toBe(25);
    expect(result.meta).toMatchObject({ great_expectations_version: '1.2.0', checkpoint_name: null });
    expect(result.meta.validation_time).toMatch(/^\d{8}T\d{6}\.\d{6}Z$/);
  });

  it('resolves suite parameters, runtime values first, and reports unresolved ones', async () => {
    const file = path.join(folder, 'data.mlwbcol');
    const suite = { ...suiteOf(['expect_column_values_to_be_between', { column: 'amount', min_value: { $PARAMETER: 'floor' } }], ['expect_column_max_to_be_between', { column: 'amount', max_value: { $PARAMETER: 'ceiling' } }]), suite_parameters: { floor: -10 } };
    const result = await validateDataset({ datasetFile: file, suite });
    expect(result.results[0].success).toBe(true);
    expect(result.results[0].expectation_config.kwargs.min_value).toBe(-10);
    expect(result.results[1].exception_info.exception_message).toMatch(/suite parameter 'ceiling'/);
    const overridden = await validateDataset({ datasetFile: file, suite, parameters: { floor: 0, ceiling: 3 } });
    expect(overridden.results.map((entry) => entry.success)).toEqual([false, true]);
  });
});
