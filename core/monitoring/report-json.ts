// The Evidently legacy Report.as_dict() shape (drift-tests.md §6): DatasetDriftMetric and
// DataDriftTable, with render-only fields left out. Our extras (test id, kind, operator,
// shared-edge overlay histograms, skipped and missing columns) live under a separate key so an
// Evidently consumer sees exactly the fields it knows.
import type { DatasetDrift } from './dataset-drift.js';

export interface EvidentlyColumnEntry {
  column_name: string;
  column_type: 'num' | 'cat' | 'text';
  stattest_name: string;
  stattest_threshold: number;
  drift_score: number;
  drift_detected: boolean;
  current: { small_distribution: { x: (string | number)[]; y: number[] } };
  reference: { small_distribution: { x: (string | number)[]; y: number[] } };
}

export interface EvidentlyReport {
  metrics: [
    {
      metric: 'DatasetDriftMetric';
      result: { drift_share: number; number_of_columns: number; number_of_drifted_columns: number; share_of_drifted_columns: number; dataset_drift: boolean };
    },
    {
      metric: 'DataDriftTable';
      result: {
        number_of_columns: number;
        number_of_drifted_columns: number;
        share_of_drifted_columns: number;
        dataset_drift: boolean;
        current_fi: null;
        reference_fi: null;
        drift_by_columns: Record<string, EvidentlyColumnEntry>;
      };
    },
  ];
  workbench: {
    columns: Record<string, { test: string; kind: string; operator: string; reference_size: number; current_size: number; overlay?: unknown; warnings: string[] }>;
    skipped: { column: string; reason: string }[];
    missing_in_current: string[];
  };
}

export function driftReportJson(drift: DatasetDrift): EvidentlyReport {
  const summary = {
    number_of_columns: drift.numberOfColumns,
    number_of_drifted_columns: drift.numberOfDriftedColumns,
    share_of_drifted_columns: drift.shareOfDriftedColumns,
    dataset_drift: drift.datasetDrift,
  };
  const byColumn: Record<string, EvidentlyColumnEntry> = {};
  const extras: EvidentlyReport['workbench']['columns'] = {};
  for (const column of drift.columns) {
    byColumn[column.column] = {
      column_name: column.column,
      column_type: column.type,
      stattest_name: column.stattestName,
      stattest_threshold: column.threshold,
      drift_score: column.score,
      drift_detected: column.drifted,
      current: { small_distribution: column.current },
      reference: { small_distribution: column.reference },
    };
    extras[column.column] = {
      test: column.test,
      kind: column.kind,
      operator: column.operator,
      reference_size: column.referenceSize,
      current_size: column.currentSize,
      ...(column.overlay ? { overlay: column.overlay } : {}),
      warnings: column.warnings,
    };
  }
  return {
    metrics: [
      { metric: 'DatasetDriftMetric', result: { drift_share: drift.driftShare, ...summary } },
      { metric: 'DataDriftTable', result: { ...summary, current_fi: null, reference_fi: null, drift_by_columns: byColumn } },
    ],
    workbench: {
      columns: extras,
      skipped: drift.skipped.map((entry) => ({ column: entry.column, reason: entry.skipped })),
      missing_in_current: drift.missingInCurrent,
    },
  };
}
