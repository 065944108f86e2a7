// Worker-pool task (ARCHITECTURE rule 3): drift of a subset of columns between two columnar
// dataset files. The pool splits a large report by columns; the caller merges the parts with
// summariseDrift. Inputs and outputs are structured-cloneable.
import { readColumnarFile } from '../datasets/columnar-file.js';
import type { ColumnDrift, SkippedColumn } from './column-drift.js';
import { datasetDrift } from './dataset-drift.js';
import type { DriftSettings } from './test-selection.js';

export interface ColumnDriftInput {
  referenceFile: string;
  currentFile: string;
  /** Columns to compare; all reference columns when absent. */
  columns?: string[];
  settings?: DriftSettings;
}

export interface ColumnDriftOutput {
  columns: ColumnDrift[];
  skipped: SkippedColumn[];
  missingInCurrent: string[];
}

export async function columnDrift(input: ColumnDriftInput): Promise<ColumnDriftOutput> {
  const [reference, current] = await Promise.all([readColumnarFile(input.referenceFile), readColumnarFile(input.currentFile)]);
  const { columns, skipped, missingInCurrent } = datasetDrift(reference, current, input.settings ?? {}, input.columns);
  return { columns, skipped, missingInCurrent };
}
