// Latency figures: medians and nearest-rank percentiles of repeated, sequential measurements.
import { performance } from 'node:perf_hooks';

/** Nearest-rank percentile: always a latency that was actually observed. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1];
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Latency {
  median: number;
  p95: number;
  samples: number[];
}

/**
 * Runs `task` `warmup` times unmeasured (JIT, statement caches, SQLite pages), then `repetitions`
 * times one after another, and returns milliseconds per call.
 */
export async function measureLatency(task: () => unknown, options: { warmup: number; repetitions: number }): Promise<Latency> {
  for (let index = 0; index < options.warmup; index++) await task();
  const samples: number[] = [];
  for (let index = 0; index < options.repetitions; index++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return { median: median(samples), p95: percentile(samples, 0.95), samples };
}

/** Runs `count` tasks with at most `concurrency` in flight; rejects on the first failure. */
export async function runConcurrently(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
