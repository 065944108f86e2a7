// The evaluation a run stores as an artifact and the UI plots: every metric for the task, the
// confusion matrix and the ROC / precision-recall / calibration curves (one per class against
// the rest for multiclass, the positive class for binary), each curve thinned to at most
// `maxCurvePoints` points. Plain JSON: arrays of numbers, null where a metric is undefined
// (never NaN, which JSON cannot carry), and the reasons in `warnings`.

import { ValidationError } from '../../api/errors.js';
import { largestTriangleThreeBuckets } from '../../tracking/downsample.js';
import type { Predictions, Target, Task } from '../types.js';
import type { ZeroDivision } from './classification.js';
import {
  accuracy,
  brierScore,
  classColumn,
  confusionMatrix,
  indicator,
  logLoss,
  precisionRecallF1,
  predictedClasses,
} from './classification.js';
import {
  averagePrecision,
  averagePrecisionOneVsRest,
  calibrationCurve,
  precisionRecallCurve,
  rocAuc,
  rocAucOneVsRest,
  rocCurve,
} from './ranking.js';
import { meanAbsoluteError, rootMeanSquaredError, rSquared } from './regression.js';

export const maxCurvePoints = 200;

export interface BinaryMetrics {
  accuracy: number;
  /** Of class 1 (the positive class), as all the binary metrics. */
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number | null;
  average_precision: number | null;
  log_loss: number;
  brier_score: number;
}

export interface MulticlassMetrics {
  accuracy: number;
  precision_macro: number;
  precision_weighted: number;
  recall_macro: number;
  recall_weighted: number;
  f1_macro: number;
  f1_weighted: number;
  /** One-vs-rest, macro average. */
  roc_auc_ovr: number | null;
  /** One-vs-rest, macro average. */
  average_precision_macro: number | null;
  log_loss: number;
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number | null;
}

export interface RocCurvePoints {
  class: string;
  falsePositiveRate: number[];
  truePositiveRate: number[];
  thresholds: number[];
}

export interface PrecisionRecallPoints {
  class: string;
  /** sklearn's order (recall falling), ending at recall 0, precision 1, which has no threshold. */
  precision: number[];
  recall: number[];
  thresholds: (number | null)[];
}

export interface CalibrationPoints {
  class: string;
  fractionPositive: number[];
  meanPredicted: number[];
  counts: number[];
}

export interface ClassificationCurves {
  roc: RocCurvePoints[];
  precisionRecall: PrecisionRecallPoints[];
  calibration: CalibrationPoints[];
}

interface ClassificationReportBase {
  rows: number;
  classes: string[];
  /** confusionMatrix[actual][predicted], over all classes in index order. */
  confusionMatrix: number[][];
  curves: ClassificationCurves;
  warnings: string[];
}

export interface BinaryReport extends ClassificationReportBase {
  task: 'binary';
  metrics: BinaryMetrics;
}

export interface MulticlassReport extends ClassificationReportBase {
  task: 'multiclass';
  metrics: MulticlassMetrics;
}

export interface RegressionReport {
  task: 'regression';
  rows: number;
  metrics: RegressionMetrics;
  warnings: string[];
}

export type EvaluationReport = BinaryReport | MulticlassReport | RegressionReport;

export interface EvaluateOptions {
  zeroDivision?: ZeroDivision;
  /** Bins of the calibration curve (uniform strategy). */
  calibrationBins?: number;
}

/**
 * Evaluates predictions made for the target rows `rows` (indices into `target`, e.g. the test
 * split): prediction i belongs to target row rows[i]. Without `rows`, predictions cover the
 * whole target in order.
 */
