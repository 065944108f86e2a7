// Figure (c): one long metric history fetched for a chart: downsampled on the server (our
// /api/metrics/history) against MLflow's get-history, which sends every point.
import type { CoreProcess } from '../support/core-process.js';
import { seededRandom } from '../support/random.js';
import { measureLatency, type Latency } from '../support/stats.js';
import { benchEpochMs } from './ingest-data.js';
import type { Scale } from './scale.js';

const historyKey = 'loss';

export async function seedHistoryRun(core: CoreProcess, scale: Scale['history']): Promise<string> {
  const { experiment_id: experimentId } = await core.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: 'bench-history' });
  const { run } = await core.request<{ run: { info: { run_id: string } } }>('POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId, start_time: benchEpochMs });
  const runId = run.info.run_id;
  const random = seededRandom(3);
  for (let first = 0; first < scale.points; first += scale.pointsPerRequest) {
    const metrics = Array.from({ length: Math.min(scale.pointsPerRequest, scale.points - first) }, (_, offset) => {
      const step = first + offset;
      return { key: historyKey, value: Math.exp(-step / 10_000) + random() * 0.1, timestamp: benchEpochMs + step * 100, step };
    });
    await core.request('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics });
  }
  return runId;
}

export async function measureDownsampledHistory(core: CoreProcess, runId: string, scale: Scale): Promise<Latency> {
  const body = JSON.stringify({ run_ids: [runId], metric_keys: [historyKey], max_points: scale.history.maxPoints });
  return measureLatency(async () => {
    const { series } = await core.request<{ series: Array<{ total_points: number; steps: number[] }> }>('POST', '/api/metrics/history', body);
    const [only] = series;
    if (!only || only.total_points !== scale.history.points || only.steps.length > scale.history.maxPoints) {
      throw new Error(`history: expected ${scale.history.points} points downsampled to at most ${scale.history.maxPoints}, got ${JSON.stringify({ total: only?.total_points, kept: only?.steps.length })}`);
    }
  }, scale.latency);
}

export async function measureFullHistory(core: CoreProcess, runId: string, scale: Scale): Promise<Latency> {
  const route = `/api/2.0/mlflow/metrics/get-history?${new URLSearchParams({ run_id: runId, metric_key: historyKey })}`;
  return measureLatency(async () => {
    const { metrics } = await core.request<{ metrics: unknown[] }>('GET', route);
    if (metrics.length !== scale.history.points) throw new Error(`get-history returned ${metrics.length} points, expected ${scale.history.points}`);
  }, scale.latency);
}
