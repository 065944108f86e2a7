// The parts of a drift report that need whole tables rather than one column at a time: data
// quality (duplicated rows and columns look across columns) and target/prediction drift (typed by
// the target rule). Inputs and outputs are structured-cloneable, so this can run as a worker-pool
// task exactly as it runs in-process.
import { readColumnarFile } from '../datasets/columnar-file.js';
import { dataQuality, type DataQualityReport } from './data-quality.js';
import { targetDrift, type TargetDrift } from './target-drift.js';
import type { DriftSettings } from './test-selection.js';
import { ValidationError } from '../api/errors.js';

export interface DriftExtrasInput {
  referenceFile: string;
  currentFile: string;
  /** Columns of the per-column quality tests (default: every reference column). */
  columns?: string[];
  target?: string;
  prediction?: string;
  settings?: DriftSettings;
}

export interface DriftExtrasOutput {
  quality: DataQualityReport;
  target: TargetDrift | null;
  prediction: TargetDrift | null;
}

export async function driftExtras(input: DriftExtrasInput): Promise<DriftExtrasOutput> {
  const [reference, current] = await Promise.all([readColumnarFile(input.referenceFile), readColumnarFile(input.currentFile)]);
  const compare = (column: string | undefined, role: 'target' | 'prediction') => {
    if (!column) return null;
    try {
      return targetDrift(reference, current, column, role, input.settings);
    } catch (error) {
      if (error instanceof TypeError) throw new ValidationError(error.message, { column });
      throw error;
    }
  };
  return { quality: dataQuality(reference, current, input.columns), target: compare(input.target, 'target'), prediction: compare(input.prediction, 'prediction') };
}
