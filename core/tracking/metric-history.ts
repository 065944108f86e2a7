import { ValidationError } from '../api/errors.js';
import type { MetricSeries, WireNumber } from '../api/contract.js';
import type { Sqlite } from '../workspace/database.js';
import { largestTriangleThreeBuckets } from './downsample.js';
import { readSeries } from './metric-chunks.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { metricValue } from './run-view.js';
import { toWireNumber } from './validation.js';

export const historyLimits = {
  /** MLflow's MAX_RESULTS_GET_METRIC_HISTORY for one page of get-history. */
  pageSize: 25_000,
  bulkRuns: 100,
  bulkPointsPerRun: 2500,
} as const;

interface PointRow {
  step: number;
  timestamp: number;
  value: number;
  is_nan: number;
}

export interface MetricPoint {
  key: string;
  value: WireNumber;
  timestamp: number;
  step: number;
}

/** MLflow get-history: every point in (step, timestamp) order; paged only when asked. */
export function metricHistoryPage(db: Sqlite, runId: string, key: string, maxResults?: number, pageToken?: string): { metrics: MetricPoint[]; next_page_token?: string } {
  const offset = pageToken ? decodePageToken(pageToken) : 0;
  const limit = maxResults ?? -1;
  const rows = db
    .prepare('SELECT step, timestamp, value, is_nan FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp, rowid LIMIT ? OFFSET ?')
    .all(runId, key, limit, offset) as PointRow[];
  const metrics = rows.map((row) => ({ key, value: metricValue(row), timestamp: row.timestamp, step: row.step }));
  const full = maxResults !== undefined && rows.length === maxResults;
  return full ? { metrics, next_page_token: encodePageToken(offset + rows.length) } : { metrics };
}

/**
 * A series reduced on the server to at most `maxPoints` points with LTTB over step, read from the
 * chunked typed-array copy of the history: this runs on 100,000-point histories on every redraw.
 */
export function downsampledSeries(db: Sqlite, runId: string, key: string, maxPoints: number): MetricSeries {
  const { steps, timestamps, values } = readSeries(db, runId, key);
  const kept = largestTriangleThreeBuckets(steps, values, maxPoints);
  const series: MetricSeries = { run_id: runId, key, total_points: steps.length, steps: new Array(kept.length), values: new Array(kept.length), timestamps: new Array(kept.length) };
  for (let index = 0; index < kept.length; index++) {
    const source = kept[index];
    series.steps[index] = steps[source];
    series.timestamps[index] = timestamps[source];
    series.values[index] = toWireNumber(values[source]);
  }
  return series;
}

/** The MLflow UI's bulk-interval read: several runs, a step window, evenly thinned per run. */
export function bulkIntervalHistory(
  db: Sqlite,
  input: { runIds: string[]; key: string; startStep?: number; endStep?: number; maxResults: number },
): Array<MetricPoint & { run_id: string }> {
  if (input.runIds.length === 0 || input.runIds.length > historyLimits.bulkRuns) {
    throw new ValidationError(`GetMetricHistoryBulkInterval request must specify between 1 and ${historyLimits.bulkRuns} run_ids; got ${input.runIds.length}.`, { field: 'run_ids' });
  }
  if (input.maxResults < 1 || input.maxResults > historyLimits.bulkPointsPerRun) {
    throw new ValidationError(`max_results must be between 1 and ${historyLimits.bulkPointsPerRun}; got ${input.maxResults}.`, { field: 'max_results' });
  }
  const statement = db.prepare(
    'SELECT step, timestamp, value, is_nan FROM metrics WHERE run_id = ? AND key = ? AND step >= ? AND step <= ? ORDER BY step, timestamp',
  );
  const result: Array<MetricPoint & { run_id: string }> = [];
  for (const runId of input.runIds) {
    const rows = statement.all(runId, input.key, input.startStep ?? Number.MIN_SAFE_INTEGER, input.endStep ?? Number.MAX_SAFE_INTEGER) as PointRow[];
    const stride = Math.max(1, Math.ceil(rows.length / input.maxResults));
    for (let index = 0; index < rows.length; index += stride) {
      const row = rows[index];
      result.push({ run_id: runId, key: input.key, value: metricValue(row), timestamp: row.timestamp, step: row.step });
    }
    const last = rows[rows.length - 1];
    if (last && (rows.length - 1) % stride !== 0) result.push({ run_id: runId, key: input.key, value: metricValue(last), timestamp: last.timestamp, step: last.step });
  }
  return result;
}
