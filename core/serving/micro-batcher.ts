// Requests for the same session that arrive in the same turn of the event loop run as one batch.
// onnxruntime-node runs a session synchronously on the main thread, and for a single row its fixed
// cost per call dominates: 64 concurrent single-row requests cost about one 64-row run instead of
// 64 runs. Nothing waits for a batch to fill: a lone request runs on the next turn, as it would.
import * as ort from 'onnxruntime-node';
import type { LoadedModel } from './model-pool.js';

type Outputs = ort.InferenceSession.ReturnType;

interface Pending {
  feeds: Record<string, ort.Tensor>;
  rows: number;
  resolve: (outputs: Outputs) => void;
  reject: (error: unknown) => void;
}

/** Larger requests run on their own: batching them saves nothing and delays the small ones. */
const maxBatchRows = 256;

const queues = new Map<LoadedModel, Pending[]>();

/**
 * Runs `feeds` (every input's first dimension = `rows`) on the model, batched with the other
 * requests of this turn. The caller holds the session (in-flight count) until this settles.
 */
export function runBatched(model: LoadedModel, feeds: Record<string, ort.Tensor>, rows: number): Promise<Outputs> {
  if (rows > maxBatchRows) return model.session.run(feeds);
  return new Promise<Outputs>((resolve, reject) => {
    let queue = queues.get(model);
    if (!queue) {
      queue = [];
      queues.set(model, queue);
      setImmediate(() => flush(model));
    }
    queue.push({ feeds, rows, resolve, reject });
  });
}

function flush(model: LoadedModel): void {
  const queue = queues.get(model) ?? [];
  queues.delete(model);
  let start = 0;
  while (start < queue.length) {
    // Consecutive requests up to maxBatchRows rows form one run.
    let end = start;
    let rows = 0;
    while (end < queue.length && rows + queue[end].rows <= maxBatchRows) rows += queue[end++].rows;
    if (end === start) end = start + 1;
    void runGroup(model, queue.slice(start, end));
    start = end;
  }
}

async function runGroup(model: LoadedModel, group: Pending[]): Promise<void> {
  if (group.length === 1) {
    const [only] = group;
    model.session.run(only.feeds).then(only.resolve, only.reject);
    return;
  }
  let outputs: Outputs;
  try {
    outputs = await model.session.run(concatenate(group));
  } catch {
    // One bad request must not fail the others: run each alone so the error lands where it belongs.
    for (const pending of group) model.session.run(pending.feeds).then(pending.resolve, pending.reject);
    return;
  }
  const total = group.reduce((sum, pending) => sum + pending.rows, 0);
  let offset = 0;
  for (const pending of group) {
    try {
      pending.resolve(slice(outputs, offset, pending.rows, total));
    } catch (error) {
      pending.reject(error);
    }
    offset += pending.rows;
  }
}

function concatenate(group: Pending[]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const rows = group.reduce((sum, pending) => sum + pending.rows, 0);
  for (const name of Object.keys(group[0].feeds)) {
    const first = group[0].feeds[name];
    const dims = [rows, ...first.dims.slice(1)];
    if (first.type === 'string') {
      const values: string[] = [];
      for (const pending of group) for (const value of pending.feeds[name].data as string[]) values.push(value);
      feeds[name] = new ort.Tensor('string', values, dims);
      continue;
    }
    const data = first.data as Float32Array;
    const merged = new (data.constructor as Float32ArrayConstructor)(group.reduce((sum, pending) => sum + pending.feeds[name].size, 0));
    let at = 0;
    for (const pending of group) {
      const part = pending.feeds[name].data as Float32Array;
      merged.set(part, at);
      at += part.length;
    }
    feeds[name] = new ort.Tensor(first.type as 'float32', merged, dims);
  }
  return feeds;
}

/** The rows [offset, offset + rows) of every output whose first dimension is the batch. */
function slice(outputs: Outputs, offset: number, rows: number, total: number): Outputs {
  const result: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (tensor.dims[0] !== total) throw new Error(`output "${name}" has shape [${tensor.dims.join(', ')}], which does not split into requests`);
    const width = total === 0 ? 0 : tensor.size / total;
    const dims = [rows, ...tensor.dims.slice(1)];
    const data = tensor.data as Float32Array | string[];
    const part = Array.isArray(data) ? data.slice(offset * width, (offset + rows) * width) : (data as Float32Array).subarray(offset * width, (offset + rows) * width);
    result[name] = new ort.Tensor(tensor.type as 'float32', part as Float32Array, dims);
  }
  return result;
}
