// Dataset drift over every column the reference and current data share: per-column results, the
// share of drifted columns and the dataset decision at drift_share (Evidently
// data_drift.py::get_dataset_drift: share ≥ drift_share; default 0.5, passed everywhere, #676).
import { ValidationError } from '../api/errors.js';
import type { Table } from '../datasets/table.js';
import { columnByName } from '../datasets/table.js';
import { compareColumn, type ColumnDrift, type SkippedColumn } from './column-drift.js';
import { profileReference, type ReferenceProfile } from './reference-profile.js';
import type { DriftSettings } from './test-selection.js';

export interface DatasetDrift {
  driftShare: number;
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  shareOfDriftedColumns: number;
  datasetDrift: boolean;
  columns: ColumnDrift[];
  skipped: SkippedColumn[];
  /** Reference columns the current data lacks: reported, not a failure. */
  missingInCurrent: string[];
}

export function isReferenceProfile(value: Table | ReferenceProfile): value is ReferenceProfile {
  return value.columns.every((column) => !('values' in column) && !('codes' in column));
}

/** Counts drifted columns over the tested ones and decides at drift_share. */
export function summariseDrift(columns: ColumnDrift[], skipped: SkippedColumn[], missingInCurrent: string[], driftShare = 0.5): DatasetDrift {
  const numberOfDriftedColumns = columns.filter((column) => column.drifted).length;
  const shareOfDriftedColumns = columns.length === 0 ? 0 : numberOfDriftedColumns / columns.length;
  return {
    driftShare,
    numberOfColumns: columns.length,
    numberOfDriftedColumns,
    shareOfDriftedColumns,
    datasetDrift: columns.length > 0 && shareOfDriftedColumns >= driftShare,
    columns,
    skipped,
    missingInCurrent,
  };
}

/**
 * Drift of `current` against a reference table or its cached profile. `columns` limits the
 * comparison (default: every reference column). Throws ValidationError for an empty current
 * dataset or a column whose type differs between the two.
 */
export function datasetDrift(reference: Table | ReferenceProfile, current: Table, settings: DriftSettings = {}, columns?: readonly string[]): DatasetDrift {
  if (current.rowCount === 0) throw new ValidationError('The current dataset is empty: there is nothing to compare with the reference.');
  if (reference.rowCount === 0) throw new ValidationError('The reference dataset is empty.');
  const profile = isReferenceProfile(reference) ? reference : profileReference(reference, columns);
  const wanted = columns ? new Set(columns) : null;
  const results: ColumnDrift[] = [];
  const skipped: SkippedColumn[] = [];
  const missing: string[] = [];
  for (const columnProfile of profile.columns) {
    if (wanted && !wanted.has(columnProfile.name)) continue;
    const currentColumn = columnByName(current, columnProfile.name);
    if (!currentColumn) {
      missing.push(columnProfile.name);
      continue;
    }
    let outcome;
    try {
      outcome = compareColumn(columnProfile, currentColumn, settings);
    } catch (error) {
      if (error instanceof TypeError) throw new ValidationError(error.message, { column: columnProfile.name });
      throw error;
    }
    if ('skipped' in outcome) skipped.push(outcome);
    else results.push(outcome);
  }
  return summariseDrift(results, skipped, missing, settings.driftShare ?? 0.5);
}
