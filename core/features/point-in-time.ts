// Point-in-time retrieval (Feast's get_historical_features, reference §2): for every entity row,
// the latest feature row of each view with ts <= t (and >= t - ttl), ties to the newer created
// timestamp, then to the later source row. A typed-array sort-merge: source rows are bucketed by
// key and sorted by (ts, created, row) once; each entity row is one binary search in its bucket.
import { ValidationError } from '../api/errors.js';
import { parseDatetime } from '../datasets/value-parsing.js';
import { columnByName, isNumericColumn, type Column, type Table } from '../datasets/table.js';
import { joinKeyIds } from './entity-keys.js';
import { selectFeatures, type FeatureSelection } from './feature-refs.js';
import { sourceColumn, sourceMicros, toMicros, type ResolvedFeatureView } from './resolved-view.js';

export interface HistoricalRequest {
  /** Join keys + the event timestamp; every other column (labels…) passes through (P8). */
  entityTable: Table;
  featureViews: readonly ResolvedFeatureView[];
  features: FeatureSelection;
  fullFeatureNames?: boolean;
  /** P6: also require created <= t; rows without a created timestamp drop out. */
  filterByCreatedTimestamp?: boolean;
}

export function getHistoricalFeatures(request: HistoricalRequest): Table {
  const { entityTable } = request;
  const timestampColumn = entityTimestampColumn(entityTable);
  const entityMicros = toMicros(timestampColumn.values);
  const selected = selectFeatures(request.features, request.featureViews, {
    fullFeatureNames: request.fullFeatureNames ?? false,
    reservedColumns: entityTable.columns.map((column) => column.name),
  });
  const featureColumns: Column[] = [];
  for (const selection of selected) {
    const view = request.featureViews.find((candidate) => candidate.name === selection.view)!;
    const winners = latestRows(view, entityTable, entityMicros, request.filterByCreatedTimestamp ?? false);
    for (const { feature, output } of selection.features) featureColumns.push(gather(sourceColumn(view, feature), winners, output));
  }
  // One output row per input row, in input order (P8, P9): the entity columns are reused untouched.
  return { rowCount: entityTable.rowCount, columns: [...entityTable.columns, ...featureColumns] };
}

/** P1: `event_timestamp`, else the only datetime column; every row must hold a timestamp. */
export function entityTimestampColumn(table: Table): Extract<Column, { values: Float64Array }> {
  const named = columnByName(table, 'event_timestamp');
  const datetimes = table.columns.filter((column) => column.type === 'datetime');
  const column = named ?? (datetimes.length === 1 ? datetimes[0] : undefined);
  if (!column) {
    const reason = datetimes.length === 0 ? 'it has no timestamp column' : `it has ${datetimes.length} timestamp columns (${datetimes.map((candidate) => candidate.name).join(', ')})`;
    throw new ValidationError(`The entity table needs an "event_timestamp" column: ${reason}`, { reason: 'entity_timestamp_inference' });
  }
  if (!isNumericColumn(column) || column.type !== 'datetime') {
    const codes = (column as Extract<Column, { codes: Int32Array }>).codes;
    const dictionary = (column as Extract<Column, { codes: Int32Array }>).dictionary;
    const row = codes.findIndex((code) => code < 0 || parseDatetime(dictionary[code]) === undefined);
    throw new ValidationError(`Entity column "${column.name}" is not a timestamp: row ${row + 1} holds ${JSON.stringify(row >= 0 && codes[row] >= 0 ? dictionary[codes[row]] : null)}`, { column: column.name, row: row + 1 });
  }
  const missing = column.values.findIndex((value) => Number.isNaN(value));
  if (missing >= 0) throw new ValidationError(`Entity row ${missing + 1} has no ${column.name}`, { column: column.name, row: missing + 1 });
  return column;
}

/** Source rows of one view as buckets per key id, each sorted by (ts, created, row). */
export interface SortedSource {
  order: Int32Array;
  /** Bucket of key id k is order[bucketStart[k] .. bucketStart[k + 1]). */
  bucketStart: Int32Array;
  ts: Float64Array;
  created: Float64Array | undefined;
}

