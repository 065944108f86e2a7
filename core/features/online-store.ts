// The SQLite online store (reference §3-§4): the latest value per entity key of each online view,
// written by materialization under a newer-wins guard, read with Feast's statuses and TTL applied.
import type { Database } from 'better-sqlite3';
import { ValidationError } from '../api/errors.js';
import { isNumericColumn, type Column } from '../datasets/table.js';
import { joinKeyIds } from './entity-keys.js';
import { selectFeatures, type FeatureSelection } from './feature-refs.js';
import { sourceColumn, sourceMicros, type ResolvedFeatureView, type ViewSpec } from './resolved-view.js';

/**
 * Proposed migration. One row per (view, key) holding all of the view's features as a JSON object:
 * one read per view per request (reference §4) and a static schema, so `apply` never runs DDL.
 * Timestamps are epoch microseconds UTC (P15); NULL created ranks lowest (P5).
 */
// Tables: migration 5 (core/workspace/migrations.ts).

// A late, older batch never replaces a newer value (reference §3); Feast's upsert is unconditional.
const upsertSql = `
INSERT INTO feature_online_values (feature_view, entity_key, event_ts, created_ts, feature_values, written_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (feature_view, entity_key) DO UPDATE SET
  event_ts = excluded.event_ts, created_ts = excluded.created_ts,
  feature_values = excluded.feature_values, written_at = excluded.written_at
WHERE excluded.event_ts > feature_online_values.event_ts
   OR (excluded.event_ts = feature_online_values.event_ts
       AND coalesce(excluded.created_ts, -9223372036854775808) >= coalesce(feature_online_values.created_ts, -9223372036854775808))`;

const batchSize = 10_000;
const weekMs = 604_800_000;
const epochTimestamp = '1970-01-01T00:00:00Z';

export interface MaterializeResult {
  feature_view: string;
  /** Epoch ms, both inclusive. */
  start: number;
  end: number;
  rows_scanned: number;
  keys_written: number;
  keys_skipped_older: number;
  notice?: string;
}

export type FieldStatus = 'PRESENT' | 'NULL_VALUE' | 'NOT_FOUND' | 'OUTSIDE_MAX_AGE';
export type JsonScalar = string | number | boolean | null;

export interface OnlineRequest {
  features: FeatureSelection;
  /** Join-key values per entity row, no timestamps. */
  entityRows: readonly Record<string, unknown>[];
  fullFeatureNames?: boolean;
  /** `flag` (default) returns a stale value as OUTSIDE_MAX_AGE; `null` also blanks it. */
  stale?: 'flag' | 'null';
}

/** Feast's `POST /get-online-features` response: columnar, join keys first (reference §5). */
export interface OnlineResponse {
  metadata: { feature_names: string[] };
  results: { values: JsonScalar[]; statuses: FieldStatus[]; event_timestamps: string[] }[];
}

export class OnlineStore {
  constructor(private readonly database: Database) {}

