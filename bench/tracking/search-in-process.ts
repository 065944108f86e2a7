// Baseline for figure (b): the same logical query, answered in this process straight from the
// core's database file (read-only, beside the running core). The gap to the HTTP figure is what
// HTTP, JSON and the core's request handling add on top of SQLite.
import Database from 'better-sqlite3';
import { measureLatency } from '../support/stats.js';
import type { Scale } from './scale.js';
import { searchQuery } from './search-data.js';
import type { SearchResult } from './search.js';

interface RunRow {
  run_id: string;
  [column: string]: unknown;
}

interface KeyValueRow {
  run_id: string;
  key: string;
  value: unknown;
}

/**
 * MLflow's semantics, written by hand: NaN never passes a filter; runs missing the sort metric go
 * last; ties fall back to newest start_time, then run_id. Statements are prepared once, as an
 * application embedding SQLite would.
 */
export async function measureInProcessSearch(databaseFile: string, experimentId: string, scale: Scale): Promise<SearchResult> {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    // The core opens its connection with a 64 MiB page cache; the baseline gets the same.
    db.pragma('cache_size = -65536');
    const page = db.prepare(`
      SELECT runs.* FROM runs
      JOIN latest_metrics AS filter_metric
        ON filter_metric.run_id = runs.run_id AND filter_metric.key = @filterMetric AND filter_metric.is_nan = 0 AND filter_metric.value > @threshold
      JOIN params AS filter_param
        ON filter_param.run_id = runs.run_id AND filter_param.key = @filterParam AND filter_param.value = @paramValue
      LEFT JOIN latest_metrics AS sort_metric ON sort_metric.run_id = runs.run_id AND sort_metric.key = @sortMetric
      WHERE runs.experiment_id = @experimentId AND runs.lifecycle_stage = 'active'
      ORDER BY sort_metric.run_id IS NULL, sort_metric.is_nan, sort_metric.value DESC, runs.start_time DESC, runs.run_id
      LIMIT @limit`);
    const pageSize = scale.search.pageSize;
    const placeholders = Array.from({ length: pageSize }, () => '?').join(', ');
    const params = db.prepare(`SELECT run_id, key, value FROM params WHERE run_id IN (${placeholders})`);
    const tags = db.prepare(`SELECT run_id, key, value FROM tags WHERE run_id IN (${placeholders})`);
    const metrics = db.prepare(`SELECT run_id, key, value, is_nan, timestamp, step FROM latest_metrics WHERE run_id IN (${placeholders})`);

    const { filterMetric, threshold, filterParam, paramValue, sortMetric } = searchQuery;
    const bindings = { filterMetric, threshold, filterParam, paramValue, sortMetric };
    let runIds: string[] = [];
    const latency = await measureLatency(() => {
      const rows = page.all({ ...bindings, experimentId: Number(experimentId), limit: pageSize }) as RunRow[];
      runIds = rows.map((row) => row.run_id);
      // Unused slots of the IN list stay NULL and match nothing.
      const bound = [...runIds, ...Array<null>(pageSize - runIds.length).fill(null)];
      const byRun = new Map(rows.map((row) => [row.run_id, { run: row, params: [] as KeyValueRow[], metrics: [] as KeyValueRow[], tags: [] as KeyValueRow[] }]));
      for (const row of params.all(...bound) as KeyValueRow[]) byRun.get(row.run_id)!.params.push(row);
      for (const row of metrics.all(...bound) as KeyValueRow[]) byRun.get(row.run_id)!.metrics.push(row);
      for (const row of tags.all(...bound) as KeyValueRow[]) byRun.get(row.run_id)!.tags.push(row);
      return byRun;
    }, scale.latency);
    return { latency, runIds };
  } finally {
    db.close();
  }
}
