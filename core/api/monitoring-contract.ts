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
