import { describe, expect, it } from 'vitest';
import type { Table } from '../datasets/table.js';
import { churnTable } from '../testing/churn-table.js';
import { defaultFeatures, trainPipeline, validateRequest, type TrainHooks } from './train-pipeline.js';

const hooks = (): TrainHooks => ({ signal: new AbortController().signal, progress() {}, metric() {} });

describe('trainPipeline', () => {
  it('trains logistic regression end to end: learns, exports ONNX that matches, same seed gives the same bytes', async () => {
    const table = churnTable(3000, 5);
    const first = await trainPipeline(table, { target: 'target', model: 'lr', params: {}, seed: 7 }, hooks());
    expect(first.task).toBe('binary');
    expect(first.features).not.toContain('customer_id');
    expect(first.rows.train + first.rows.validation + first.rows.test).toBe(3000);
    expect((first.evaluation.metrics as { roc_auc: number }).roc_auc).toBeGreaterThan(0.7);
    expect(first.parity.passed).toBe(true);
    expect(first.parity.maxAbsDifference).toBeLessThan(1e-5);
    expect(first.importance.map((entry) => entry.feature)).toContain('days_since_last_purchase');
    const second = await trainPipeline(table, { target: 'target', model: 'lr', params: {}, seed: 7 }, hooks());
    expect(Buffer.from(second.onnx).equals(Buffer.from(first.onnx))).toBe(true);
    expect(second.evaluation.metrics).toEqual(first.evaluation.metrics);
  });

  it.each(['gbdt', 'rf'])('trains %s trees with NaN-aware routing and an ONNX export that matches', async (model) => {
    const table = churnTable(2000, 9);
    const spend = table.columns.find((column) => column.name === 'total_spend') as { values: Float64Array };
    for (let row = 0; row < 2000; row += 7) spend.values[row] = Number.NaN; // missing values reach the trees
    const result = await trainPipeline(table, { target: 'target', model, params: {}, seed: 3 }, hooks());
    expect((result.evaluation.metrics as { roc_auc: number }).roc_auc).toBeGreaterThan(0.7);
    expect(result.parity.passed).toBe(true);
    expect(result.importance.every((entry) => entry.gain !== null)).toBe(true);
  });

  it('trains ridge regression on a numeric target', async () => {
    const result = await trainPipeline(churnTable(1500, 2), { target: 'total_spend', model: 'lr', params: { alpha: 0.5 }, seed: 1 }, hooks());
    expect(result.task).toBe('regression');
    expect((result.evaluation.metrics as { r2: number }).r2).toBeGreaterThan(0.3);
    expect(result.parity.passed).toBe(true);
  });

  it('refuses bad requests before any work, naming what is wrong', () => {
    const table = churnTable(300, 1);
    expect(() => validateRequest(table, { target: 'nope', model: 'lr', params: {}, seed: 1 })).toThrow(/Target column 'nope' is not in the dataset/);
    expect(() => validateRequest(table, { target: 'target', model: 'svm', params: {}, seed: 1 })).toThrow(/Unknown model 'svm'. Valid models: lr/);
    expect(() => validateRequest(table, { target: 'target', model: 'lr', params: { depth: 3 }, seed: 1 })).toThrow(/Unknown parameter 'depth'.*Valid parameters: C, max_iter, tol, fit_intercept/);
    expect(() => validateRequest(table, { target: 'target', model: 'lr', params: { C: -1 }, seed: 1 })).toThrow(/'C' is out of range \(> 0\)/);
    const constant = { ...table, columns: table.columns.map((column) => (column.name === 'total_spend' ? { ...column, values: new Float64Array(300).fill(3) } : column)) } as Table;
    expect(() => validateRequest(constant, { target: 'total_spend', model: 'lr', params: {}, seed: 1, task: 'regression' })).toThrow(/constant/);
    const oneClass = { ...table, columns: table.columns.map((column) => (column.name === 'target' ? { ...column, values: new Float64Array(300).fill(1) } : column)) } as Table;
    expect(() => validateRequest(oneClass, { target: 'target', model: 'lr', params: {}, seed: 1 })).toThrow(/only one class/);
  });

  it('leaves identifier-like columns out of the default features', () => {
    expect(defaultFeatures(churnTable(300, 1), 'target')).toEqual(['total_spend', 'transaction_count', 'days_since_last_purchase', 'customer_segment', 'region']);
  });
});
