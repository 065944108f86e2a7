// onnxruntime-node sessions for exported pipelines, and the one place that turns table columns
// into the pipeline's inputs (reference §1.1): one input per raw column, shape [N, 1]; float32
// with NaN for missing numbers, string for categories.
import * as ort from 'onnxruntime-node';
import { columnByName, isNumericColumn, type Column, type Table } from '../datasets/table.js';

export type Session = ort.InferenceSession;
export type Outputs = ort.InferenceSession.ReturnType;
export type OutputTensor = ort.Tensor;

export const dayMs = 86_400_000;

/**
 * How a datetime column enters a pipeline: as float32 days since 1970-01-01 UTC (fractional).
 * The graph turns that into the age the model saw (reference time minus the date, in days).
 */
export function epochDays(epochMilliseconds: number): number {
  return Math.fround(epochMilliseconds / dayMs);
}

/**
 * A missing category is sent as the empty string, which no fitted category list contains, so
 * the one-hot encoder maps it to all zeros (onnxruntime's Imputer has no string kernel, §1.2).
 */
export const missingCategory = '';

export interface SessionOptions {
  /** Threads inside one operator; 1 keeps single-row latency low and runs reproducible. */
  intraOpThreads?: number;
}

export async function createSession(model: Uint8Array, options: SessionOptions = {}): Promise<Session> {
  return ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.intraOpThreads ?? 1,
    graphOptimizationLevel: 'all',
  });
}

export type RowSelection = Int32Array | Uint32Array | readonly number[];

/** Builds the feeds for every input of the session from the table columns of the same name. */
export function pipelineFeeds(session: Session, table: Table, rows?: RowSelection): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const count = rows ? rows.length : table.rowCount;
  const rowAt = rows ? (index: number) => rows[index] : (index: number) => index;
  for (const metadata of session.inputMetadata) {
    const column = columnByName(table, metadata.name);
    if (!column) throw new Error(`the model needs column "${metadata.name}", which the table does not have`);
    const type = metadata.isTensor ? metadata.type : undefined;
    if (type === 'string') feeds[metadata.name] = new ort.Tensor('string', stringValues(column, count, rowAt), [count, 1]);
    else if (type === 'float32') feeds[metadata.name] = new ort.Tensor('float32', floatValues(column, count, rowAt), [count, 1]);
    else throw new Error(`input "${metadata.name}" has type ${String(type)}; pipelines take float32 or string inputs`);
  }
  return feeds;
}

/** Runs an exported pipeline on the table (all rows, or the given ones) and returns its outputs. */
export async function runPipeline(session: Session, table: Table, rows?: RowSelection): Promise<Outputs> {
  return session.run(pipelineFeeds(session, table, rows));
}

function floatValues(column: Column, count: number, rowAt: (index: number) => number): Float32Array {
  if (!isNumericColumn(column)) throw new Error(`column "${column.name}" is ${column.type}, but the model takes numbers for it`);
  const values = new Float32Array(count);
  const source = column.values;
  if (column.type === 'datetime') for (let index = 0; index < count; index++) values[index] = epochDays(source[rowAt(index)]);
  else for (let index = 0; index < count; index++) values[index] = source[rowAt(index)];
  return values;
}

function stringValues(column: Column, count: number, rowAt: (index: number) => number): string[] {
  const values = new Array<string>(count);
  if (isNumericColumn(column)) {
    // A numeric column scored by a model that took it as categorical: its text is the category.
    for (let index = 0; index < count; index++) {
      const value = column.values[rowAt(index)];
      values[index] = Number.isNaN(value) ? missingCategory : String(value);
    }
    return values;
  }
  for (let index = 0; index < count; index++) {
    const code = column.codes[rowAt(index)];
    values[index] = code < 0 ? missingCategory : column.dictionary[code];
  }
  return values;
}