export function evaluate(
  task: Task,
  target: Target,
  predictions: Predictions,
  rows?: Uint32Array,
  options: EvaluateOptions = {},
): EvaluationReport {
  if (task !== target.task) throw new ValidationError(`Cannot evaluate a ${target.task} target as ${task}`, { task });
  const selected = rows ?? Uint32Array.from(target.values.keys());
  if (selected.length === 0) throw new ValidationError('No rows to evaluate');
  const actual = new Float64Array(selected.length);
  selected.forEach((row, index) => {
    if (row >= target.values.length) {
      throw new ValidationError(`Row ${row} is outside the target's ${target.values.length} rows`, { row });
    }
    actual[index] = target.values[row];
  });
  const warnings: string[] = [];

  if (task === 'regression') {
    const predicted = predictions.values;
    if (!predicted) throw new ValidationError('A regression evaluation needs predicted values');
    const metrics = {
      rmse: rootMeanSquaredError(actual, predicted),
      mae: meanAbsoluteError(actual, predicted),
      r2: rSquared(actual, predicted, warnings),
    };
    return { task, rows: selected.length, metrics, warnings };
  }

  const classes = target.classes;
  const classCount = classes.length;
  if (task === 'binary' ? classCount !== 2 : classCount < 2) {
    throw new ValidationError(`A ${task} target cannot have ${classCount} classes`, { classes });
  }
  const probabilities = checkedProbabilities(predictions, selected.length, classCount);
  const labels = new Uint32Array(selected.length);
  actual.forEach((value, index) => {
    if (!Number.isInteger(value) || value < 0 || value >= classCount) {
      throw new ValidationError(`Row ${selected[index]} has class index ${value}, outside 0..${classCount - 1}`, {
        row: selected[index],
      });
    }
    labels[index] = value;
  });
  const predicted = predictedClasses(probabilities, classCount);
  const scoring = { zeroDivision: options.zeroDivision, classes, warnings };
  const base = {
    rows: selected.length,
    classes: [...classes],
    confusionMatrix: toMatrix(confusionMatrix(labels, predicted, classCount), classCount),
    warnings,
  };
  // Computed after the metrics, so their warnings come first.
  const curveClasses = task === 'binary' ? [1] : Array.from(classes.keys());
  const curves = () => classificationCurves(labels, probabilities, classes, curveClasses, options.calibrationBins ?? 10, warnings);

  if (task === 'binary') {
    const positiveScores = classColumn(probabilities, classCount, 1);
    const scores = precisionRecallF1(labels, predicted, classCount, 'binary', scoring);
    const metrics: BinaryMetrics = {
      accuracy: accuracy(labels, predicted),
      ...scores,
      roc_auc: rocAuc(labels, positiveScores, warnings),
      average_precision: averagePrecision(labels, positiveScores, warnings),
      log_loss: logLoss(labels, probabilities, classCount),
      brier_score: brierScore(labels, positiveScores),
    };
    return { task, ...base, metrics, curves: curves() };
  }
  const macro = precisionRecallF1(labels, predicted, classCount, 'macro', scoring);
  // The weighted average meets the same undefined classes; say so once.
  const weighted = precisionRecallF1(labels, predicted, classCount, 'weighted', { ...scoring, warnings: undefined });
  const metrics: MulticlassMetrics = {
    accuracy: accuracy(labels, predicted),
    precision_macro: macro.precision,
    precision_weighted: weighted.precision,
    recall_macro: macro.recall,
    recall_weighted: weighted.recall,
    f1_macro: macro.f1,
    f1_weighted: weighted.f1,
    roc_auc_ovr: rocAucOneVsRest(labels, probabilities, classCount, { classes, warnings }),
    average_precision_macro: averagePrecisionOneVsRest(labels, probabilities, classCount, { classes, warnings }),
    log_loss: logLoss(labels, probabilities, classCount),
  };
  return { task, ...base, metrics, curves: curves() };
}

function classificationCurves(
  labels: Uint32Array,
  probabilities: Float64Array,
  classes: readonly string[],
  curveClasses: number[],
  calibrationBins: number,
  warnings: string[],
): ClassificationCurves {
  const curves: ClassificationCurves = { roc: [], precisionRecall: [], calibration: [] };
  for (const label of curveClasses) {
    const name = classes[label];
    const positive = indicator(labels, label);
    const scores = classColumn(probabilities, classes.length, label);
    const roc = rocCurve(positive, scores);
    if (roc) {
      const kept = largestTriangleThreeBuckets(roc.falsePositiveRate, roc.truePositiveRate, maxCurvePoints);
      curves.roc.push({
        class: name,
        falsePositiveRate: pick(roc.falsePositiveRate, kept),
        truePositiveRate: pick(roc.truePositiveRate, kept),
        thresholds: pick(roc.thresholds, kept),
      });
    } else {
      warnings.push(`No ROC curve for class "${name}": the evaluated rows are all of it or all of the rest`);
    }
    const pr = precisionRecallCurve(positive, scores);
    if (pr) {
      // Thinning needs x ascending: run it on the reversed curve and map the indices back.
      const last = pr.recall.length - 1;
      const kept = largestTriangleThreeBuckets(pr.recall.slice().reverse(), pr.precision.slice().reverse(), maxCurvePoints)
        .map((index) => last - index)
        .reverse();
      curves.precisionRecall.push({
        class: name,
        precision: pick(pr.precision, kept),
        recall: pick(pr.recall, kept),
        thresholds: Array.from(kept, (index) => (index < pr.thresholds.length ? pr.thresholds[index] : null)),
      });
    } else {
      warnings.push(`No precision-recall curve for class "${name}": it has no rows among those evaluated`);
    }
    const calibration = calibrationCurve(positive, scores, calibrationBins);
    curves.calibration.push({
      class: name,
      fractionPositive: Array.from(calibration.fractionPositive),
      meanPredicted: Array.from(calibration.meanPredicted),
      counts: Array.from(calibration.counts),
    });
  }
  return curves;
}

function checkedProbabilities(predictions: Predictions, rows: number, classCount: number): Float64Array {
  const probabilities = predictions.probabilities;
  if (!probabilities) throw new ValidationError('A classification evaluation needs predicted probabilities');
  if (probabilities.length !== rows * classCount) {
    throw new ValidationError(`Expected ${rows} × ${classCount} probabilities, got ${probabilities.length} values`, {
      expected: rows * classCount,
      actual: probabilities.length,
    });
  }
  for (let index = 0; index < probabilities.length; index++) {
    const value = probabilities[index];
    if (!(value >= 0 && value <= 1)) {
      throw new ValidationError(`Row ${Math.floor(index / classCount)} has probability ${value}, outside [0, 1]`, {
        row: Math.floor(index / classCount),
      });
    }
  }
  return probabilities;
}

function pick(values: Float64Array, kept: Uint32Array): number[] {
  return Array.from(kept, (index) => values[index]);
}

function toMatrix(counts: Uint32Array, classCount: number): number[][] {
  return Array.from({ length: classCount }, (_, row) => Array.from(counts.subarray(row * classCount, (row + 1) * classCount)));
}
