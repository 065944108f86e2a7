// SQL for monitors and their runs (tables of migration 7). A monitor's settings are one JSON
// document; a run is written once and never updated, so the runs form the time series the
// Monitoring page draws.
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../api/errors.js';
import type { ColumnScore, MonitorConfig, MonitorRunSummary, WindowPerformance } from '../../api/monitoring-contract.js';
import type { Sqlite } from '../../workspace/database.js';

export interface MonitorRecord extends MonitorConfig {
  id: string;
  deployment: string;
  created_time: number;
  created_by: string;
  updated_time: number;
}

interface MonitorRow {
  id: string;
  deployment: string;
  config: string;
  enabled: number;
  created_time: number;
  created_by: string;
  updated_time: number;
}

interface RunRow {
  id: number;
  monitor_id: string;
  time: number;
  window_start: number;
  window_end: number;
  window_rows: number;
  drifted_share: number | null;
  dataset_drift: number | null;
  column_scores: string;
  performance: string | null;
  degraded: number;
  report_id: string | null;
  error: string | null;
  duration_ms: number;
}

export type NewMonitorRun = Omit<MonitorRunSummary, 'id'>;

function monitorOf(row: MonitorRow): MonitorRecord {
  const config = JSON.parse(row.config) as Omit<MonitorConfig, 'enabled'>;
  return { ...config, enabled: row.enabled === 1, id: row.id, deployment: row.deployment, created_time: row.created_time, created_by: row.created_by, updated_time: row.updated_time };
}

function runOf(row: RunRow): MonitorRunSummary {
  return {
    id: row.id,
    monitor_id: row.monitor_id,
    time: row.time,
    window_start: row.window_start,
    window_end: row.window_end,
    window_rows: row.window_rows,
    drifted_share: row.drifted_share,
    dataset_drift: row.dataset_drift === null ? null : row.dataset_drift === 1,
    column_scores: JSON.parse(row.column_scores) as ColumnScore[],
    performance: row.performance === null ? null : (JSON.parse(row.performance) as WindowPerformance),
    degraded: row.degraded === 1,
    report_id: row.report_id,
    error: row.error,
    duration_ms: row.duration_ms,
  };
}

function configJson(config: MonitorConfig): string {
  const { enabled: _enabled, ...rest } = config;
  return JSON.stringify(rest);
}

export class MonitorStore {
  constructor(private readonly db: Sqlite) {}

  create(deployment: string, config: MonitorConfig, user: string): MonitorRecord {
    const id = randomUUID();
    const now = Date.now();
    this.db
      .prepare('INSERT INTO monitors (id, deployment, config, enabled, created_time, created_by, updated_time, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, deployment, configJson(config), config.enabled ? 1 : 0, now, user, now, user);
    return this.get(id);
  }

  update(id: string, config: MonitorConfig, user: string): MonitorRecord {
    this.db.prepare('UPDATE monitors SET config = ?, enabled = ?, updated_time = ?, updated_by = ? WHERE id = ?').run(configJson(config), config.enabled ? 1 : 0, Date.now(), user, id);
    return this.get(id);
  }

  /** The monitor, its runs and its alerts, in one transaction. */
  remove(id: string): void {
    this.get(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM alerts WHERE monitor_id = ?').run(id);
      const reports = this.db.prepare('SELECT report_id FROM monitor_runs WHERE monitor_id = ? AND report_id IS NOT NULL').pluck().all(id) as string[];
      this.db.prepare('DELETE FROM monitor_runs WHERE monitor_id = ?').run(id);
      for (const report of reports) this.db.prepare('DELETE FROM drift_reports WHERE id = ?').run(report);
      this.db.prepare('DELETE FROM monitors WHERE id = ?').run(id);
    })();
  }

  get(id: string): MonitorRecord {
    const row = this.db.prepare('SELECT * FROM monitors WHERE id = ?').get(id) as MonitorRow | undefined;
    if (!row) throw new NotFoundError(`No monitor with id ${id}.`, { id });
    return monitorOf(row);
  }

  list(): MonitorRecord[] {
    return (this.db.prepare('SELECT * FROM monitors ORDER BY deployment, created_time').all() as MonitorRow[]).map(monitorOf);
  }

  insertRun(run: NewMonitorRun): MonitorRunSummary {
    const result = this.db
      .prepare(
        `INSERT INTO monitor_runs (monitor_id, time, window_start, window_end, window_rows, drifted_share, dataset_drift, column_scores, performance, degraded, report_id, error, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.monitor_id,
        run.time,
        run.window_start,
        run.window_end,
        run.window_rows,
        run.drifted_share,
        run.dataset_drift === null ? null : run.dataset_drift ? 1 : 0,
        JSON.stringify(run.column_scores),
        run.performance === null ? null : JSON.stringify(run.performance),
        run.degraded ? 1 : 0,
        run.report_id,
        run.error,
        run.duration_ms,
      );
    return { ...run, id: Number(result.lastInsertRowid) };
  }

  /** Runs at or after `since` (epoch ms), oldest first; the newest `limit` of them. */
  runs(monitorId: string, since = 0, limit = 1000): MonitorRunSummary[] {
    const rows = this.db.prepare('SELECT * FROM monitor_runs WHERE monitor_id = ? AND time >= ? ORDER BY time DESC, id DESC LIMIT ?').all(monitorId, since, limit) as RunRow[];
    return rows.reverse().map(runOf);
  }

  /** Deletes the full reports of all but the newest `keep` runs; those runs keep their scores. */
  pruneReports(monitorId: string, keep: number): void {
    this.db.transaction(() => {
      const old = this.db
        .prepare('SELECT id, report_id FROM monitor_runs WHERE monitor_id = ? AND report_id IS NOT NULL ORDER BY time DESC, id DESC LIMIT -1 OFFSET ?')
        .all(monitorId, keep) as Array<{ id: number; report_id: string }>;
      for (const row of old) {
        this.db.prepare('UPDATE monitor_runs SET report_id = NULL WHERE id = ?').run(row.id);
        this.db.prepare('DELETE FROM drift_reports WHERE id = ?').run(row.report_id);
      }
    })();
  }

  lastRun(monitorId: string): MonitorRunSummary | null {
    const row = this.db.prepare('SELECT * FROM monitor_runs WHERE monitor_id = ? ORDER BY time DESC, id DESC LIMIT 1').get(monitorId) as RunRow | undefined;
    return row ? runOf(row) : null;
  }
}
