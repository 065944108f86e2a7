// Threshold metrics and curves of a score against a 0/1 outcome, as scikit-learn defines them
// (reference §3; checked against scikit-learn 1.2.1). `positive` is 1 (or any non-zero value)
// for rows of the positive class; `scores` are its predicted probabilities.
//
// Everything starts from the same ranking as sklearn's `_binary_clf_curve`: distinct scores in
// descending order, with the cumulative true and false positives at each. Positive and negative
// scores are sorted separately by the engine's numeric typed-array sort and then merged, which
// keeps the work O(n log n) without a comparator call per pair.

import { ValidationError } from '../../api/errors.js';
import { classColumn, indicator } from './classification.js';

export interface Ranking {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  /** Positives scoring at least thresholds[i]. */
  truePositives: Float64Array;
  /** Negatives scoring at least thresholds[i]. */
  falsePositives: Float64Array;
}

export interface RocCurve {
  falsePositiveRate: Float64Array;
  truePositiveRate: Float64Array;
  /** Descending; the first is max score + 1 (sklearn 1.2.1), the point (0, 0). */
  thresholds: Float64Array;
}

export interface PrecisionRecallCurve {
  /** sklearn's order: thresholds ascending, ending with the point (recall 0, precision 1). */
  precision: Float64Array;
  recall: Float64Array;
  /** One fewer than the points: the final (0, 1) point has no threshold. */
  thresholds: Float64Array;
}

export interface CalibrationCurve {
  /** Fraction of positives per non-empty bin (sklearn's prob_true). */
  fractionPositive: Float64Array;
  /** Mean predicted probability per non-empty bin (sklearn's prob_pred). */
  meanPredicted: Float64Array;
  /** Rows per non-empty bin. */
  counts: Uint32Array;
}

export function rank(positive: ArrayLike<number>, scores: Float64Array): Ranking {
  if (positive.length !== scores.length) {
    throw new ValidationError(`${positive.length} actual values but ${scores.length} scores`);
  }
  if (scores.length === 0) throw new ValidationError('No rows to evaluate');
  let positives = 0;
  for (let row = 0; row < scores.length; row++) {
    if (!Number.isFinite(scores[row])) throw new ValidationError(`Row ${row} has a non-finite score (${scores[row]})`, { row });
    if (positive[row]) positives++;
  }
  const positiveScores = new Float64Array(positives);
  const negativeScores = new Float64Array(scores.length - positives);
  let positiveAt = 0;
  let negativeAt = 0;
  for (let row = 0; row < scores.length; row++) {
    if (positive[row]) positiveScores[positiveAt++] = scores[row];
    else negativeScores[negativeAt++] = scores[row];
  }
  positiveScores.sort();
  negativeScores.sort();

  const thresholds = new Float64Array(scores.length);
  const truePositives = new Float64Array(scores.length);
  const falsePositives = new Float64Array(scores.length);
  let distinct = 0;
  let positiveIndex = positiveScores.length - 1;
  let negativeIndex = negativeScores.length - 1;
  let truePositive = 0;
  let falsePositive = 0;
  while (positiveIndex >= 0 || negativeIndex >= 0) {
    const threshold = Math.max(
      positiveIndex >= 0 ? positiveScores[positiveIndex] : -Infinity,
      negativeIndex >= 0 ? negativeScores[negativeIndex] : -Infinity,
    );
    while (positiveIndex >= 0 && positiveScores[positiveIndex] === threshold) {
      truePositive++;
      positiveIndex--;
    }
    while (negativeIndex >= 0 && negativeScores[negativeIndex] === threshold) {
      falsePositive++;
      negativeIndex--;
    }
    thresholds[distinct] = threshold;
    truePositives[distinct] = truePositive;
    falsePositives[distinct] = falsePositive;
    distinct++;
  }
  return {
    thresholds: thresholds.slice(0, distinct),
    truePositives: truePositives.slice(0, distinct),
    falsePositives: falsePositives.slice(0, distinct),
  };
}

