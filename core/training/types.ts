// Contracts between the trainer's parts: preprocessing turns a Table into a dense matrix, models
// learn from it, and each part contributes its nodes to one ONNX graph.

export type Task = 'binary' | 'multiclass' | 'regression';

/** Row-major float32 features (float32 so trainer routing equals onnxruntime's, reference §1.5). */
export interface FeatureMatrix {
  rows: number;
  width: number;
  values: Float32Array;
  /** Names after preprocessing, in column order (e.g. "total_spend", "region=north"). */
  names: string[];
}

/** The learning target: class indices (0..C-1) for classification, values for regression. */
export interface Target {
  task: Task;
  values: Float64Array;
  /** Class labels in index order (classification only), as strings. */
  classes: string[];
}

/** What a fitted model predicts for each row. */
export interface Predictions {
  /** rows × classes, row-major (classification). */
  probabilities?: Float64Array;
  /** rows (regression). */
  values?: Float64Array;
}
