// The artifacts a training run stores (core/training/evaluation/report.ts writes evaluation.json,
// the trainer feature_importance.json). They are files, not API responses, so their shapes are
// checked on arrival: a hand-logged evaluation.json of another tool must not break the run page.

export type EvaluationTask = 'binary' | 'multiclass' | 'regression';

export interface RocCurvePoints {
  class: string;
  falsePositiveRate: number[];
  truePositiveRate: number[];
}

export interface PrecisionRecallPoints {
  class: string;
  precision: number[];
  recall: number[];
}

export interface CalibrationPoints {
  class: string;
  fractionPositive: number[];
  meanPredicted: number[];
  counts: number[];
}

export interface ClassificationEvaluation {
  task: 'binary' | 'multiclass';
  rows: number;
  classes: string[];
  /** confusionMatrix[actual][predicted] */
  confusionMatrix: number[][];
  curves: { roc: RocCurvePoints[]; precisionRecall: PrecisionRecallPoints[]; calibration: CalibrationPoints[] };
  /** null where the metric is undefined for this data (a warning says why). */
  metrics: Record<string, number | null>;
  warnings: string[];
}

export interface RegressionEvaluation {
  task: 'regression';
  rows: number;
  metrics: Record<string, number | null>;
  warnings: string[];
}

export type Evaluation = ClassificationEvaluation | RegressionEvaluation;

export interface FeatureImportance {
  feature: string;
  gain: number | null;
  permutation_mean: number;
  permutation_std: number;
}

type UnknownRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is UnknownRecord => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumberList = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => typeof item === 'number');
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function metricsOf(value: unknown): Record<string, number | null> | null {
  if (!isRecord(value)) return null;
  const metrics: Record<string, number | null> = {};
  for (const [key, metric] of Object.entries(value)) {
    if (typeof metric === 'number' || metric === null) metrics[key] = metric;
  }
  return metrics;
}

function curvesOf<T extends { class: string }>(value: unknown, keys: string[]): T[] {
  if (!Array.isArray(value)) return [];
  return value.filter((curve): curve is T => isRecord(curve) && typeof curve.class === 'string' && keys.every((key) => isNumberList(curve[key])));
}

/** The report, or null when the JSON is not one the trainer writes. */
export function parseEvaluation(json: unknown): Evaluation | null {
  if (!isRecord(json)) return null;
  const metrics = metricsOf(json.metrics);
  if (!metrics) return null;
  const rows = typeof json.rows === 'number' ? json.rows : 0;
  const warnings = isStringList(json.warnings) ? json.warnings : [];
  if (json.task === 'regression') return { task: 'regression', rows, metrics, warnings };
  if (json.task !== 'binary' && json.task !== 'multiclass') return null;
  if (!isStringList(json.classes)) return null;
  const matrix = Array.isArray(json.confusionMatrix) && json.confusionMatrix.every(isNumberList) ? (json.confusionMatrix as number[][]) : [];
  const curves = isRecord(json.curves) ? json.curves : {};
  return {
    task: json.task,
    rows,
    classes: json.classes,
    confusionMatrix: matrix,
    curves: {
      roc: curvesOf<RocCurvePoints>(curves.roc, ['falsePositiveRate', 'truePositiveRate']),
      precisionRecall: curvesOf<PrecisionRecallPoints>(curves.precisionRecall, ['precision', 'recall']),
      calibration: curvesOf<CalibrationPoints>(curves.calibration, ['fractionPositive', 'meanPredicted']),
    },
    metrics,
    warnings,
  };
}

export function parseFeatureImportance(json: unknown): FeatureImportance[] | null {
  if (!Array.isArray(json)) return null;
  const rows = json.filter(
    (row): row is FeatureImportance =>
      isRecord(row) &&
      typeof row.feature === 'string' &&
      typeof row.permutation_mean === 'number' &&
      typeof row.permutation_std === 'number' &&
      (typeof row.gain === 'number' || row.gain === null || row.gain === undefined),
  );
  return rows.map((row) => ({ ...row, gain: row.gain ?? null }));
}

export interface MetricCard {
  key: string;
  label: string;
  value: number | null;
  /** Says which way is better, for the card's hint line. */
  better: 'higher' | 'lower';
  format: 'ratio' | 'number';
}

const cardSpecs: Record<EvaluationTask, Array<Omit<MetricCard, 'value'>>> = {
  binary: [
    { key: 'roc_auc', label: 'ROC AUC', better: 'higher', format: 'ratio' },
    { key: 'accuracy', label: 'Accuracy', better: 'higher', format: 'ratio' },
    { key: 'f1', label: 'F1', better: 'higher', format: 'ratio' },
    { key: 'precision', label: 'Precision', better: 'higher', format: 'ratio' },
    { key: 'recall', label: 'Recall', better: 'higher', format: 'ratio' },
    { key: 'log_loss', label: 'Log loss', better: 'lower', format: 'number' },
  ],
  multiclass: [
    { key: 'roc_auc_ovr', label: 'ROC AUC (OvR)', better: 'higher', format: 'ratio' },
    { key: 'accuracy', label: 'Accuracy', better: 'higher', format: 'ratio' },
    { key: 'f1_macro', label: 'F1 (macro)', better: 'higher', format: 'ratio' },
    { key: 'precision_macro', label: 'Precision (macro)', better: 'higher', format: 'ratio' },
    { key: 'recall_macro', label: 'Recall (macro)', better: 'higher', format: 'ratio' },
    { key: 'log_loss', label: 'Log loss', better: 'lower', format: 'number' },
  ],
  regression: [
    { key: 'rmse', label: 'RMSE', better: 'lower', format: 'number' },
    { key: 'mae', label: 'MAE', better: 'lower', format: 'number' },
    { key: 'r2', label: 'R²', better: 'higher', format: 'number' },
  ],
};

/** The headline metrics of the task, in a fixed order; those the report lacks are left out. */
export function metricCards(evaluation: Evaluation): MetricCard[] {
  return cardSpecs[evaluation.task]
    .filter((spec) => spec.key in evaluation.metrics)
    .map((spec) => ({ ...spec, value: evaluation.metrics[spec.key] }));
}

/** The trainer fails a run whose ONNX export differs from the model by more than this. */
export const parityLimit = 1e-5;

export type ParityResult = { state: 'pass' | 'fail'; maxAbsDifference: number } | { state: 'unknown' };

/**
 * From the run's parity metrics: the trainer's own verdict (parity_passed, which judges regression
 * relative to the prediction's size) when present, else the absolute limit; the trainer's error
 * tag also fails it when the predicted labels differ.
 */
export function parityResult(maxAbsDifference: number | null | undefined, errorTag?: string, passed?: number | null): ParityResult {
  if (maxAbsDifference === null || maxAbsDifference === undefined || Number.isNaN(maxAbsDifference)) return { state: 'unknown' };
  const failedByTrainer = errorTag?.startsWith('ONNX parity check failed') ?? false;
  const withinLimit = passed === null || passed === undefined ? maxAbsDifference <= parityLimit : passed === 1;
  return { state: withinLimit && !failedByTrainer ? 'pass' : 'fail', maxAbsDifference };
}

/** Most important first; ties keep the file's order (the feature order of the model). */
export function sortedImportance(rows: readonly FeatureImportance[]): FeatureImportance[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.permutation_mean - a.row.permutation_mean || a.index - b.index)
    .map(({ row }) => row);
}
