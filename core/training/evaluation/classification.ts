// Label and probability metrics for classification, defined as scikit-learn defines them
// (reference §3; edge cases checked against scikit-learn 1.2.1, the version Debian ships and
// our golden values come from). Class labels are indices 0..C−1; probabilities are rows × C,
// row-major. Metrics that can be ill-defined push a sentence onto an optional `warnings` list,
// as scikit-learn's UndefinedMetricWarning would.

import { ValidationError } from '../../api/errors.js';

/** scikit-learn's `zero_division`: "warn" gives 0 and a warning, 0 or 1 give that value silently. */
export type ZeroDivision = 'warn' | 0 | 1;

/** `binary` scores class 1 alone; `macro` and `weighted` average over the classes present. */
export type Average = 'binary' | 'macro' | 'weighted';

export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

export interface PrecisionRecallF1Options {
  zeroDivision?: ZeroDivision;
  /** Class names, to say which class a warning is about. */
  classes?: readonly string[];
  warnings?: string[];
}

/** The most probable class of each row; the first on ties, as numpy's and ONNX's ArgMax. */
export function predictedClasses(probabilities: Float64Array, classCount: number): Uint32Array {
  const rows = checkedRows(probabilities, classCount);
  const predicted = new Uint32Array(rows);
  for (let row = 0; row < rows; row++) {
    const offset = row * classCount;
    let best = 0;
    for (let label = 1; label < classCount; label++) {
      if (probabilities[offset + label] > probabilities[offset + best]) best = label;
    }
    predicted[row] = best;
  }
  return predicted;
}

/** Fraction of rows whose predicted class is the actual one. */
export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkSameLength(actual, predicted);
  let correct = 0;
  for (let row = 0; row < actual.length; row++) if (actual[row] === predicted[row]) correct++;
  return correct / actual.length;
}

/** C × C counts, row-major: row = actual class, column = predicted class (sklearn's layout). */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): Uint32Array {
  checkSameLength(actual, predicted);
  const counts = new Uint32Array(classCount * classCount);
  for (let row = 0; row < actual.length; row++) counts[actual[row] * classCount + predicted[row]]++;
  return counts;
}

/**
 * sklearn's `precision_recall_fscore_support` with `average` ∈ binary (pos_label=1), macro,
 * weighted. Macro and weighted average over the classes that occur in `actual` or `predicted`,
 * as sklearn does when `labels` is not given; weighted uses each class's support.
 * F1 is 2PR/(P+R) of the precision and recall after zero-division substitution (0 if P+R = 0).
 */
export function precisionRecallF1(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classCount: number,
  average: Average,
  options: PrecisionRecallF1Options = {},
): PrecisionRecallF1 {
  const zeroDivision = options.zeroDivision ?? 'warn';
  const matrix = confusionMatrix(actual, predicted, classCount);
  const truePositives = new Float64Array(classCount);
  const predictedTotals = new Float64Array(classCount);
  const actualTotals = new Float64Array(classCount);
  for (let truth = 0; truth < classCount; truth++) {
    for (let guess = 0; guess < classCount; guess++) {
      const count = matrix[truth * classCount + guess];
      actualTotals[truth] += count;
      predictedTotals[guess] += count;
      if (truth === guess) truePositives[truth] += count;
    }
  }
  if (average === 'binary' && classCount !== 2) {
    throw new ValidationError(`average "binary" needs two classes, got ${classCount}`, { classCount });
  }
  const labels =
    average === 'binary'
      ? [1]
      : Array.from({ length: classCount }, (_, label) => label).filter((label) => actualTotals[label] + predictedTotals[label] > 0);

  const substitute = zeroDivision === 'warn' ? 0 : zeroDivision;
  const name = (label: number) => `"${options.classes?.[label] ?? label}"`;
  const undefinedFor = (metric: string, totals: Float64Array, reason: string) => {
    const missing = labels.filter((label) => totals[label] === 0);
    if (zeroDivision === 'warn' && missing.length > 0) {
      options.warnings?.push(
        `${metric} is ill-defined and set to 0.0 for class ${missing.map(name).join(', ')}: no ${reason} samples`,
      );
    }
  };
  undefinedFor('Precision', predictedTotals, 'predicted');
  undefinedFor('Recall', actualTotals, 'true');

  const precision = labels.map((label) =>
    predictedTotals[label] === 0 ? substitute : truePositives[label] / predictedTotals[label],
  );
  const recall = labels.map((label) => (actualTotals[label] === 0 ? substitute : truePositives[label] / actualTotals[label]));
  const f1 = labels.map((_, index) => {
    const denominator = precision[index] + recall[index];
    return (2 * precision[index] * recall[index]) / (denominator === 0 ? 1 : denominator);
  });

  if (average === 'weighted') {
    const weights = labels.map((label) => actualTotals[label]);
    return { precision: weightedMean(precision, weights), recall: weightedMean(recall, weights), f1: weightedMean(f1, weights) };
  }
  return { precision: mean(precision), recall: mean(recall), f1: mean(f1) };
}

