// SQL for alerts (migration 7). De-duplication lives in the schema: a partial unique index allows
// one open alert per monitor and kind, so a condition that persists run after run raises one alert
// until it clears (resolved) or someone acknowledges it.
import { NotFoundError } from '../../api/errors.js';
import type { AlertKind, AlertStatus, AlertSummary, WebhookDelivery } from '../../api/monitoring-contract.js';
import type { Sqlite } from '../../workspace/database.js';

interface AlertRow {
  id: number;
  monitor_id: string;
  deployment: string;
  kind: AlertKind;
  status: AlertStatus;
  message: string;
  details: string;
  monitor_run_id: number | null;
  created_time: number;
  acknowledged_time: number | null;
  acknowledged_by: string | null;
  resolved_time: number | null;
  retrain_run_id: string | null;
  retrain_error: string | null;
  webhooks: string;
}

function alertOf(row: AlertRow): AlertSummary {
  return { ...row, details: JSON.parse(row.details) as Record<string, unknown>, webhooks: JSON.parse(row.webhooks) as WebhookDelivery[] };
}

export interface NewAlert {
  monitorId: string;
  deployment: string;
  kind: AlertKind;
  message: string;
  details: Record<string, unknown>;
  monitorRunId: number | null;
}

export interface AlertFilter {
  status?: AlertStatus;
  monitorId?: string;
  limit?: number;
}

export class AlertStore {
  constructor(private readonly db: Sqlite) {}

  /** A new open alert, or null when one of this monitor and kind is already open. */
  raise(alert: NewAlert): AlertSummary | null {
    const result = this.db
      .prepare(
        `INSERT INTO alerts (monitor_id, deployment, kind, status, message, details, monitor_run_id, created_time, webhooks)
         VALUES (?, ?, ?, 'open', ?, ?, ?, ?, '[]') ON CONFLICT DO NOTHING`,
      )
      .run(alert.monitorId, alert.deployment, alert.kind, alert.message, JSON.stringify(alert.details), alert.monitorRunId, Date.now());
    return result.changes === 0 ? null : this.get(Number(result.lastInsertRowid));
  }

  /** The condition is gone: its open alert (if any) is resolved. */
  resolve(monitorId: string, kind: AlertKind): void {
    this.db.prepare(`UPDATE alerts SET status = 'resolved', resolved_time = ? WHERE monitor_id = ? AND kind = ? AND status = 'open'`).run(Date.now(), monitorId, kind);
  }

  acknowledge(id: number, user: string): AlertSummary {
    const alert = this.get(id);
    if (alert.status === 'open') this.db.prepare(`UPDATE alerts SET status = 'acknowledged', acknowledged_time = ?, acknowledged_by = ? WHERE id = ?`).run(Date.now(), user, id);
    return this.get(id);
  }

  setWebhooks(id: number, deliveries: WebhookDelivery[]): void {
    this.db.prepare('UPDATE alerts SET webhooks = ? WHERE id = ?').run(JSON.stringify(deliveries), id);
  }

  linkRetrain(id: number, outcome: { runId: string } | { error: string }): AlertSummary {
    if ('runId' in outcome) this.db.prepare('UPDATE alerts SET retrain_run_id = ? WHERE id = ?').run(outcome.runId, id);
    else this.db.prepare('UPDATE alerts SET retrain_error = ? WHERE id = ?').run(outcome.error, id);
    return this.get(id);
  }

  get(id: number): AlertSummary {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    if (!row) throw new NotFoundError(`No alert with id ${id}.`, { id });
    return alertOf(row);
  }

  /** Newest first. */
  list(filter: AlertFilter = {}): AlertSummary[] {
    const rows = this.db
      .prepare('SELECT * FROM alerts WHERE (@status IS NULL OR status = @status) AND (@monitor IS NULL OR monitor_id = @monitor) ORDER BY created_time DESC, id DESC LIMIT @limit')
      .all({ status: filter.status ?? null, monitor: filter.monitorId ?? null, limit: filter.limit ?? 200 }) as AlertRow[];
    return rows.map(alertOf);
  }

  openCount(monitorId: string): number {
    return this.db.prepare(`SELECT COUNT(*) FROM alerts WHERE monitor_id = ? AND status = 'open'`).pluck().get(monitorId) as number;
  }
}
