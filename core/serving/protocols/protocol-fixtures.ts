// Real models for the protocol tests: churn pipelines trained in-process (classifier with a
// datetime input, trees, a regressor) and small matrix-input graphs like imported skl2onnx models.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateChurnRows, type ChurnRow } from '../../../resources/samples/churn/generate.js';
import type { CategoricalColumn, Column, Table } from '../../datasets/table.js';
import { GraphBuilder, encodeModel, makeModel } from '../../onnx/builder.js';
import { scanModelFile } from '../../onnx/scan.js';
import type { ModelScan } from '../../registry/types.js';
import { trainPipeline, type TrainHooks } from '../../training/train-pipeline.js';

export const features = ['total_spend', 'transaction_count', 'days_since_last_purchase', 'registration_date', 'customer_segment', 'region'];

export interface TestModel {
  onnx: Uint8Array;
  scan: ModelScan;
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-protocols-'));

export async function scanBytes(name: string, onnx: Uint8Array): Promise<ModelScan> {
  const file = path.join(folder, `${name}.onnx`);
  writeFileSync(file, onnx);
  return { sha256: '', ...(await scanModelFile(file)) };
}

/** The churn rows as the dataset importer types them, and the same rows as request records. */
export function churnData(rows: number, seed: number): { table: Table; records: Array<Record<string, unknown>> } {
  const data = generateChurnRows({ rows, seed });
  const categorical = (name: keyof ChurnRow, type: CategoricalColumn['type'] = 'categorical'): CategoricalColumn => {
    const dictionary = [...new Set(data.map((row) => String(row[name])))].sort();
    const index = new Map(dictionary.map((value, position) => [value, position]));
    return { name, type, dictionary, codes: Int32Array.from(data, (row) => index.get(String(row[name]))!) };
  };
  const numeric = (name: keyof ChurnRow): Column => ({ name, type: 'numeric', values: Float64Array.from(data, (row) => Number(row[name])) });
  const table: Table = {
    rowCount: rows,
    columns: [
      categorical('customer_id', 'text'),
      numeric('total_spend'),
      numeric('transaction_count'),
      numeric('days_since_last_purchase'),
      { name: 'registration_date', type: 'datetime', values: Float64Array.from(data, (row) => Date.parse(row.registration_date)) },
      categorical('customer_segment'),
      categorical('region'),
      numeric('target'),
    ],
  };
  const records = data.map((row) => ({
    customer_id: row.customer_id,
    total_spend: row.total_spend,
    transaction_count: row.transaction_count,
    days_since_last_purchase: row.days_since_last_purchase,
    registration_date: row.registration_date,
    customer_segment: row.customer_segment,
    region: row.region,
  }));
  return { table, records };
}

const hooks = (): TrainHooks => ({ signal: new AbortController().signal, progress() {}, metric() {} });

export async function trainChurn(model: 'lr' | 'gbdt', target: 'target' | 'total_spend' = 'target'): Promise<TestModel> {
  const { table } = churnData(1500, 3);
  const inputs = target === 'target' ? features : features.filter((name) => name !== 'total_spend');
  const result = await trainPipeline(table, { target, model, params: model === 'gbdt' ? { max_iter: 20 } : {}, features: inputs, seed: 1 }, hooks());
  return { onnx: result.onnx, scan: await scanBytes(`${model}-${target}`, result.onnx) };
}

/** y = x·[1, 2, 3] + 0.5 on one [N,3] float input, like an imported linear regressor; no metadata. */
export async function matrixRegressor(): Promise<TestModel> {
  const graph = new GraphBuilder('matrix');
  graph.addInput('float_input', 'float', ['N', 3]);
  const weights = graph.addInitializer('weights', 'float', [3, 1], [1, 2, 3]);
  const bias = graph.addInitializer('bias', 'float', [1], [0.5]);
  const [product] = graph.addNode('MatMul', ['float_input', weights], ['product']);
  graph.addNode('Add', [product, bias], ['variable']);
  graph.addOutput('variable', 'float', ['N', 1]);
  const onnx = encodeModel(makeModel(graph.toGraph()));
  return { onnx, scan: await scanBytes('matrix', onnx) };
}

/** Two inputs of other types, so V2 datatype checks meet INT64 and BYTES: count + 1 and the text echoed. */
export async function typedTensorModel(): Promise<TestModel> {
  const graph = new GraphBuilder('typed');
  graph.addInput('count', 'int64', ['N', 2]);
  graph.addInput('text', 'string', ['N', 1]);
  const one = graph.addInitializer('one', 'int64', [1], [1]);
  graph.addNode('Add', ['count', one], ['next']);
  graph.addNode('Identity', ['text'], ['echo']);
  graph.addOutput('next', 'int64', ['N', 2]);
  graph.addOutput('echo', 'string', ['N', 1]);
  const onnx = encodeModel(makeModel(graph.toGraph()));
  return { onnx, scan: await scanBytes('typed', onnx) };
}