/** Machine epsilon of float64, the clip sklearn applies to float64 probabilities (eps="auto"). */
export const probabilityEpsilon = 2 ** -52;

/**
 * sklearn's `log_loss(actual, probabilities, labels=range(C))` as in 1.2.1: each probability is
 * clipped to [ε, 1 − ε], each row is divided by its clipped sum, and the loss is the mean of
 * −ln p(actual class). Computed in float64 whatever precision the model produced.
 */
export function logLoss(actual: ArrayLike<number>, probabilities: Float64Array, classCount: number): number {
  const rows = checkedRows(probabilities, classCount);
  checkSameLength(actual, { length: rows });
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const offset = row * classCount;
    let rowSum = 0;
    for (let label = 0; label < classCount; label++) rowSum += clipProbability(probabilities[offset + label]);
    total += -Math.log(clipProbability(probabilities[offset + actual[row]]) / rowSum);
  }
  return total / rows;
}

/** sklearn's `brier_score_loss`: mean squared difference between P(class 1) and the 0/1 outcome. */
export function brierScore(positive: ArrayLike<number>, positiveScores: Float64Array): number {
  checkSameLength(positive, positiveScores);
  let total = 0;
  for (let row = 0; row < positiveScores.length; row++) {
    const score = positiveScores[row];
    if (!(score >= 0 && score <= 1)) throw new ValidationError(`Row ${row} has probability ${score}, outside [0, 1]`, { row });
    const difference = (positive[row] ? 1 : 0) - score;
    total += difference * difference;
  }
  return total / positiveScores.length;
}

/** Column `label` of a row-major rows × C matrix. */
export function classColumn(probabilities: Float64Array, classCount: number, label: number): Float64Array {
  const rows = checkedRows(probabilities, classCount);
  const column = new Float64Array(rows);
  for (let row = 0; row < rows; row++) column[row] = probabilities[row * classCount + label];
  return column;
}

/** 1 where the actual class is `label`, else 0: the one-vs-rest view of one class. */
export function indicator(actual: ArrayLike<number>, label: number): Uint8Array {
  const result = new Uint8Array(actual.length);
  for (let row = 0; row < actual.length; row++) result[row] = actual[row] === label ? 1 : 0;
  return result;
}

function clipProbability(value: number): number {
  return Math.min(Math.max(value, probabilityEpsilon), 1 - probabilityEpsilon);
}

function mean(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

/** numpy's `average(values, weights)`: Σ vᵢwᵢ / Σ wᵢ. */
function weightedMean(values: number[], weights: number[]): number {
  let total = 0;
  let weightTotal = 0;
  values.forEach((value, index) => {
    total += value * weights[index];
    weightTotal += weights[index];
  });
  return total / weightTotal;
}

function checkedRows(probabilities: Float64Array, classCount: number): number {
  if (classCount < 2 || probabilities.length % classCount !== 0) {
    throw new ValidationError(`Probabilities of length ${probabilities.length} do not form rows of ${classCount} classes`, {
      length: probabilities.length,
      classCount,
    });
  }
  return probabilities.length / classCount;
}

function checkSameLength(actual: ArrayLike<number>, other: ArrayLike<number>): void {
  if (actual.length === 0) throw new ValidationError('No rows to evaluate');
  if (actual.length !== other.length) {
    throw new ValidationError(`${actual.length} actual values but ${other.length} predictions`, {
      actual: actual.length,
      predictions: other.length,
    });
  }
}