/**
 * Binary ROC AUC: the trapezoid under the ROC curve, tied scores forming one diagonal step. The
 * area is summed in whole counts and divided once, so it is exact to the last bit below 2^53.
 * Null, with a warning, when only one class is present (sklearn raises).
 */
export function rocAuc(positive: ArrayLike<number>, scores: Float64Array, warnings?: string[]): number | null {
  const { truePositives, falsePositives } = rank(positive, scores);
  const last = truePositives.length - 1;
  const positives = truePositives[last];
  const negatives = falsePositives[last];
  if (positives === 0 || negatives === 0) {
    warnings?.push(`ROC AUC is undefined: only ${positives === 0 ? 'negative' : 'positive'} rows are present`);
    return null;
  }
  let doubleArea = 0;
  let previousTrue = 0;
  let previousFalse = 0;
  for (let index = 0; index <= last; index++) {
    doubleArea += (falsePositives[index] - previousFalse) * (truePositives[index] + previousTrue);
    previousTrue = truePositives[index];
    previousFalse = falsePositives[index];
  }
  return doubleArea / (2 * positives * negatives);
}

/**
 * sklearn's `average_precision_score`: Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds, descending.
 * Step-wise, neither interpolated nor the trapezoid. Null, with a warning, without positives.
 */
export function averagePrecision(positive: ArrayLike<number>, scores: Float64Array, warnings?: string[]): number | null {
  const { truePositives, falsePositives } = rank(positive, scores);
  const positives = truePositives[truePositives.length - 1];
  if (positives === 0) {
    warnings?.push('Average precision is undefined: no positive rows are present');
    return null;
  }
  let total = 0;
  let previousRecall = 0;
  for (let index = 0; index < truePositives.length; index++) {
    const recall = truePositives[index] / positives;
    total += (recall - previousRecall) * (truePositives[index] / (truePositives[index] + falsePositives[index]));
    previousRecall = recall;
  }
  return total;
}

/** sklearn's `roc_curve` with `drop_intermediate=True` by default. Null when one class is present. */
export function rocCurve(
  positive: ArrayLike<number>,
  scores: Float64Array,
  options: { dropIntermediate?: boolean } = {},
): RocCurve | null {
  const ranking = rank(positive, scores);
  const last = ranking.thresholds.length - 1;
  const positives = ranking.truePositives[last];
  const negatives = ranking.falsePositives[last];
  if (positives === 0 || negatives === 0) return null;
  const { truePositives: tp, falsePositives: fp } = ranking;
  // A point is a corner (and kept) when either count changes its slope there; collinear points
  // in between are not on the plotted curve and do not change its area.
  const kept: number[] = [];
  for (let index = 0; index <= last; index++) {
    const corner =
      !(options.dropIntermediate ?? true) ||
      last < 2 ||
      index === 0 ||
      index === last ||
      fp[index + 1] - 2 * fp[index] + fp[index - 1] !== 0 ||
      tp[index + 1] - 2 * tp[index] + tp[index - 1] !== 0;
    if (corner) kept.push(index);
  }
  const falsePositiveRate = new Float64Array(kept.length + 1);
  const truePositiveRate = new Float64Array(kept.length + 1);
  const thresholds = new Float64Array(kept.length + 1);
  thresholds[0] = ranking.thresholds[0] + 1;
  kept.forEach((index, position) => {
    falsePositiveRate[position + 1] = fp[index] / negatives;
    truePositiveRate[position + 1] = tp[index] / positives;
    thresholds[position + 1] = ranking.thresholds[index];
  });
  return { falsePositiveRate, truePositiveRate, thresholds };
}

/** sklearn's `precision_recall_curve` (1.2.1: every distinct threshold). Null without positives. */
export function precisionRecallCurve(positive: ArrayLike<number>, scores: Float64Array): PrecisionRecallCurve | null {
  const ranking = rank(positive, scores);
  const count = ranking.thresholds.length;
  const positives = ranking.truePositives[count - 1];
  if (positives === 0) return null;
  const precision = new Float64Array(count + 1);
  const recall = new Float64Array(count + 1);
  const thresholds = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const position = count - 1 - index;
    const truePositive = ranking.truePositives[index];
    precision[position] = truePositive / (truePositive + ranking.falsePositives[index]);
    recall[position] = truePositive / positives;
    thresholds[position] = ranking.thresholds[index];
  }
  precision[count] = 1;
  recall[count] = 0;
  return { precision, recall, thresholds };
}

