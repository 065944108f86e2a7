// Permutation importance, model-agnostic (sklearn's `permutation_importance`): how much a score
// drops when one feature's values are shuffled across rows, breaking its link with the target.
// Only the column being shuffled is copied: it is saved, overwritten in the caller's matrix with
// a permutation of itself, scored, and written back (also when prediction throws), so memory
// stays at one column however wide the matrix is.

import { ValidationError } from '../../api/errors.js';
import type { FeatureMatrix, Predictions, Target, Task } from '../types.js';
import { accuracy, predictedClasses } from './classification.js';
import { SeededRandom, shuffleInPlace } from './random.js';
import { rSquared } from './regression.js';

/** Higher is better, as sklearn's scorers (use a negated loss for losses). */
export type Scorer = (target: Target, predictions: Predictions) => number;

export interface PermutationImportanceOptions {
  /** Shuffles per feature (sklearn's n_repeats). */
  repeats?: number;
  seed?: number;
}

export interface FeatureImportance {
  feature: string;
  /** Mean drop of the score over the repeats. */
  mean: number;
  /** Population standard deviation of the drops (numpy's default, ddof = 0). */
  std: number;
  /** The drop in each repeat. */
  drops: Float64Array;
}

export interface PermutationImportance {
  /** Score on the unshuffled matrix. */
  baseline: number;
  features: FeatureImportance[];
}

/**
 * Every feature sees the same sequence of permutations (a generator seeded afresh per feature,
 * as sklearn reseeds per column), so one feature's importance does not depend on the column
 * order. Each repeat shuffles the previous permutation further, as sklearn does.
 */
export function permutationImportance(
  predict: (matrix: FeatureMatrix) => Predictions,
  matrix: FeatureMatrix,
  target: Target,
  score: Scorer,
  options: PermutationImportanceOptions = {},
): PermutationImportance {
  const repeats = options.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new ValidationError(`repeats must be a positive integer, got ${repeats}`, { repeats });
  }
  const { rows, width, values } = matrix;
  if (values.length !== rows * width || target.values.length !== rows || matrix.names.length !== width) {
    throw new ValidationError(`A ${rows} × ${width} matrix needs ${rows * width} values, ${width} names and ${rows} targets`, {
      values: values.length,
      names: matrix.names.length,
      targets: target.values.length,
    });
  }
  if (rows < 2) throw new ValidationError(`Permuting a feature needs at least two rows, got ${rows}`, { rows });
  const baseline = score(target, predict(matrix));
  const saved = new Float32Array(rows);
  const permutation = new Uint32Array(rows);

  const features = matrix.names.map((feature, column) => {
    for (let row = 0; row < rows; row++) saved[row] = values[row * width + column];
    for (let row = 0; row < rows; row++) permutation[row] = row;
    const random = new SeededRandom(options.seed ?? 0);
    const drops = new Float64Array(repeats);
    try {
      for (let repeat = 0; repeat < repeats; repeat++) {
        shuffleInPlace(permutation, random);
        for (let row = 0; row < rows; row++) values[row * width + column] = saved[permutation[row]];
        drops[repeat] = baseline - score(target, predict(matrix));
      }
    } finally {
      for (let row = 0; row < rows; row++) values[row * width + column] = saved[row];
    }
    let total = 0;
    for (const drop of drops) total += drop;
    const mean = total / repeats;
    let squares = 0;
    for (const drop of drops) squares += (drop - mean) * (drop - mean);
    return { feature, mean, std: Math.sqrt(squares / repeats), drops };
  });
  return { baseline, features };
}

/** sklearn's default scoring, the estimator's own `score`: accuracy, or R² for regression. */
export function defaultScorer(task: Task): Scorer {
  if (task === 'regression') return (target, predictions) => rSquared(target.values, predictions.values!)!;
  return (target, predictions) => accuracy(target.values, predictedClasses(predictions.probabilities!, target.classes.length));
}
