// Worker-thread entry for one training job: receives the table and request, streams progress and
// learning-curve points back, and posts the result (ONNX bytes transferred, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import type { Table } from '../datasets/table.js';
import { trainPipeline, type TrainRequest } from './train-pipeline.js';

export type TrainWorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'metric'; step: number; metrics: Record<string, number> }
  | { type: 'result'; result: Awaited<ReturnType<typeof trainPipeline>> }
  | { type: 'error'; message: string; code?: string; details?: Record<string, unknown>; stack?: string };

const { table, request } = workerData as { table: Table; request: TrainRequest };
const post = (message: TrainWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

try {
  const result = await trainPipeline(table, request, {
    // Cancellation terminates the thread; no in-thread signal is needed.
    signal: new AbortController().signal,
    progress: (fraction, message) => post({ type: 'progress', fraction, message }),
    metric: (step, metrics) => post({ type: 'metric', step, metrics }),
  });
  post({ type: 'result', result }, [result.onnx.buffer as ArrayBuffer]);
} catch (error) {
  const failure = error as Error & { code?: string; details?: Record<string, unknown> };
  post({ type: 'error', message: failure.message, code: failure.code, details: failure.details, stack: failure.stack });
}
