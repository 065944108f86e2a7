import type { Sqlite } from '../workspace/database.js';

/** Points per stored chunk: small enough to rewrite on append, large enough to read fast. */
export const chunkSize = 1024;

export interface SeriesArrays {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

function toBytes(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** SQLite blobs come back as Buffers with no alignment promise, so copy into a fresh array. */
function fromBytes(bytes: Buffer, target: Float64Array, offset: number): void {
  new Uint8Array(target.buffer, target.byteOffset + offset * 8, bytes.length).set(bytes);
}

/** Appends one key's points (in logging order) to its chunks: fill the last, then open new ones. */
export class MetricChunkWriter {
  private readonly last;
  private readonly update;
  private readonly insert;

  constructor(db: Sqlite) {
    this.last = db.prepare('SELECT chunk, count, steps, timestamps, vals FROM metric_chunks WHERE run_id = ? AND key = ? ORDER BY chunk DESC LIMIT 1');
    this.update = db.prepare('UPDATE metric_chunks SET count = ?, steps = ?, timestamps = ?, vals = ? WHERE run_id = ? AND key = ? AND chunk = ?');
    this.insert = db.prepare('INSERT INTO metric_chunks (run_id, key, chunk, count, steps, timestamps, vals) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  append(runId: string, key: string, points: SeriesArrays): void {
    let start = 0;
    const total = points.steps.length;
    const last = this.last.get(runId, key) as { chunk: number; count: number; steps: Buffer; timestamps: Buffer; vals: Buffer } | undefined;
    let nextChunk = 0;
    if (last) {
      nextChunk = last.chunk + 1;
      const room = chunkSize - last.count;
      if (room > 0) {
        const taken = Math.min(room, total);
        const merged = (stored: Buffer, fresh: Float64Array) => Buffer.concat([stored, toBytes(fresh.subarray(0, taken))]);
        this.update.run(last.count + taken, merged(last.steps, points.steps), merged(last.timestamps, points.timestamps), merged(last.vals, points.values), runId, key, last.chunk);
        start = taken;
      }
    }
    for (; start < total; start += chunkSize, nextChunk++) {
      const end = Math.min(start + chunkSize, total);
      this.insert.run(
        runId,
        key,
        nextChunk,
        end - start,
        toBytes(points.steps.subarray(start, end)),
        toBytes(points.timestamps.subarray(start, end)),
        toBytes(points.values.subarray(start, end)),
      );
    }
  }
}

/**
 * A key's whole history as typed arrays ordered by (step, timestamp), logging order breaking
 * ties. Histories are usually logged in step order, so the sort is skipped when already ordered.
 */
export function readSeries(db: Sqlite, runId: string, key: string): SeriesArrays {
  const rows = db.prepare('SELECT count, steps, timestamps, vals FROM metric_chunks WHERE run_id = ? AND key = ? ORDER BY chunk').all(runId, key) as Array<{
    count: number;
    steps: Buffer;
    timestamps: Buffer;
    vals: Buffer;
  }>;
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const series: SeriesArrays = { steps: new Float64Array(total), timestamps: new Float64Array(total), values: new Float64Array(total) };
  let offset = 0;
  for (const row of rows) {
    fromBytes(row.steps, series.steps, offset);
    fromBytes(row.timestamps, series.timestamps, offset);
    fromBytes(row.vals, series.values, offset);
    offset += row.count;
  }
  return isOrdered(series) ? series : reorder(series);
}

function isOrdered({ steps, timestamps }: SeriesArrays): boolean {
  for (let index = 1; index < steps.length; index++) {
    if (steps[index] < steps[index - 1] || (steps[index] === steps[index - 1] && timestamps[index] < timestamps[index - 1])) return false;
  }
  return true;
}

function reorder(series: SeriesArrays): SeriesArrays {
  const order = Uint32Array.from({ length: series.steps.length }, (_, index) => index);
  order.sort((a, b) => series.steps[a] - series.steps[b] || series.timestamps[a] - series.timestamps[b] || a - b);
  const pick = (source: Float64Array) => Float64Array.from(order, (index) => source[index]);
  return { steps: pick(series.steps), timestamps: pick(series.timestamps), values: pick(series.values) };
}
