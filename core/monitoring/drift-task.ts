// Worker-pool task (ARCHITECTURE rule 3): drift of a subset of columns between two columnar
// dataset files. The pool splits a large report by columns; the caller merges the parts with
// summariseDrift. Inputs and outputs are structured-cloneable.
import { readColumnarColumns, readColumnarFile } from '../datasets/columnar-file.js';
import type { ColumnDrift, SkippedColumn } from './column-drift.js';
import { datasetDrift, isReferenceProfile } from './dataset-drift.js';
import { profileReference, type ReferenceProfile } from './reference-profile.js';
import type { DriftSettings } from './test-selection.js';

export interface ColumnDriftInput {
  referenceFile: string;
  currentFile: string;
  /** Columns to compare; all reference columns when absent. */
  columns?: string[];
  settings?: DriftSettings;
  /** A cached profile of these reference columns: used instead of reading referenceFile. */
  referenceProfile?: ReferenceProfile;
  /** Send the reference profile back, so the caller can cache it by dataset version. */
  returnProfile?: boolean;
}

export interface ColumnDriftOutput {
  columns: ColumnDrift[];
  skipped: SkippedColumn[];
  missingInCurrent: string[];
  profile?: ReferenceProfile;
}

export async function columnDrift(input: ColumnDriftInput): Promise<ColumnDriftOutput> {
  // Only this task's columns are read: a pool of N tasks reads each file once in all, not N times.
  const read = (file: string) => (input.columns ? readColumnarColumns(file, input.columns) : readColumnarFile(file));
  const [reference, current] = await Promise.all([input.referenceProfile ?? read(input.referenceFile), read(input.currentFile)]);
  const profile = isReferenceProfile(reference) ? reference : profileReference(reference, input.columns);
  const { columns, skipped, missingInCurrent } = datasetDrift(profile, current, input.settings ?? {}, input.columns);
  return { columns, skipped, missingInCurrent, ...(input.returnProfile ? { profile } : {}) };
}
