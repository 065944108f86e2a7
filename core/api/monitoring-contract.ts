// The `/api/drift` contract (ARCHITECTURE rule 6): request schemas in zod, responses as plain
// types, shared by the core routes, the renderer and the CLI. A report's document is
// Evidently-shaped (reference/drift-tests.md §6) with our extras under `workbench`.
import { z } from 'zod';
import type { JobSummary } from './contract.js';
import { driftTestIds } from '../monitoring/test-selection.js';
import type { DriftReportDocument, DriftSummary } from '../monitoring/report-document.js';

export type { DriftReportDocument, DriftSummary };

const testChoice = z.object({ test: z.enum(driftTestIds).optional(), threshold: z.number().finite().optional() }).strict();

/** Evidently's stattest / stattest_threshold, num_/cat_/text_ and per_column settings, and drift_share. */
export const driftSettingsSchema = z
  .object({
    test: z.enum(driftTestIds).optional(),
    threshold: z.number().finite().optional(),
    per_type: z.object({ num: testChoice.optional(), cat: testChoice.optional(), text: testChoice.optional() }).strict().optional(),
    per_column: z.record(z.string(), testChoice).optional(),
    drift_share: z.number().gt(0).lte(1).optional(),
  })
  .strict();
export type DriftSettingsJson = z.infer<typeof driftSettingsSchema>;

const datasetVersionReference = z.object({ dataset: z.string().min(1).max(128), version: z.number().int().positive().optional() }).strict();