  /** Latest row per key with start <= ts <= end (both inclusive, epoch ms), written newer-wins. */
  materialize(view: ResolvedFeatureView, start: number, end: number): MaterializeResult {
    if (!view.online) throw new ValidationError(`Feature view "${view.name}" is not online (online: false); it cannot be materialized`, { view: view.name });
    if (!(start <= end)) throw new ValidationError(`The materialization window is empty: start ${new Date(start).toISOString()} is after end ${new Date(end).toISOString()}`, { start, end });
    const ts = sourceMicros(view, view.timestampField);
    const created = view.createdTimestampColumn ? sourceMicros(view, view.createdTimestampColumn) : undefined;
    const keyColumns = view.joinKeys.map((key) => sourceColumn(view, key));
    const keys = joinKeyIds([{ rowCount: view.table.rowCount, keys: keyColumns }], view.joinKeys);
    const ids = keys.ids[0];
    const best = new Int32Array(keys.count).fill(-1);
    const [low, high] = [Math.round(start * 1000), Math.round(end * 1000)];
    const createdOf = (row: number) => (created === undefined || Number.isNaN(created[row]) ? -Infinity : created[row]);
    let scanned = 0;
    for (let row = 0; row < ids.length; row++) {
      if (!(ts[row] >= low && ts[row] <= high)) continue;
      scanned++;
      const id = ids[row];
      if (id < 0) continue;
      const current = best[id];
      // Later rows win exact ties: the last ingested row is the deterministic choice (P5).
      if (current < 0 || ts[row] > ts[current] || (ts[row] === ts[current] && createdOf(row) >= createdOf(current))) best[id] = row;
    }
    const features = view.features.map((feature) => ({ feature, column: sourceColumn(view, feature) }));
    const upsert = this.database.prepare(upsertSql);
    const writtenAt = Date.now();
    let written = 0;
    let skipped = 0;
    const writeBatch = this.database.transaction((rows: number[]) => {
      for (const row of rows) {
        const values: Record<string, JsonScalar> = {};
        for (const { feature, column } of features) values[feature] = cellValue(column, row);
        const createdTs = created === undefined || Number.isNaN(created[row]) ? null : created[row];
        const changes = upsert.run(view.name, entityKey(keyColumns.map((column) => cellValue(column, row))), ts[row], createdTs, JSON.stringify(values), writtenAt).changes;
        if (changes > 0) written++;
        else skipped++;
      }
    });
    let batch: number[] = [];
    for (let id = 0; id < best.length; id++) {
      if (best[id] < 0) continue;
      batch.push(best[id]);
      if (batch.length === batchSize) {
        writeBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) writeBatch(batch);
    this.database
      .prepare('INSERT INTO feature_materializations (feature_view, start_ts, end_ts, rows_scanned, keys_written, keys_skipped_older, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(view.name, low, high, scanned, written, skipped, Date.now());
    return { feature_view: view.name, start, end, rows_scanned: scanned, keys_written: written, keys_skipped_older: skipped };
  }

  /** From the previous run's end (else now - ttl, or 52 weeks when ttl is 0) up to `now` (epoch ms). */
  materializeIncremental(view: ResolvedFeatureView, now: number): MaterializeResult {
    const previous = this.database.prepare('SELECT max(end_ts) AS end_ts FROM feature_materializations WHERE feature_view = ?').get(view.name) as { end_ts: number | null };
    let notice: string | undefined;
    let start: number;
    if (previous.end_ts !== null) start = previous.end_ts / 1000;
    else if (view.ttlMs > 0) start = now - view.ttlMs;
    else {
      start = now - 52 * weekMs;
      notice = `Feature view "${view.name}" has no ttl and was never materialized: starting 52 weeks back`;
    }
    const result = this.materialize(view, start, now);
    return notice ? { ...result, notice } : result;
  }

  /** `now` (epoch ms) is captured once by the caller for the whole request (reference §4). */
  getOnlineFeatures(request: OnlineRequest, views: readonly ViewSpec[], now: number): OnlineResponse {
    const joinKeys = [...new Set(views.flatMap((view) => view.joinKeys))];
    const selected = selectFeatures(request.features, views, { fullFeatureNames: request.fullFeatureNames ?? false, reservedColumns: joinKeys });
    const usedViews = selected.map((selection) => views.find((view) => view.name === selection.view)!);
    const offline = usedViews.find((view) => !view.online);
    if (offline) throw new ValidationError(`Feature view "${offline.name}" is not online (online: false)`, { view: offline.name });
    const requestKeys = [...new Set(usedViews.flatMap((view) => view.joinKeys))];
    request.entityRows.forEach((row, index) => {
      for (const key of requestKeys) {
        const value = row[key];
        if (!(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
          throw new ValidationError(`Entity row ${index + 1} needs a value for join key "${key}"${value === undefined ? '' : `, got ${JSON.stringify(value)}`}`, { row: index + 1, key });
        }
      }
    });
    const response: OnlineResponse = { metadata: { feature_names: [] }, results: [] };
    for (const key of requestKeys) {
      response.metadata.feature_names.push(key);
      const count = request.entityRows.length;
      response.results.push({ values: request.entityRows.map((row) => row[key] as JsonScalar), statuses: new Array(count).fill('PRESENT'), event_timestamps: new Array(count).fill(epochTimestamp) });
    }
    const read = this.database.prepare('SELECT entity_key, event_ts, feature_values FROM feature_online_values WHERE feature_view = ? AND entity_key IN (SELECT value FROM json_each(?))');
    const nowMicros = Math.round(now * 1000);
    for (const [index, selection] of selected.entries()) {
      const view = usedViews[index];
      const rowKeys = request.entityRows.map((row) => entityKey(view.joinKeys.map((key) => row[key] as JsonScalar)));
      const stored = new Map<string, { event_ts: number; values: Record<string, JsonScalar> }>();
      for (const record of read.all(view.name, JSON.stringify([...new Set(rowKeys)])) as { entity_key: string; event_ts: number; feature_values: string }[]) {
        stored.set(record.entity_key, { event_ts: record.event_ts, values: JSON.parse(record.feature_values) });
      }
      for (const { feature, output } of selection.features) {
        const result: OnlineResponse['results'][number] = { values: [], statuses: [], event_timestamps: [] };
        for (const key of rowKeys) {
          const found = stored.get(key);
          const value = found?.values[feature] ?? null;
          // Age exactly equal to the ttl is still fresh, mirroring the inclusive offline bound (P4).
          const status: FieldStatus = !found ? 'NOT_FOUND' : view.ttlMs > 0 && nowMicros - found.event_ts > view.ttlMs * 1000 ? 'OUTSIDE_MAX_AGE' : value === null ? 'NULL_VALUE' : 'PRESENT';
          result.values.push(status === 'OUTSIDE_MAX_AGE' && request.stale === 'null' ? null : value);
          result.statuses.push(status);
          result.event_timestamps.push(found ? isoFromMicros(found.event_ts) : epochTimestamp);
        }
        response.metadata.feature_names.push(output);
        response.results.push(result);
      }
    }
    return response;
  }
}

/** A type tag keeps the number 1 and the string "1" apart (reference §3). */
export function entityKey(values: readonly JsonScalar[]): string {
  const tagged = values.map((value) => (typeof value === 'string' ? `s:${value}` : typeof value === 'number' ? `${Number.isInteger(value) ? 'i' : 'f'}:${value}` : `b:${value}`));
  return tagged.length === 1 ? tagged[0] : JSON.stringify(tagged);
}

function cellValue(column: Column, row: number): JsonScalar {
  if (isNumericColumn(column)) {
    const value = column.values[row];
    if (Number.isNaN(value)) return null;
    if (column.type === 'boolean') return value === 1;
    return column.type === 'datetime' ? isoFromMicros(Math.round(value * 1000)) : value;
  }
  const code = column.codes[row];
  return code < 0 ? null : column.dictionary[code];
}

/** ISO 8601 UTC with `Z`, fractional seconds only when present (down to microseconds). */
export function isoFromMicros(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros - seconds * 1_000_000;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return fraction === 0 ? `${base}Z` : `${base}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}Z`;
}
