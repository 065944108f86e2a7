// Two probes of a model beyond its predictions: how long one row takes, and which inputs it
// leans on. Importance is measured on the pipeline's raw inputs (the columns a caller sends), so
// models with different preprocessing, or imported ones, are compared over the same names.
import { Tensor } from 'onnxruntime-node';
import type { Table } from '../../datasets/table.js';
import { pipelineFeeds, type OutputTensor } from '../../onnx/session.js';
import { accuracy } from '../../training/evaluation/classification.js';
import { SeededRandom, shuffleInPlace } from '../../training/evaluation/random.js';
import { rSquared } from '../../training/evaluation/regression.js';
import {
  copyLabels,
  copyProbabilities,
  copyValues,
  predictedClassIndices,
  runFeeds,
  type ModelPredictions,
  type ScoredModel,
} from './scored-model.js';

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
  samples: number;
}

const warmupRuns = 20;

/**
 * Single-row latency of session.run in milliseconds, after unmeasured warm-up runs (first-call
 * allocations and caches). Sample rows are spread evenly over `rows`, so the trees see the
 * data's variety rather than one path; feeds are built before the clock, as a server holds them
 * parsed when it calls the model.
 */
export async function singleRowLatency(model: ScoredModel, table: Table, rows: Uint32Array, samples: number): Promise<LatencyPercentiles> {
  const count = Math.max(1, Math.floor(samples));
  const pick = (index: number) => rows[Math.floor((index * rows.length) / count) % rows.length];
  const feeds = Array.from({ length: count }, (_, index) => pipelineFeeds(model.session, table, [pick(index)]));
  for (let run = 0; run < Math.min(warmupRuns, count); run++) await model.session.run(feeds[run]);
  const times = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await model.session.run(feeds[index]);
    times[index] = performance.now() - started;
  }
  times.sort();
  return { p50: nearestRank(times, 0.5), p95: nearestRank(times, 0.95), p99: nearestRank(times, 0.99), samples: count };
}

/** Nearest-rank percentile of sorted values: always a latency that was actually observed. */
export function nearestRank(sorted: Float64Array, fraction: number): number {
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1];
}

export interface ImportanceOptions {
  repeats: number;
  seed: number;
}

/**
 * Permutation importance per model input: the drop in the model's default score (accuracy, or
 * R² for regression) when that input's values are shuffled across the sample rows. The same
 * procedure as the trainer's (core/training/evaluation/importance.ts: a generator reseeded per
 * feature, each repeat shuffling further), applied to ONNX feeds because onnxruntime predicts
 * asynchronously and the trainer's helper expects a synchronous model.
 */
export async function inputPermutationImportance(
  model: ScoredModel,
  table: Table,
  rows: Uint32Array,
  actual: Float64Array,
  classes: readonly string[],
  options: ImportanceOptions,
): Promise<Record<string, number>> {
  const feeds = pipelineFeeds(model.session, table, rows);
  const score = async (batch: typeof feeds) => scoreOutput(model, await runFeeds(model, batch), actual, classes);
  const baseline = await score(feeds);
  const permutation = new Uint32Array(rows.length);
  const importance: Record<string, number> = {};
  for (const name of Object.keys(feeds)) {
    const original = feeds[name];
    const values = original.data as Float32Array | string[];
    for (let row = 0; row < permutation.length; row++) permutation[row] = row;
    const random = new SeededRandom(options.seed);
    let total = 0;
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      shuffleInPlace(permutation, random);
      const shuffled =
        values instanceof Float32Array ? Float32Array.from(permutation, (row) => values[row]) : Array.from(permutation, (row) => values[row]);
      const tensor = shuffled instanceof Float32Array ? new Tensor('float32', shuffled, original.dims) : new Tensor('string', shuffled, original.dims);
      total += baseline - (await score({ ...feeds, [name]: tensor }));
    }
    importance[name] = total / options.repeats;
  }
  return importance;
}

function scoreOutput(model: ScoredModel, tensor: OutputTensor, actual: Float64Array, classes: readonly string[]): number {
  const rows = actual.length;
  if (model.task === 'regression') {
    const values = new Float64Array(rows);
    copyValues(tensor, values, 0, rows);
    return rSquared(actual, values) ?? 0;
  }
  const predictions: ModelPredictions = { probabilities: null, labels: null, values: null };
  if (model.probabilitiesOutput) {
    predictions.probabilities = new Float64Array(rows * classes.length);
    copyProbabilities(tensor, predictions.probabilities, 0, rows, classes.length);
  } else {
    predictions.labels = new Array<string>(rows);
    copyLabels(tensor, predictions.labels, 0, rows);
  }
  return accuracy(actual, predictedClassIndices(predictions, classes));
}
