import { describe, expect, it } from 'vitest';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../../datasets/table.js';
import { inspectModel } from '../../onnx/inspect.js';
import { createSession, runPipeline } from '../../onnx/session.js';
import { checkParity } from '../parity.js';
import { exportPipeline } from '../pipeline-onnx.js';
import { encodeTarget, fitPreprocessor } from '../preprocessing.js';
import type { Task } from '../types.js';
import { mlpDefaults, trainMlp } from './mlp.js';
import { blobs, curve, xor, type Problem } from './mlp-test-data.js';

/**
 * A problem as a raw table: its features as numeric columns, a categorical "shade" column the
 * model also sees (one-hot in the pipeline), and the target as a column of its own.
 */
function asTable(problem: Problem): Table {
  const { matrix, target } = problem;
  const columns: Column[] = matrix.names.map(
    (name, j): NumericColumn => ({ name, type: 'numeric', values: Float64Array.from({ length: matrix.rows }, (_, row) => matrix.values[row * matrix.width + j]) }),
  );
  const shade: CategoricalColumn = { name: 'shade', type: 'categorical', dictionary: ['light', 'dark', 'unseen'], codes: Int32Array.from({ length: matrix.rows }, (_, row) => row % 2) };
  columns.push(shade);
  if (target.task === 'regression') columns.push({ name: 'target', type: 'numeric', values: Float64Array.from(target.values) });
  else columns.push({ name: 'target', type: 'categorical', dictionary: [...target.classes], codes: Int32Array.from(target.values) });
  return { rowCount: matrix.rows, columns };
}

const range = (start: number, end: number) => Int32Array.from({ length: end - start }, (_, index) => start + index);

async function exportAndCheck(problem: Problem, task: Task) {
  const table = asTable(problem);
  const features = [...problem.matrix.names, 'shade'];
  const [trainRows, validationRows, testRows] = [range(0, 600), range(600, 800), range(800, 1000)];
  // Test rows the training never saw: a missing number (imputed in the graph) and an unseen category.
  (table.columns[0] as NumericColumn).values[800] = NaN;
  (table.columns.find((column) => column.name === 'shade') as CategoricalColumn).codes[801] = 2;
  (table.columns.find((column) => column.name === 'shade') as CategoricalColumn).codes[802] = -1;
  const preprocessor = fitPreprocessor(table, features, trainRows);
  // Encoded once over the labelled rows and then split, as train-pipeline.ts does.
  const all = encodeTarget(table.columns.at(-1)!, range(0, 800), { task });
  const target = { ...all, values: all.values.subarray(0, 600) };
  const validationTarget = { ...all, values: all.values.subarray(600, 800) };
  const { model } = await trainMlp(preprocessor.transform(table, trainRows), target, preprocessor.transform(table, validationRows), validationTarget, {
    ...mlpDefaults,
    hiddenUnits: 16,
    epochs: 8,
    learningRate: 0.01,
    batchSize: 64,
    seed: 11,
    backend: 'wasm',
  });
  const onnx = exportPipeline(preprocessor, model, target, { trainerVersion: '0.1.0' });
  const predictions = model.predict(preprocessor.transform(table, testRows));
  const parity = await checkParity(onnx, table, testRows, predictions);
  // Same model, same bytes.
  expect(Buffer.from(exportPipeline(preprocessor, model, target, { trainerVersion: '0.1.0' })).equals(Buffer.from(onnx))).toBe(true);
  return { onnx, parity, table, testRows };
}

describe('MLP pipelines exported to ONNX reproduce in-process predictions', () => {
  it('binary: Gemm/Relu → Sigmoid → Concat(1 − p, p), int64 labels; probabilities within 1e-5', async () => {
    const { onnx, parity } = await exportAndCheck(xor(1000, 21), 'binary');
    expect(parity).toMatchObject({ rows: 200, labelsMatch: true, passed: true });
    expect(parity.maxAbsDifference).toBeLessThan(1e-5);
    const description = inspectModel(onnx);
    expect(description.outputs).toEqual([
      { name: 'label', type: 'int64', shape: ['N'] },
      { name: 'probabilities', type: 'float', shape: ['N', 2] },
    ]);
    expect(description.operators).toEqual(expect.arrayContaining(['Gemm', 'Relu', 'Sigmoid', 'Sub', 'ArgMax', 'Gather']));
    expect(description.operators).not.toContain('ai.onnx.ml.ZipMap');
  });

  it('multiclass with string labels: Softmax, labels gathered from the class names', async () => {
    const { onnx, parity, table, testRows } = await exportAndCheck(blobs(1000, 22), 'multiclass');
    expect(parity.maxAbsDifference).toBeLessThan(1e-5);
    expect(parity.labelsMatch).toBe(true);
    const session = await createSession(onnx);
    const outputs = await runPipeline(session, table, testRows.subarray(0, 4));
    await session.release();
    expect(outputs.label.type).toBe('string');
    expect([...(outputs.label.data as string[])].every((label) => ['east', 'north', 'west'].includes(label))).toBe(true);
    expect(outputs.probabilities.dims).toEqual([4, 3]);
    expect(inspectModel(onnx).operators).toContain('Softmax');
  });

  it('regression: the last Gemm writes `variable` [N, 1] in target units (scaling folded in)', async () => {
    const { onnx, parity } = await exportAndCheck(curve(1000, 23), 'regression');
    expect(parity.passed).toBe(true);
    // Values near 5000, where float32 spacing is ~5e-4.
    expect(parity.maxRelativeDifference).toBeLessThan(1e-6);
    expect(inspectModel(onnx).outputs).toEqual([{ name: 'variable', type: 'float', shape: ['N', 1] }]);
  });
});
