// SQL for stored drift reports. The DDL is proposed here and appended to the workspace migrations
// by core/workspace/migrations.ts; reports are written once and never updated.
import type { DriftReportSummary, DriftSettingsJson } from '../api/monitoring-contract.js';
import { NotFoundError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import type { DriftReportDocument, DriftSummary } from './report-document.js';

// The table is created by migration 6 (core/workspace/migrations.ts).

interface Row {
  id: string;
  created_time: number;
  created_by: string;
  reference_label: string;
  current_label: string;
  settings: string;
  summary: string;
  report?: string;
}

function summaryOf(row: Row): DriftReportSummary {
  return {
    id: row.id,
    created_time: row.created_time,
    created_by: row.created_by,
    reference: row.reference_label,
    current: row.current_label,
    settings: JSON.parse(row.settings) as DriftSettingsJson,
    summary: JSON.parse(row.summary) as DriftSummary,
  };
}

export class DriftReportStore {
  constructor(private readonly db: Sqlite) {}

  insert(input: { id: string; user: string; settings: DriftSettingsJson; report: DriftReportDocument }): DriftReportSummary {
    const { workbench } = input.report;
    const now = Date.now();
    this.db
      .prepare('INSERT INTO drift_reports (id, created_time, created_by, reference_label, current_label, settings, summary, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(input.id, now, input.user, workbench.reference.label, workbench.current.label, JSON.stringify(input.settings), JSON.stringify(workbench.summary), JSON.stringify(input.report));
    return this.summary(input.id);
  }

  summary(id: string): DriftReportSummary {
    const row = this.db.prepare('SELECT id, created_time, created_by, reference_label, current_label, settings, summary FROM drift_reports WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new NotFoundError(`No drift report with id ${id}.`, { id });
    return summaryOf(row);
  }

  get(id: string): DriftReportSummary & { report: DriftReportDocument } {
    const row = this.db.prepare('SELECT * FROM drift_reports WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new NotFoundError(`No drift report with id ${id}.`, { id });
    return { ...summaryOf(row), report: JSON.parse(row.report!) as DriftReportDocument };
  }

  list(limit = 200): DriftReportSummary[] {
    return (this.db.prepare('SELECT id, created_time, created_by, reference_label, current_label, settings, summary FROM drift_reports ORDER BY created_time DESC, id LIMIT ?').all(limit) as Row[]).map(summaryOf);
  }
}
