import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrations } from '../workspace/migrations.js';
import { chunkSize, MetricChunkWriter, readSeries } from './metric-chunks.js';

function database() {
  const db = new Database(':memory:');
  for (const migration of migrations) db.exec(migration);
  db.prepare(`INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time, created_by) VALUES (0, 'Default', 'x', 0, 0, 'me')`).run();
  db.prepare(`INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, artifact_uri) VALUES ('r', 0, 'r', 'me', 'RUNNING', 0, 'x')`).run();
  return db;
}

const points = (from: number, count: number) => ({
  steps: Float64Array.from({ length: count }, (_, index) => from + index),
  timestamps: Float64Array.from({ length: count }, (_, index) => 1000 + from + index),
  values: Float64Array.from({ length: count }, (_, index) => ((from + index) % 7 === 0 ? Number.NaN : (from + index) / 10)),
});

describe('metric chunks', () => {
  it('appends across chunk boundaries and reads the whole history back, NaN included', () => {
    const db = database();
    const writer = new MetricChunkWriter(db);
    writer.append('r', 'loss', points(0, 1000));
    writer.append('r', 'loss', points(1000, 1500));
    writer.append('r', 'loss', points(2500, 3));
    const series = readSeries(db, 'r', 'loss');
    expect(series.steps.length).toBe(2503);
    expect(Array.from(series.steps)).toEqual(Array.from({ length: 2503 }, (_, index) => index));
    expect(series.values[14]).toBeNaN();
    expect(series.values[15]).toBe(1.5);
    expect(series.timestamps[2502]).toBe(3502);
    const chunks = db.prepare(`SELECT chunk, count FROM metric_chunks WHERE key = 'loss' ORDER BY chunk`).all();
    expect(chunks).toEqual([
      { chunk: 0, count: chunkSize },
      { chunk: 1, count: chunkSize },
      { chunk: 2, count: 2503 - 2 * chunkSize },
    ]);
  });

  it('orders a history logged out of step order by step, then timestamp', () => {
    const db = database();
    const writer = new MetricChunkWriter(db);
    writer.append('r', 'acc', { steps: Float64Array.of(5, 1, 3, 1), timestamps: Float64Array.of(1, 9, 2, 3), values: Float64Array.of(0.5, 0.19, 0.3, 0.13) });
    const series = readSeries(db, 'r', 'acc');
    expect(Array.from(series.steps)).toEqual([1, 1, 3, 5]);
    expect(Array.from(series.values)).toEqual([0.13, 0.19, 0.3, 0.5]);
  });
});
