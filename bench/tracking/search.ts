// Figure (b): one page of MLflow's runs/search over HTTP, as the MLflow client sends it.
import type { CoreProcess } from '../support/core-process.js';
import { measureLatency, type Latency } from '../support/stats.js';
import type { Scale } from './scale.js';
import { searchFilter, searchOrderBy } from './search-data.js';

export interface SearchResult {
  latency: Latency;
  /** The page, in order: the in-process baseline must return the same runs. */
  runIds: string[];
}

export async function measureHttpSearch(core: CoreProcess, experimentId: string, scale: Scale): Promise<SearchResult> {
  const body = JSON.stringify({ experiment_ids: [experimentId], filter: searchFilter, order_by: [searchOrderBy], max_results: scale.search.pageSize });
  let runIds: string[] = [];
  const latency = await measureLatency(async () => {
    const page = await core.request<{ runs?: Array<{ info: { run_id: string } }> }>('POST', '/api/2.0/mlflow/runs/search', body);
    runIds = (page.runs ?? []).map((run) => run.info.run_id);
  }, scale.latency);
  return { latency, runIds };
}