/**
 * sklearn's `calibration_curve(strategy='uniform')`: bins of equal width on [0, 1] (edges
 * i/n computed as numpy's linspace does), a score on an inner edge belonging to the lower bin;
 * empty bins are left out.
 */
export function calibrationCurve(positive: ArrayLike<number>, scores: Float64Array, bins = 10): CalibrationCurve {
  if (!Number.isInteger(bins) || bins < 1) throw new ValidationError(`bins must be a positive integer, got ${bins}`);
  if (positive.length !== scores.length) throw new ValidationError(`${positive.length} actual values but ${scores.length} scores`);
  const step = 1 / bins;
  const innerEdges = Float64Array.from({ length: bins - 1 }, (_, index) => (index + 1) * step);
  const scoreSums = new Float64Array(bins);
  const positiveCounts = new Float64Array(bins);
  const totals = new Uint32Array(bins);
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row];
    if (!(score >= 0 && score <= 1)) throw new ValidationError(`Row ${row} has probability ${score}, outside [0, 1]`, { row });
    const bin = edgesBelow(innerEdges, score);
    scoreSums[bin] += score;
    if (positive[row]) positiveCounts[bin]++;
    totals[bin]++;
  }
  const used = Array.from(totals.keys()).filter((bin) => totals[bin] > 0);
  return {
    fractionPositive: Float64Array.from(used, (bin) => positiveCounts[bin] / totals[bin]),
    meanPredicted: Float64Array.from(used, (bin) => scoreSums[bin] / totals[bin]),
    counts: Uint32Array.from(used, (bin) => totals[bin]),
  };
}

/**
 * sklearn's `roc_auc_score(multi_class='ovr', average='macro')`: the unweighted mean of each
 * class's AUC against the rest. Null, with a warning naming them, when a class is absent from
 * `actual` (sklearn raises: its one-vs-rest AUC is undefined).
 */
export function rocAucOneVsRest(
  actual: ArrayLike<number>,
  probabilities: Float64Array,
  classCount: number,
  options: { classes?: readonly string[]; warnings?: string[] } = {},
): number | null {
  return macroOneVsRest(actual, probabilities, classCount, options, 'ROC AUC (one-vs-rest)', rocAuc);
}

/** Macro average precision over one-vs-rest columns (sklearn on `label_binarize`d targets). */
export function averagePrecisionOneVsRest(
  actual: ArrayLike<number>,
  probabilities: Float64Array,
  classCount: number,
  options: { classes?: readonly string[]; warnings?: string[] } = {},
): number | null {
  return macroOneVsRest(actual, probabilities, classCount, options, 'Average precision (macro)', averagePrecision);
}

function macroOneVsRest(
  actual: ArrayLike<number>,
  probabilities: Float64Array,
  classCount: number,
  options: { classes?: readonly string[]; warnings?: string[] },
  metric: string,
  score: (positive: ArrayLike<number>, scores: Float64Array) => number | null,
): number | null {
  const present = new Uint8Array(classCount);
  for (let row = 0; row < actual.length; row++) present[actual[row]] = 1;
  const absent = Array.from(present.keys()).filter((label) => !present[label]);
  if (absent.length > 0) {
    const names = absent.map((label) => `"${options.classes?.[label] ?? label}"`).join(', ');
    options.warnings?.push(`${metric} is undefined: class ${names} has no rows among those evaluated`);
    return null;
  }
  let total = 0;
  // Every class is present and there are at least two, so each one-vs-rest view has both sides.
  for (let label = 0; label < classCount; label++) {
    total += score(indicator(actual, label), classColumn(probabilities, classCount, label))!;
  }
  return total / classCount;
}

/** numpy's `searchsorted(edges, value, side='left')`: how many edges lie strictly below value. */
function edgesBelow(edges: Float64Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
