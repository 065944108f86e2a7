// The benchmark data: make_classification-like rows generated from a fixed seed in TypeScript and
// written as raw float32/uint8 files, so the Python peers train on exactly the same values.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeClassification, splitRows, type Dataset } from '../../core/training/trees/synthetic-data.js';

export interface Workload {
  name: 'gbdt' | 'forest' | 'lr';
  train: Dataset;
  test: Dataset;
}

/**
 * 28 features, 10 informative, 2 redundant, 5% label noise (issue 3, "Numbers"). The training
 * features sit in shared memory, as the trainer's preprocessing hands them over, so binning can
 * run on the helper threads too.
 */
export function makeWorkload(name: Workload['name'], trainRows: number, testRows: number, seed: number): Workload {
  const data = makeClassification({ rows: trainRows + testRows, features: 28, informative: 10, redundant: 2, flip: 0.05, seed });
  const { train, test } = splitRows(data, trainRows);
  const values = new Float32Array(new SharedArrayBuffer(train.matrix.values.byteLength));
  values.set(train.matrix.values);
  return { name, train: { ...train, matrix: { ...train.matrix, values } }, test };
}

export function writeWorkload(directory: string, workload: Workload): void {
  for (const [part, dataset] of [['train', workload.train], ['test', workload.test]] as const) {
    const base = path.join(directory, `${workload.name}-${part}`);
    const { matrix, target } = dataset;
    writeFileSync(`${base}.json`, JSON.stringify({ rows: matrix.rows, width: matrix.width }));
    writeFileSync(`${base}.features.f32`, new Uint8Array(matrix.values.buffer, matrix.values.byteOffset, matrix.values.byteLength));
    writeFileSync(`${base}.labels.u8`, Uint8Array.from(target.values));
  }
}

/**
 * Standardises every column in place with the training rows' mean and (population) standard
 * deviation, as the trainer's preprocessing scales features for linear models and the MLP; the
 * test rows get the training statistics. Both sides of a comparison then see the same float32s.
 */
export function standardize(workload: Workload): Workload {
  const { width } = workload.train.matrix;
  const train = workload.train.matrix.values;
  const rows = workload.train.matrix.rows;
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let row = 0; row < rows; row++) for (let column = 0; column < width; column++) mean[column] += train[row * width + column] / rows;
  for (let row = 0; row < rows; row++) for (let column = 0; column < width; column++) scale[column] += (train[row * width + column] - mean[column]) ** 2 / rows;
  for (let column = 0; column < width; column++) scale[column] = scale[column] > 0 ? Math.sqrt(scale[column]) : 1;
  for (const values of [train, workload.test.matrix.values]) {
    for (let index = 0; index < values.length; index++) values[index] = (values[index] - mean[index % width]) / scale[index % width];
  }
  return workload;
}
