// Contracts between the trainer's parts: preprocessing turns a Table into a dense matrix, models
// learn from it, and each part contributes its nodes to one ONNX graph.

import type { GraphBuilder, Opsets } from '../onnx/builder.js';

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

/**
 * The model's part of an exported pipeline (core/training/pipeline-onnx.ts). `appendOnnx` reads
 * `featureTensor` (float32 [N, width], columns in FeatureMatrix.names order) and must produce the
 * tensors named by `pipelineOutputs`: classifiers `label` (int64 [N], or string [N] when the
 * labels are not all integers; see `classLabels`) and `probabilities` (float32 [N, C], columns in
 * Target.classes order); regressors `variable` (float32 [N, 1]). The exporter declares them as
 * graph outputs; the model only adds nodes and initializers.
 */
export interface OnnxExportable {
  appendOnnx(graph: GraphBuilder, featureTensor: string, target: Target): void;
  /** The opsets the model's nodes need; default IR 8, ai.onnx 18, ai.onnx.ml 3 (reference §1.1). */
  readonly onnxOpsets?: Opsets;
}

/** A fitted model: predicts in process and exports itself into a pipeline graph. */
export interface TrainedModel extends OnnxExportable {
  predict(matrix: FeatureMatrix): Predictions;
}
