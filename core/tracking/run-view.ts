// Turns run records into the two wire shapes (our RunRow and MLflow's Run) with one query per
// table for a whole page of runs, never one per run.
import type { RunRow, WireNumber } from '../api/contract.js';
import type { Sqlite } from '../workspace/database.js';
import type { RunRecord } from './runs.js';
import { toWireNumber } from './validation.js';

export interface Projection {
  paramKeys?: string[];
  metricKeys?: string[];
  tagKeys?: string[];
}

interface LatestMetricRow {
  run_id: string;
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
}

interface KeyValueRow {
  run_id: string;
  key: string;
  value: string;
}

export interface RunData {
  params: Map<string, KeyValueRow[]>;
  tags: Map<string, KeyValueRow[]>;
  metrics: Map<string, LatestMetricRow[]>;
}

function groupByRun<Row extends { run_id: string }>(rows: Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    let list = grouped.get(row.run_id);
    if (!list) grouped.set(row.run_id, (list = []));
    list.push(row);
  }
  return grouped;
}

function selectFor<Row extends { run_id: string }>(db: Sqlite, table: string, columns: string, runIds: string[], keys: string[] | undefined): Map<string, Row[]> {
  if (runIds.length === 0 || (keys && keys.length === 0)) return new Map();
  const runFilter = 'run_id IN (SELECT value FROM json_each(?))';
  const sql = keys
    ? `SELECT run_id, ${columns} FROM ${table} WHERE ${runFilter} AND key IN (SELECT value FROM json_each(?)) ORDER BY key`
    : `SELECT run_id, ${columns} FROM ${table} WHERE ${runFilter} ORDER BY key`;
  const args = keys ? [JSON.stringify(runIds), JSON.stringify(keys)] : [JSON.stringify(runIds)];
  return groupByRun(db.prepare(sql).all(...args) as Row[]);
}

export function loadRunData(db: Sqlite, runIds: string[], projection: Projection = {}): RunData {
  return {
    params: selectFor<KeyValueRow>(db, 'params', 'key, value', runIds, projection.paramKeys),
    tags: selectFor<KeyValueRow>(db, 'tags', 'key, value', runIds, projection.tagKeys),
    metrics: selectFor<LatestMetricRow>(db, 'latest_metrics', 'key, value, is_nan, timestamp, step', runIds, projection.metricKeys),
  };
}

export function metricValue(row: { value: number; is_nan: number }): WireNumber {
  return row.is_nan ? 'NaN' : toWireNumber(row.value);
}

export function toRunRow(record: RunRecord, data: RunData): RunRow {
  const params: Record<string, string> = {};
  for (const param of data.params.get(record.run_id) ?? []) params[param.key] = param.value;
  const tags: Record<string, string> = {};
  for (const tag of data.tags.get(record.run_id) ?? []) tags[tag.key] = tag.value;
  const metrics: Record<string, WireNumber> = {};
  for (const metric of data.metrics.get(record.run_id) ?? []) metrics[metric.key] = metricValue(metric);
  return {
    run_id: record.run_id,
    run_name: record.run_name,
    experiment_id: String(record.experiment_id),
    status: record.status,
    start_time: record.start_time,
    end_time: record.end_time,
    user_id: record.user_id,
    parent_run_id: record.parent_run_id,
    lifecycle_stage: record.lifecycle_stage,
    artifact_uri: record.artifact_uri,
    params,
    metrics,
    tags,
  };
}

export function toMlflowRunInfo(record: RunRecord): Record<string, unknown> {
  const info: Record<string, unknown> = {
    run_id: record.run_id,
    run_uuid: record.run_id,
    run_name: record.run_name,
    experiment_id: String(record.experiment_id),
    user_id: record.user_id,
    status: record.status,
    start_time: record.start_time,
    artifact_uri: record.artifact_uri,
    lifecycle_stage: record.lifecycle_stage,
  };
  if (record.end_time !== null) info.end_time = record.end_time;
  return info;
}

export function toMlflowRun(record: RunRecord, data: RunData, inputs?: Array<Record<string, unknown>>): Record<string, unknown> {
  return {
    info: toMlflowRunInfo(record),
    data: {
      metrics: (data.metrics.get(record.run_id) ?? []).map((metric) => ({ key: metric.key, value: metricValue(metric), timestamp: metric.timestamp, step: metric.step })),
      params: (data.params.get(record.run_id) ?? []).map(({ key, value }) => ({ key, value })),
      tags: (data.tags.get(record.run_id) ?? []).map(({ key, value }) => ({ key, value })),
    },
    inputs: inputs && inputs.length > 0 ? { dataset_inputs: inputs } : {},
  };
}

/** Dataset inputs of a page of runs in one query, by run. */
export function loadDatasetInputsFor(db: Sqlite, runIds: string[]): Map<string, Array<Record<string, unknown>>> {
  const result = new Map<string, Array<Record<string, unknown>>>();
  if (runIds.length === 0) return result;
  const rows = db.prepare('SELECT * FROM run_inputs WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY name').all(JSON.stringify(runIds)) as Array<{
    run_id: string;
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema: string | null;
    profile: string | null;
    tags: string;
  }>;
  for (const row of rows) {
    const dataset: Record<string, unknown> = { name: row.name, digest: row.digest, source_type: row.source_type, source: row.source };
    if (row.schema !== null) dataset.schema = row.schema;
    if (row.profile !== null) dataset.profile = row.profile;
    let list = result.get(row.run_id);
    if (!list) result.set(row.run_id, (list = []));
    list.push({ tags: JSON.parse(row.tags), dataset });
  }
  return result;
}
