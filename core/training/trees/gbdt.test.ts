import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/errors.js';
import { WorkerPool } from '../../workers/pool.js';
import { rocAuc } from '../evaluation/ranking.js';
import type { FeatureMatrix, Target } from '../types.js';
import { shouldStopEarly, type IterationProgress } from './boosting.js';
import { GradientBoosting } from './gbdt.js';
import { SeededRandom } from './random.js';
import { makeClassification, makeFriedman, splitRows } from './synthetic-data.js';

const pool = new WorkerPool(1);
afterAll(() => pool.close());
// The helper thread must be up before the parallel fit, or the caller does all the work alone.
beforeAll(() => pool.run('hashFile', { file: fileURLToPath(import.meta.url) }));

function positive(probabilities: Float64Array): Float64Array {
  return Float64Array.from({ length: probabilities.length / 2 }, (_, row) => probabilities[2 * row + 1]);
}

function oneFeature(values: number[], labels: number[]): { matrix: FeatureMatrix; target: Target } {
  return {
    matrix: { rows: values.length, width: 1, values: Float32Array.from(values), names: ['x'] },
    target: { task: 'binary', values: Float64Array.from(labels), classes: ['0', '1'] },
  };
}

describe('GradientBoosting', () => {
  it('grows the tree a hand calculation predicts on a tiny dataset', async () => {
    // x = 0..99, y = [x >= 50]: f0 = ln(0.5/0.5) = 0, so every row has g = 0.5 − y and h = 0.25.
    // Best split: x <= 49.5; left G = 25, H = 12.5 → value −0.1·25/12.5 = −0.2; right +0.2;
    // gain 25²/12.5 + 25²/12.5 − 0 = 100.
    const { matrix, target } = oneFeature(
      Array.from({ length: 100 }, (_, x) => x),
      Array.from({ length: 100 }, (_, x) => (x >= 50 ? 1 : 0)),
    );
    const model = await GradientBoosting.fit(matrix, target, { maxIter: 1, maxLeafNodes: 2, minSamplesLeaf: 1, earlyStopping: false });
    const [tree] = model.ensemble.trees;
    expect(model.ensemble.baseline).toEqual([0]);
    expect(Array.from(tree.feature)).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(49.5);
    expect(Array.from(tree.left)).toEqual([1, -1, -1]);
    expect(Array.from(tree.right)).toEqual([2, -1, -1]);
    expect(tree.value[1]).toBe(Math.fround(-0.2));
    expect(tree.value[2]).toBe(Math.fround(0.2));
    expect(tree.gain[0]).toBeCloseTo(100, 10);
    expect(Array.from(tree.cover)).toEqual([100, 50, 50]);
    const probabilities = model.predict(oneFeature([49.5, 49.6, Number.NaN], [0, 0, 0]).matrix).probabilities!;
    expect(probabilities[1]).toBeCloseTo(1 / (1 + Math.exp(0.2)), 6);
    expect(probabilities[3]).toBeCloseTo(1 / (1 + Math.exp(-0.2)), 6);
  });

  it('matches scikit-learn HistGradientBoostingClassifier AUC on the same rows', async () => {
    // Reference: /usr/bin/python3, scikit-learn 1.2.1, HistGradientBoostingClassifier(
    // early_stopping=False) on these rows exported to CSV (first 20,000 train, last 5,000 test):
    // AUC 0.966451 (plain), 0.933311 (10% NaN). Computed once; no Python runs in tests.
    for (const [missing, seed, reference] of [
      [0, 11, 0.966451],
      [0.1, 12, 0.933311],
    ]) {
      const { train, test } = splitRows(makeClassification({ rows: 25_000, features: 10, informative: 5, flip: 0.05, missing, seed }), 20_000);
      const model = await GradientBoosting.fit(train.matrix, train.target, { earlyStopping: false });
      const auc = rocAuc(test.target.values, positive(model.predict(test.matrix).probabilities!))!;
      expect(Math.abs(auc - reference)).toBeLessThan(0.002);
    }
  });

  it('gives identical trees for the same seed and data, with or without helper threads', async () => {
    const { matrix, target } = makeClassification({ rows: 60_000, features: 8, informative: 4, flip: 0.05, missing: 0.02, seed: 5 });
    const params = { maxIter: 8, subsample: 0.8, maxFeatures: 0.75, seed: 3 };
    const alone = await GradientBoosting.fit(matrix, target, params);
    const again = await GradientBoosting.fit(matrix, target, params);
    const helped = await GradientBoosting.fit(matrix, target, params, { pool, helpers: 1 });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(alone.toJSON()));
    expect(JSON.stringify(helped.toJSON())).toBe(JSON.stringify(alone.toJSON()));
    const other = await GradientBoosting.fit(matrix, target, { ...params, seed: 4 });
    expect(JSON.stringify(other.toJSON())).not.toBe(JSON.stringify(alone.toJSON()));
  });

  it('learns where missing values go: NaN rows behave like the positive class', async () => {
    const random = new SeededRandom(1);
    const values: number[] = [];
    const labels: number[] = [];
    for (let row = 0; row < 2000; row++) {
      const missing = random.next() < 0.2;
      const x = random.next();
      values.push(missing ? Number.NaN : x);
      labels.push(missing || x > 0.7 ? 1 : 0);
    }
    const { matrix, target } = oneFeature(values, labels);
    const model = await GradientBoosting.fit(matrix, target, { maxIter: 20, earlyStopping: false });
    const [tree] = model.ensemble.trees;
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBeCloseTo(0.7, 2);
    expect(tree.nanLeft[0]).toBe(0);
    const p = model.predict(oneFeature([Number.NaN, 0.2, 0.9], [0, 0, 0]).matrix).probabilities!;
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[3]).toBeLessThan(0.1);
    expect(p[5]).toBeGreaterThan(0.9);
  });

  it('stops early on a validation split when more rounds stop helping (auto above 10,000 rows)', async () => {
    const random = new SeededRandom(2);
    const { matrix } = makeClassification({ rows: 12_000, features: 5, informative: 2, seed: 8 });
    const target: Target = { task: 'binary', values: Float64Array.from({ length: 12_000 }, () => (random.next() < 0.5 ? 1 : 0)), classes: ['0', '1'] };
    const progress: IterationProgress[] = [];
    const model = await GradientBoosting.fit(matrix, target, {}, { onIteration: (step) => progress.push(step) });
    const { iterations, stoppedEarly, validationLoss, trainLoss } = model.ensemble;
    expect(stoppedEarly).toBe(true);
    expect(iterations).toBeLessThan(40);
    expect(model.ensemble.trees).toHaveLength(iterations);
    expect(validationLoss).toHaveLength(iterations);
    expect(trainLoss).toHaveLength(iterations);
    expect(progress.map((step) => step.iteration)).toEqual(Array.from({ length: iterations }, (_, index) => index + 1));
    // Noise labels: the model memorises the training rows while the held-out loss does not improve.
    expect(trainLoss[iterations - 1]).toBeLessThan(trainLoss[0]);
    expect(Math.min(...validationLoss!.slice(-10))).toBeGreaterThanOrEqual(Math.min(...validationLoss!.slice(0, -10)) - 1e-7);
  });

  it('implements scikit-learn early-stopping rule on a loss list', () => {
    expect(shouldStopEarly([1, 0.9, 0.8], 2, 1e-7)).toBe(false);
    expect(shouldStopEarly([1, 0.9, 0.95, 0.91], 2, 1e-7)).toBe(true);
    expect(shouldStopEarly([1, 0.9, 0.95, 0.89], 2, 1e-7)).toBe(false);
  });

  it('trains multiclass softmax: one tree per class per round, probabilities summing to 1', async () => {
    const { train, test } = splitRows(makeClassification({ rows: 8000, features: 8, informative: 5, classes: 3, clustersPerClass: 1, flip: 0.02, seed: 4 }), 6000);
    const reported: number[] = [];
    const model = await GradientBoosting.fit(train.matrix, train.target, { maxIter: 30 }, { onIteration: (step) => reported.push(step.trainLoss) });
    expect(model.ensemble.trees).toHaveLength(30 * 3);
    expect(reported[29]).toBeLessThan(reported[0]);
    const probabilities = model.predict(test.matrix).probabilities!;
    let correct = 0;
    for (let row = 0; row < test.matrix.rows; row++) {
      const p = probabilities.subarray(row * 3, row * 3 + 3);
      expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
      if (p.indexOf(Math.max(...p)) === test.target.values[row]) correct++;
    }
    expect(correct / test.matrix.rows).toBeGreaterThan(0.85);
  });

  it('trains regression on squared error and ranks the informative features first by gain', async () => {
    const { train, test } = splitRows(makeFriedman({ rows: 6000, features: 10, noise: 1, seed: 6 }), 5000);
    const model = await GradientBoosting.fit(train.matrix, train.target, { maxIter: 200 });
    const predicted = model.predict(test.matrix).values!;
    let residual = 0;
    let total = 0;
    const mean = test.target.values.reduce((sum, value) => sum + value, 0) / test.matrix.rows;
    for (let row = 0; row < test.matrix.rows; row++) {
      residual += (predicted[row] - test.target.values[row]) ** 2;
      total += (test.target.values[row] - mean) ** 2;
    }
    expect(1 - residual / total).toBeGreaterThan(0.85);
    const importance = model.featureImportance();
    expect(importance.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
    expect(importance.subarray(0, 5).reduce((sum, value) => sum + value, 0)).toBeGreaterThan(0.95);
    expect(importance[3]).toBeGreaterThan(importance[9]);
  });

  it('round-trips through JSON with the same predictions', async () => {
    const { matrix, target } = makeClassification({ rows: 3000, features: 6, informative: 3, missing: 0.05, seed: 2 });
    const model = await GradientBoosting.fit(matrix, target, { maxIter: 10 });
    const copy = GradientBoosting.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(copy.predict(matrix).probabilities!)).toEqual(Array.from(model.predict(matrix).probabilities!));
  });

  it('rejects unknown parameters, out-of-range values and unusable targets, naming what is valid', async () => {
    const { matrix, target } = makeClassification({ rows: 200, features: 4, informative: 2, seed: 1 });
    await expect(GradientBoosting.fit(matrix, target, { learningrate: 0.1 } as never)).rejects.toThrow(/unknown parameter "learningrate"; valid parameters: learningRate, maxIter/);
    await expect(GradientBoosting.fit(matrix, target, { maxLeafNodes: 1 })).rejects.toThrow(/maxLeafNodes must be an integer in 2..4096; got 1/);
    await expect(GradientBoosting.fit(matrix, target, { subsample: 0 })).rejects.toBeInstanceOf(ValidationError);
    const oneClass: Target = { ...target, values: new Float64Array(200) };
    await expect(GradientBoosting.fit(matrix, oneClass)).rejects.toThrow(/class "1" does not occur in the training split/);
    const missingTarget: Target = { ...target, values: Float64Array.from(target.values, (value, row) => (row === 7 ? Number.NaN : value)) };
    await expect(GradientBoosting.fit(matrix, missingTarget)).rejects.toThrow(/target in row 7/);
  });

  it('stops with a cancellation error when asked between rounds', async () => {
    const { matrix, target } = makeClassification({ rows: 500, features: 4, informative: 2, seed: 1 });
    let rounds = 0;
    await expect(GradientBoosting.fit(matrix, target, {}, { onIteration: () => rounds++, shouldStop: () => rounds >= 3 })).rejects.toThrow(/cancelled/);
  });
});
