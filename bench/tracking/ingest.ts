// Figure (a): metric points through MLflow's runs/log-batch, one client, one request at a time.
import { performance } from 'node:perf_hooks';
import type { CoreProcess } from '../support/core-process.js';
import type { Report } from '../support/report.js';
import { benchEpochMs, type MetricPoint } from './ingest-data.js';

/** Seconds from the first request to the last response. Bodies are serialised beforehand: the client's JSON work is not the server's. */
export async function measureHttpIngest(core: CoreProcess, batches: MetricPoint[][], report: Report): Promise<number> {
  const { experiment_id: experimentId } = await core.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: 'bench-ingest' });
  const { run } = await core.request<{ run: { info: { run_id: string } } }>('POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId, start_time: benchEpochMs });
  const runId = run.info.run_id;
  const bodies = batches.map((metrics) => JSON.stringify({ run_id: runId, metrics }));
  const largest = Math.max(...bodies.map((body) => Buffer.byteLength(body)));
  report.note(`ingest: ${bodies.length} requests, largest body ${(largest / 1024).toFixed(0)} KiB`);

  const progressEvery = Math.max(1, Math.floor(bodies.length / 10));
  const started = performance.now();
  for (let index = 0; index < bodies.length; index++) {
    await core.request('POST', '/api/2.0/mlflow/runs/log-batch', bodies[index]);
    if ((index + 1) % progressEvery === 0) report.note(`ingest: ${index + 1}/${bodies.length} requests, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const seconds = (performance.now() - started) / 1000;

  await checkStored(core, runId, batches);
  return seconds;
}

/** Every point must have landed: a fast ingest that drops data is not a result. */
async function checkStored(core: CoreProcess, runId: string, batches: MetricPoint[][]): Promise<void> {
  const expected = new Map<string, number>();
  for (const batch of batches) for (const point of batch) expected.set(point.key, (expected.get(point.key) ?? 0) + 1);
  const { series } = await core.request<{ series: Array<{ key: string; total_points: number }> }>('POST', '/api/metrics/history', {
    run_ids: [runId],
    metric_keys: [...expected.keys()],
    max_points: 2,
  });
  for (const [key, count] of expected) {
    const stored = series.find((entry) => entry.key === key)?.total_points ?? 0;
    if (stored !== count) throw new Error(`ingest: run ${runId} holds ${stored} points of ${key}, expected ${count}`);
  }
}
