// Losses of histogram boosting (reference §2): gradients and hessians per row, the constant
// baseline, and the loss values used for early stopping and metric curves. Raw scores are stored
// class-major (class k's scores at k·rows), gradients likewise.
import type { Task } from '../types.js';

export type LossKind = 'log-loss' | 'softmax' | 'squared-error';
export const LOSS_CODES: Record<LossKind, number> = { 'log-loss': 0, softmax: 1, 'squared-error': 2 };
export const LOSS_KINDS: LossKind[] = ['log-loss', 'softmax', 'squared-error'];

export function lossForTask(task: Task): LossKind {
  return task === 'binary' ? 'log-loss' : task === 'multiclass' ? 'softmax' : 'squared-error';
}

/**
 * The constant raw score every model starts from: ln(p̄/(1−p̄)) for log-loss, log class priors
 * for softmax (any shift is equivalent), the mean for squared error.
 */
export function baselineScores(loss: LossKind, targets: Float64Array, rows: number, classes: number): Float64Array {
  if (loss === 'squared-error') {
    let sum = 0;
    for (let row = 0; row < rows; row++) sum += targets[row];
    return Float64Array.of(Math.fround(sum / rows));
  }
  const counts = new Float64Array(classes);
  for (let row = 0; row < rows; row++) counts[targets[row]]++;
  if (loss === 'log-loss') {
    // Clipped like scikit-learn so a one-class training split still gives a finite score.
    const mean = Math.min(Math.max(counts[1] / rows, 1e-15), 1 - 1e-15);
    return Float64Array.of(Math.fround(Math.log(mean / (1 - mean))));
  }
  return counts.map((count) => Math.fround(Math.log(Math.max(count / rows, 1e-15))));
}

/** Binary log-loss of raw score f for label y, without overflow: log(1 + e^f) − y·f. */
function logLoss(score: number, label: number): number {
  return score > 0 ? score + Math.log1p(Math.exp(-score)) - label * score : Math.log1p(Math.exp(score)) - label * score;
}

/** logLoss(f, y) from E = e^−f: log(1 + 1/E) + y·ln E, written to stay finite for E → 0 and ∞. */
function logLossOfNegativeExp(negativeExp: number, label: number): number {
  const logarithm = Math.log(negativeExp);
  if (negativeExp >= 1) return Math.log1p(1 / negativeExp) + (label !== 0 ? label * logarithm : 0);
  return Math.log1p(negativeExp) - (label !== 1 ? (1 - label) * logarithm : 0);
}

/**
 * Gradients and hessians of positions from..to for every class, from the current raw scores.
 * Returns the summed loss of those scores when `withLoss` (the training loss so far), else 0.
 * For log-loss, `negativeExp` holds e^−score per row instead of `raw`, kept up to date by
 * multiplying in each tree's e^−value (team-state.ts applyLeaves): the gradient pass then needs
 * no Math.exp, which was most of its time.
 */
export function computeGradients(
  loss: LossKind,
  raw: Float64Array,
  negativeExp: Float64Array,
  targets: Float64Array,
  rows: number,
  classes: number,
  gradients: Float32Array,
  hessians: Float32Array,
  from: number,
  to: number,
  withLoss: boolean,
): number {
  let total = 0;
  if (loss === 'log-loss') {
    for (let row = from; row < to; row++) {
      const label = targets[row];
      const probability = 1 / (1 + negativeExp[row]);
      gradients[row] = probability - label;
      hessians[row] = probability * (1 - probability);
      if (withLoss) total += logLossOfNegativeExp(negativeExp[row], label);
    }
  } else if (loss === 'squared-error') {
    for (let row = from; row < to; row++) {
      const residual = raw[row] - targets[row];
      gradients[row] = residual;
      hessians[row] = 1;
      if (withLoss) total += 0.5 * residual * residual;
    }
  } else {
    for (let row = from; row < to; row++) {
      let largest = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < classes; k++) largest = Math.max(largest, raw[k * rows + row]);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += Math.exp(raw[k * rows + row] - largest);
      const label = targets[row];
      for (let k = 0; k < classes; k++) {
        const probability = Math.exp(raw[k * rows + row] - largest) / sum;
        gradients[k * rows + row] = probability - (k === label ? 1 : 0);
        hessians[k * rows + row] = probability * (1 - probability);
      }
      if (withLoss) total += Math.log(sum) + largest - raw[label * rows + row];
    }
  }
  return total;
}

/**
 * Mean loss of raw scores (class-major, `stride` scores per class) for rows 0..count — the value
 * early stopping compares: log-loss, multiclass log-loss, or half squared error as scikit-learn.
 */
export function meanLoss(loss: LossKind, raw: Float64Array, stride: number, targets: Float64Array, count: number, classes: number): number {
  if (count === 0) return 0;
  let total = 0;
  for (let row = 0; row < count; row++) {
    const label = targets[row];
    if (loss === 'log-loss') total += logLoss(raw[row], label);
    else if (loss === 'squared-error') total += 0.5 * (raw[row] - label) ** 2;
    else {
      let largest = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < classes; k++) largest = Math.max(largest, raw[k * stride + row]);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += Math.exp(raw[k * stride + row] - largest);
      total += Math.log(sum) + largest - raw[label * stride + row];
    }
  }
  return total / count;
}

/** Probabilities (rows × classes) or values from raw scores (class-major, `rows` per class). */
export function transformScores(loss: LossKind, raw: Float64Array, rows: number, classes: number): { probabilities?: Float64Array; values?: Float64Array } {
  if (loss === 'squared-error') return { values: raw.slice(0, rows) };
  if (loss === 'log-loss') {
    const probabilities = new Float64Array(rows * 2);
    for (let row = 0; row < rows; row++) {
      const positive = 1 / (1 + Math.exp(-raw[row]));
      probabilities[row * 2] = 1 - positive;
      probabilities[row * 2 + 1] = positive;
    }
    return { probabilities };
  }
  const probabilities = new Float64Array(rows * classes);
  for (let row = 0; row < rows; row++) {
    let largest = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) largest = Math.max(largest, raw[k * rows + row]);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(raw[k * rows + row] - largest);
    for (let k = 0; k < classes; k++) probabilities[row * classes + k] = Math.exp(raw[k * rows + row] - largest) / sum;
  }
  return { probabilities };
}
