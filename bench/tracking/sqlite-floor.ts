// The floor for ingestion: the same points inserted straight into the same `metrics` table
// (the core's own migrations and pragmas, so indexes and WAL settings match) with no HTTP, no
// JSON, no validation and no latest_metrics upkeep. The core cannot be faster than this.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../core/workspace/database.js';
import { benchEpochMs, type MetricPoint } from './ingest-data.js';

export function measureSqliteFloor(batches: MetricPoint[][], directory: string): number {
  const db = openDatabase(path.join(directory, 'floor.db'));
  try {
    // Foreign keys are on, as in the core, so the points need their run.
    db.prepare(
      `INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time, created_by)
       VALUES (1, 'floor', 'mlflow-artifacts:/1', ?, ?, 'bench')`,
    ).run(benchEpochMs, benchEpochMs);
    db.prepare(
      `INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, artifact_uri)
       VALUES ('floor', 1, 'floor', 'bench', 'RUNNING', ?, 'mlflow-artifacts:/1/floor/artifacts')`,
    ).run(benchEpochMs);
    const insert = db.prepare('INSERT INTO metrics (run_id, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
    const insertBatch = db.transaction((batch: MetricPoint[]) => {
      for (const point of batch) insert.run('floor', point.key, point.step, point.timestamp, point.value);
    });

    const started = performance.now();
    for (const batch of batches) insertBatch(batch);
    const seconds = (performance.now() - started) / 1000;

    const { count } = db.prepare('SELECT COUNT(*) AS count FROM metrics').get() as { count: number };
    const expected = batches.reduce((total, batch) => total + batch.length, 0);
    if (count !== expected) throw new Error(`SQLite floor stored ${count} points, expected ${expected}`);
    return seconds;
  } finally {
    db.close();
  }
}