/**
 * Rows whose key is missing or whose ts falls outside [lowest, highest] are left out: they can
 * never win (P12's pruning), and sorting fewer rows is the main cost.
 */
export function sortSource(sourceIds: Int32Array, keyCount: number, ts: Float64Array, created: Float64Array | undefined, lowest: number, highest: number): SortedSource {
  let candidates: Int32Array = new Int32Array(sourceIds.length);
  let count = 0;
  for (let row = 0; row < sourceIds.length; row++) if (sourceIds[row] >= 0 && ts[row] >= lowest && ts[row] <= highest) candidates[count++] = row;
  candidates = candidates.subarray(0, count);
  const buckets = bucketByKey(candidates, sourceIds, keyCount);
  // Append-only logs arrive in time order: then every bucket is already sorted and we are done.
  if (bucketsSorted(buckets, ts, created)) return { ...buckets, ts, created };
  // Otherwise: stable radix sorts by created, then by ts, then the stable bucketing by key, give
  // (key, ts, created, row) order. A NULL created ranks lowest (P5); the row is the last tie-break.
  let sequence: Int32Array = candidates;
  if (created) sequence = radixSort(sequence, offsets(sequence, created, true));
  sequence = radixSort(sequence, offsets(sequence, ts, false));
  return { ...bucketByKey(sequence, sourceIds, keyCount), ts, created };
}

/** Stable counting sort of `rows` by key id. */
function bucketByKey(rows: Int32Array, ids: Int32Array, keyCount: number): { order: Int32Array; bucketStart: Int32Array } {
  const counts = new Int32Array(keyCount + 1);
  for (let index = 0; index < rows.length; index++) counts[ids[rows[index]] + 1]++;
  for (let id = 0; id < keyCount; id++) counts[id + 1] += counts[id];
  const bucketStart = counts.slice();
  const order = new Int32Array(rows.length);
  for (let index = 0; index < rows.length; index++) order[counts[ids[rows[index]]]++] = rows[index];
  return { order, bucketStart };
}

function bucketsSorted({ order, bucketStart }: { order: Int32Array; bucketStart: Int32Array }, ts: Float64Array, created: Float64Array | undefined): boolean {
  const createdOf = (row: number) => (created === undefined || Number.isNaN(created[row]) ? -Infinity : created[row]);
  for (let id = 0; id + 1 < bucketStart.length; id++) {
    for (let index = bucketStart[id] + 1; index < bucketStart[id + 1]; index++) {
      const [previous, row] = [order[index - 1], order[index]];
      if (ts[previous] > ts[row] || (ts[previous] === ts[row] && createdOf(previous) > createdOf(row))) return false;
    }
  }
  return true;
}

/** Non-negative integer sort keys: value - minimum (+1 with NaN as 0 when `missingFirst`). */
function offsets(rows: Int32Array, values: Float64Array, missingFirst: boolean): Float64Array {
  let minimum = Infinity;
  for (let index = 0; index < rows.length; index++) if (values[rows[index]] < minimum) minimum = values[rows[index]];
  const keys = new Float64Array(rows.length);
  const shift = missingFirst ? 1 : 0;
  for (let index = 0; index < rows.length; index++) {
    const value = values[rows[index]];
    keys[index] = Number.isNaN(value) ? 0 : value - minimum + shift;
  }
  return keys;
}

