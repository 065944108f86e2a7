// Regression metrics as scikit-learn defines them (checked against scikit-learn 1.2.1).

import { ValidationError } from '../../api/errors.js';

/** √(mean squared error): sklearn's `mean_squared_error(squared=False)`. */
export function rootMeanSquaredError(actual: Float64Array, predicted: Float64Array): number {
  checkPair(actual, predicted);
  let total = 0;
  for (let row = 0; row < actual.length; row++) {
    const error = actual[row] - predicted[row];
    total += error * error;
  }
  return Math.sqrt(total / actual.length);
}

/** sklearn's `mean_absolute_error`. */
export function meanAbsoluteError(actual: Float64Array, predicted: Float64Array): number {
  checkPair(actual, predicted);
  let total = 0;
  for (let row = 0; row < actual.length; row++) total += Math.abs(actual[row] - predicted[row]);
  return total / actual.length;
}

/**
 * sklearn's `r2_score` (force_finite=True): 1 − SSres/SStot. With a constant actual value SStot
 * is 0, and the score is 1 for a perfect prediction, else 0. Fewer than two rows: null with a
 * warning (sklearn returns NaN and warns).
 */
export function rSquared(actual: Float64Array, predicted: Float64Array, warnings?: string[]): number | null {
  checkPair(actual, predicted);
  if (actual.length < 2) {
    warnings?.push('R² is not well-defined with fewer than two rows');
    return null;
  }
  let sum = 0;
  for (const value of actual) sum += value;
  const average = sum / actual.length;
  let residual = 0;
  let spread = 0;
  for (let row = 0; row < actual.length; row++) {
    const error = actual[row] - predicted[row];
    const deviation = actual[row] - average;
    residual += error * error;
    spread += deviation * deviation;
  }
  if (spread === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / spread;
}

function checkPair(actual: Float64Array, predicted: Float64Array): void {
  if (actual.length === 0) throw new ValidationError('No rows to evaluate');
  if (actual.length !== predicted.length) {
    throw new ValidationError(`${actual.length} actual values but ${predicted.length} predictions`, {
      actual: actual.length,
      predictions: predicted.length,
    });
  }
  for (let row = 0; row < predicted.length; row++) {
    if (!Number.isFinite(predicted[row])) throw new ValidationError(`Row ${row} has a non-finite prediction (${predicted[row]})`, { row });
  }
}
