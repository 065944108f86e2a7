// The benchmark data: make_classification-like rows generated from a fixed seed in TypeScript and
// written as raw float32/uint8 files, so the Python peers train on exactly the same values.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeClassification, splitRows, type Dataset } from '../../core/training/trees/synthetic-data.js';

export interface Workload {
  name: 'gbdt' | 'forest';
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
