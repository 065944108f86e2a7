// The stored and served form of a full drift report: Evidently's legacy shape (DatasetDriftMetric,
// DataDriftTable, a ColumnDriftMetric for the target and the prediction, and the data quality
// results as a test suite's `tests`), with our extras under `workbench`. The HTML report and the
// renderer read only this document, so a stored report renders without the datasets.
import type { ColumnDrift } from './column-drift.js';
import type { DatasetDrift } from './dataset-drift.js';
import type { DataQualityReport, QualityStatus } from './data-quality.js';
import { driftReportJson, type EvidentlyColumnEntry, type EvidentlyReport } from './report-json.js';
import type { TargetDrift } from './target-drift.js';
import type { DriftSettings } from './test-selection.js';

export interface DriftSourceInfo {
  /** "churn:v2" for a dataset version, the file name for a file. */
  label: string;
  sha256: string;
  rows: number;
}

export interface ColumnDriftMetricJson {
  metric: 'ColumnDriftMetric';
  /** Ours: which role the column plays. */
  role: 'target' | 'prediction';
  result: EvidentlyColumnEntry;
}

export interface QualityTestJson {
  id: string;
  name: string;
  description: string;
  status: QualityStatus;
  group: 'data_quality';
  column: string | null;
  parameters: Record<string, number | string | string[] | null>;
}

export interface DriftSummary {
  dataset_drift: boolean;
  drift_share: number;
  number_of_columns: number;
  number_of_drifted_columns: number;
  share_of_drifted_columns: number;
  drifted_columns: string[];
  target_drift: boolean | null;
  prediction_drift: boolean | null;
  quality_passed: number;
  quality_failed: number;
}

export interface DriftReportDocument {
  metrics: Array<EvidentlyReport['metrics'][number] | ColumnDriftMetricJson>;
  tests: QualityTestJson[];
  workbench: EvidentlyReport['workbench'] & {
    reference: DriftSourceInfo;
    current: DriftSourceInfo;
    target: string | null;
    prediction: string | null;
    settings: DriftSettings;
    summary: DriftSummary;
    duration_ms: number;
    reference_profile_cached: boolean;
  };
}

export interface DocumentParts {
  drift: DatasetDrift;
  quality: DataQualityReport;
  target: TargetDrift | null;
  prediction: TargetDrift | null;
  reference: DriftSourceInfo;
  current: DriftSourceInfo;
  settings: DriftSettings;
  durationMs: number;
  referenceCached: boolean;
}

function isDrift(outcome: TargetDrift['outcome'] | undefined): outcome is ColumnDrift {
  return outcome !== undefined && !('skipped' in outcome);
}

export function driftSummary(drift: DatasetDrift, quality: DataQualityReport, target: TargetDrift | null, prediction: TargetDrift | null): DriftSummary {
  const decided = (part: TargetDrift | null) => (part && isDrift(part.outcome) ? part.outcome.drifted : null);
  return {
    dataset_drift: drift.datasetDrift,
    drift_share: drift.driftShare,
    number_of_columns: drift.numberOfColumns,
    number_of_drifted_columns: drift.numberOfDriftedColumns,
    share_of_drifted_columns: drift.shareOfDriftedColumns,
    drifted_columns: drift.columns.filter((column) => column.drifted).map((column) => column.column),
    target_drift: decided(target),
    prediction_drift: decided(prediction),
    quality_passed: quality.passed,
    quality_failed: quality.failed,
  };
}

export function driftReportDocument(parts: DocumentParts): DriftReportDocument {
  const base = driftReportJson(parts.drift);
  const columnMetrics: ColumnDriftMetricJson[] = [];
  for (const part of [parts.target, parts.prediction]) {
    if (!part || !isDrift(part.outcome)) continue;
    const entry = base.metrics[1].result.drift_by_columns[part.column];
    if (entry) columnMetrics.push({ metric: 'ColumnDriftMetric', role: part.role, result: entry });
  }
  return {
    metrics: [...base.metrics, ...columnMetrics],
    tests: parts.quality.tests.map((test) => ({ id: test.id, name: test.name, description: test.description, status: test.status, group: 'data_quality', column: test.column, parameters: test.parameters })),
    workbench: {
      ...base.workbench,
      reference: parts.reference,
      current: parts.current,
      target: parts.target?.column ?? null,
      prediction: parts.prediction?.column ?? null,
      settings: parts.settings,
      summary: driftSummary(parts.drift, parts.quality, parts.target, parts.prediction),
      duration_ms: parts.durationMs,
      reference_profile_cached: parts.referenceCached,
    },
  };
}