/** Stable LSD radix sort of `rows` by integer keys below 2^53, 16 bits per pass. */
function radixSort(rows: Int32Array, keys: Float64Array): Int32Array {
  let maximum = 0;
  for (let index = 0; index < keys.length; index++) if (keys[index] > maximum) maximum = keys[index];
  let fromRows: Int32Array = rows;
  let fromKeys: Float64Array = keys;
  let toRows: Int32Array = new Int32Array(rows.length);
  let toKeys: Float64Array = new Float64Array(rows.length);
  const counts = new Int32Array(65_536);
  for (let divisor = 1; divisor <= maximum; divisor *= 65_536) {
    counts.fill(0);
    for (let index = 0; index < fromKeys.length; index++) counts[Math.floor(fromKeys[index] / divisor) % 65_536]++;
    for (let digit = 0, total = 0; digit < 65_536; digit++) [counts[digit], total] = [total, total + counts[digit]];
    for (let index = 0; index < fromKeys.length; index++) {
      const position = counts[Math.floor(fromKeys[index] / divisor) % 65_536]++;
      toRows[position] = fromRows[index];
      toKeys[position] = fromKeys[index];
    }
    [fromRows, toRows] = [toRows, fromRows];
    [fromKeys, toKeys] = [toKeys, fromKeys];
  }
  return fromRows;
}

/** The winning source row for every entity row of `view`, or -1 (P3-P7). */
function latestRows(view: ResolvedFeatureView, entityTable: Table, entityMicros: Float64Array, filterByCreated: boolean): Int32Array {
  const missingKeys = view.joinKeys.filter((key) => !columnByName(entityTable, key));
  if (missingKeys.length > 0) {
    throw new ValidationError(`The entity table lacks the join key${missingKeys.length > 1 ? 's' : ''} ${missingKeys.join(', ')} of feature view "${view.name}"`, { view: view.name, columns: missingKeys });
  }
  const keys = joinKeyIds(
    [
      { rowCount: entityTable.rowCount, keys: view.joinKeys.map((key) => columnByName(entityTable, key)!) },
      { rowCount: view.table.rowCount, keys: view.joinKeys.map((key) => sourceColumn(view, key)) },
    ],
    view.joinKeys,
  );
  const ts = sourceMicros(view, view.timestampField);
  const created = view.createdTimestampColumn ? sourceMicros(view, view.createdTimestampColumn) : undefined;
  const ttl = view.ttlMs * 1000;
  let earliest = Infinity;
  let latest = -Infinity;
  for (let row = 0; row < entityMicros.length; row++) {
    earliest = Math.min(earliest, entityMicros[row]);
    latest = Math.max(latest, entityMicros[row]);
  }
  const sorted = sortSource(keys.ids[1], keys.count, ts, created, ttl > 0 ? earliest - ttl : -Infinity, latest);
  const winners = new Int32Array(entityTable.rowCount).fill(-1);
  const entityIds = keys.ids[0];
  for (let row = 0; row < winners.length; row++) {
    const id = entityIds[row];
    if (id >= 0) winners[row] = latestInBucket(sorted, id, entityMicros[row], ttl, filterByCreated);
  }
  return winners;
}

/** Binary search for the last row with ts <= t, then the TTL floor and the created filter. */
export function latestInBucket(sorted: SortedSource, id: number, time: number, ttl: number, filterByCreated: boolean): number {
  const { order, ts, created } = sorted;
  const start = sorted.bucketStart[id];
  let low = start;
  let high = sorted.bucketStart[id + 1];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ts[order[middle]] <= time) low = middle + 1;
    else high = middle;
  }
  const floor = ttl > 0 ? time - ttl : -Infinity;
  for (let index = low - 1; index >= start; index--) {
    const row = order[index];
    // Rows are sorted by ts: once one is below the TTL floor, all earlier ones are too (P4).
    if (ts[row] < floor) return -1;
    if (!filterByCreated || created === undefined) return row;
    if (!Number.isNaN(created[row]) && created[row] <= time) return row;
  }
  return -1;
}

/** The winners' values as a new column; -1 gives NaN / code -1 (P7). */
function gather(column: Column, winners: Int32Array, name: string): Column {
  if (isNumericColumn(column)) {
    const values = new Float64Array(winners.length);
    for (let row = 0; row < values.length; row++) values[row] = winners[row] < 0 ? NaN : column.values[winners[row]];
    return { name, type: column.type, values };
  }
  const codes = new Int32Array(winners.length);
  for (let row = 0; row < codes.length; row++) codes[row] = winners[row] < 0 ? -1 : column.codes[winners[row]];
  return { name, type: column.type, codes, dictionary: column.dictionary };
}