/** POST /api/drift/reports: compares two dataset versions (the latest when `version` is left out). */
export const createDriftReportRequest = z
  .object({
    reference: datasetVersionReference,
    current: datasetVersionReference,
    settings: driftSettingsSchema.optional(),
    target: z.string().min(1).optional(),
    prediction: z.string().min(1).optional(),
    /** Feature columns to compare; default every reference column. */
    columns: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type CreateDriftReportRequest = z.infer<typeof createDriftReportRequest>;

/** A stored report without its document: GET /api/drift/reports → {reports}. */
export interface DriftReportSummary {
  id: string;
  created_time: number;
  created_by: string;
  reference: string;
  current: string;
  settings: DriftSettingsJson;
  summary: DriftSummary;
}

export interface DriftReportListResponse {
  reports: DriftReportSummary[];
}

/** GET /api/drift/reports/:id, and POST's answer (200) when the report is ready within a moment. */
export interface DriftReportResponse extends DriftReportSummary {
  report: DriftReportDocument;
  /** GET /api/drift/reports/:id/html: the standalone HTML report (also with ?token=). */
  html_url: string;
}

/** POST's answer (202) when the report runs on as a background job: poll the job, then GET the report. */
export interface DriftReportStartedResponse {
  id: string;
  status: 'running';
  job: JobSummary;
}

// ---------------------------------------------------------------------------------------------
// Monitors and alerts (/api/monitors, /api/alerts): a deployment's traffic compared on a schedule
// against its reference, performance from feedback labels, alerts with webhooks and retraining.

export const performanceMetrics = ['accuracy', 'precision', 'recall', 'f1', 'auc'] as const;
export type PerformanceMetric = (typeof performanceMetrics)[number];

/** "accuracy < 0.85": the window is degraded while the metric compares so against the value. */
export const degradationRuleSchema = z
  .object({ metric: z.enum(performanceMetrics), operator: z.enum(['<', '<=', '>', '>=']), value: z.number().finite() })
  .strict();
export type DegradationRule = z.infer<typeof degradationRuleSchema>;

/** The training job an alert starts: fresh data (the dataset's latest version unless pinned), a model kind and the target. */
export const retrainActionSchema = z
  .object({
    dataset: z.string().min(1).max(128),
    version: z.number().int().positive().optional(),
    model: z.string().min(1),
    target: z.string().min(1),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();
export type RetrainAction = z.infer<typeof retrainActionSchema>;

const monitorFields = {
  interval_seconds: z.number().int().min(5).max(7 * 86_400),
  window_seconds: z.number().int().min(10).max(90 * 86_400),
  /** A dataset version to compare with; null: the training dataset in the stable version's lineage. */
  reference: datasetVersionReference.nullable(),
  settings: driftSettingsSchema,
  degraded: degradationRuleSchema.nullable(),
  /** The label counted as positive for precision, recall, F1 and AUC. */
  positive_label: z.string().min(1).max(200),
  webhooks: z.array(z.string().url().regex(/^https?:\/\//i, 'must be an http(s) URL')).max(5),
  retrain: retrainActionSchema.nullable(),
  enabled: z.boolean(),
};

export const createMonitorRequest = z
  .object({
    deployment: z.string().min(1).max(128),
    interval_seconds: monitorFields.interval_seconds.default(60),
    window_seconds: monitorFields.window_seconds.default(3600),
    reference: monitorFields.reference.default(null),
    settings: monitorFields.settings.default({}),
    degraded: monitorFields.degraded.default(null),
    positive_label: monitorFields.positive_label.default('1'),
    webhooks: monitorFields.webhooks.default([]),
    retrain: monitorFields.retrain.default(null),
    enabled: monitorFields.enabled.default(true),
  })
  .strict();
export type CreateMonitorRequest = z.input<typeof createMonitorRequest>;
export type MonitorConfig = Omit<z.infer<typeof createMonitorRequest>, 'deployment'>;

/** PATCH /api/monitors/:id: any of the settings; the deployment stays. */
export const updateMonitorRequest = z.object(monitorFields).partial().strict();
export type UpdateMonitorRequest = z.infer<typeof updateMonitorRequest>;

export interface ColumnScore {
  column: string;
  test: string;
  score: number;
  threshold: number;
  drifted: boolean;
}

export interface WindowPerformance {
  /** Predictions in the window with a feedback label. */
  rows: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Null when the labels hold one class only, or no positive-class probabilities were logged. */
  auc: number | null;
}

export interface MonitorRunSummary {
  id: number;
  monitor_id: string;
  time: number;
  window_start: number;
  window_end: number;
  window_rows: number;
  drifted_share: number | null;
  dataset_drift: boolean | null;
  column_scores: ColumnScore[];
  performance: WindowPerformance | null;
  degraded: boolean;
  /** The stored drift report (GET /api/drift/reports/:id). */
  report_id: string | null;
  /** Why the window could not be compared (no traffic, no reference), or null. */
  error: string | null;
  duration_ms: number;
}

export interface MonitorSummary extends MonitorConfig {
  id: string;
  deployment: string;
  /** The reference in use: "churn:v1", or why there is none. */
  reference_label: string | null;
  created_time: number;
  created_by: string;
  updated_time: number;
  last_run: MonitorRunSummary | null;
  open_alerts: number;
}

export interface MonitorListResponse {
  monitors: MonitorSummary[];
}

export interface MonitorResponse {
  monitor: MonitorSummary;
}

export interface MonitorRunsResponse {
  runs: MonitorRunSummary[];
}

export const alertKinds = ['drift', 'degraded'] as const;
export type AlertKind = (typeof alertKinds)[number];
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface WebhookDelivery {
  url: string;
  /** HTTP status of the last attempt; null when it never answered (timeout, refused). */
  status: number | null;
  attempts: number;
  delivered: boolean;
  error: string | null;
}

export interface AlertSummary {
  id: number;
  monitor_id: string;
  deployment: string;
  kind: AlertKind;
  status: AlertStatus;
  message: string;
  details: Record<string, unknown>;
  monitor_run_id: number | null;
  created_time: number;
  acknowledged_time: number | null;
  acknowledged_by: string | null;
  resolved_time: number | null;
  /** The training run the retrain action started for this alert. */
  retrain_run_id: string | null;
  retrain_error: string | null;
  webhooks: WebhookDelivery[];
}

export interface AlertListResponse {
  alerts: AlertSummary[];
}

export interface RunMonitorResponse {
  run: MonitorRunSummary;
  /** Alerts this run raised (de-duplicated: an alert already open is not raised again). */
  raised: AlertSummary[];
}

export interface WebhookTestResponse {
  deliveries: WebhookDelivery[];
}
