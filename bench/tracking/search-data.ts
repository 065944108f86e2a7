// The experiment figure (b) searches and figure (d) renders: many runs, each with a full set of
// params and metrics, and the one query both the core and the in-process baseline answer.
import type { CoreProcess } from '../support/core-process.js';
import { seededRandom } from '../support/random.js';
import type { Report } from '../support/report.js';
import { runConcurrently } from '../support/stats.js';
import { benchEpochMs } from './ingest-data.js';
import type { Scale } from './scale.js';

/**
 * Matches about 5% of runs (half pass the metric, a tenth the param), so the first page of 100
 * is sorted out of ~500 candidates at full scale: the filter and the sort both do real work.
 */
export const searchQuery = {
  filterMetric: 'metric_0',
  threshold: 0.5,
  filterParam: 'param_0',
  paramValue: 'v3',
  sortMetric: 'metric_1',
  paramValues: 10,
} as const;

export const searchFilter = `metrics.${searchQuery.filterMetric} > ${searchQuery.threshold} and params.${searchQuery.filterParam} = '${searchQuery.paramValue}'`;
export const searchOrderBy = `metrics.${searchQuery.sortMetric} DESC`;

/** Creates the experiment and its runs over HTTP (create + one log-batch per run), several in flight. */
export async function seedSearchExperiment(core: CoreProcess, scale: Scale['search'], report: Report): Promise<string> {
  const { experiment_id: experimentId } = await core.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: 'bench-search' });
  const random = seededRandom(2);
  // Drawn up front in run order, so the data does not depend on which request finishes first.
  const runs = Array.from({ length: scale.runs }, (_, index) => ({
    startTime: benchEpochMs + index * 1000,
    params: Array.from({ length: scale.paramsPerRun }, (_, key) => ({
      key: `param_${key}`,
      value: key === 0 ? `v${Math.floor(random() * searchQuery.paramValues)}` : `${(random() * 1000).toFixed(3)}`,
    })),
    metrics: Array.from({ length: scale.metricsPerRun }, (_, key) => ({ key: `metric_${key}`, value: random(), timestamp: benchEpochMs + index * 1000, step: 0 })),
  }));

  const progressEvery = Math.max(1, Math.floor(scale.runs / 10));
  let done = 0;
  await runConcurrently(scale.runs, scale.seedConcurrency, async (index) => {
    const seed = runs[index];
    const { run } = await core.request<{ run: { info: { run_id: string } } }>('POST', '/api/2.0/mlflow/runs/create', {
      experiment_id: experimentId,
      run_name: `run-${index}`,
      start_time: seed.startTime,
    });
    await core.request('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: run.info.run_id, params: seed.params, metrics: seed.metrics });
    if (++done % progressEvery === 0) report.note(`search: seeded ${done}/${scale.runs} runs`);
  });
  return experimentId;
}
