import { describe, expect, it } from 'vitest';
import type { FeatureMatrix, Predictions, Target } from '../types.js';
import { defaultScorer, permutationImportance } from './importance.js';

// y = 3·x0 + 0.5·x1 exactly; x2 is ignored by the model.
function data(rows = 200): { matrix: FeatureMatrix; target: Target } {
  const values = new Float32Array(rows * 3);
  const y = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    values[row * 3] = (row * 37) % 101;
    values[row * 3 + 1] = (row * 53) % 89;
    values[row * 3 + 2] = (row * 71) % 97;
    y[row] = 3 * values[row * 3] + 0.5 * values[row * 3 + 1];
  }
  return { matrix: { rows, width: 3, values, names: ['strong', 'weak', 'ignored'] }, target: { task: 'regression', values: y, classes: [] } };
}

const linearModel = (matrix: FeatureMatrix): Predictions => ({
  values: Float64Array.from({ length: matrix.rows }, (_, row) => 3 * matrix.values[row * 3] + 0.5 * matrix.values[row * 3 + 1]),
});

describe('permutation importance', () => {
  it('ranks the features the model uses and gives an ignored one exactly zero', () => {
    const { matrix, target } = data();
    const result = permutationImportance(linearModel, matrix, target, defaultScorer('regression'), { seed: 3 });
    expect(result.baseline).toBe(1);
    const [strong, weak, ignored] = result.features;
    expect(result.features.map((feature) => feature.feature)).toEqual(['strong', 'weak', 'ignored']);
    expect(strong.mean).toBeGreaterThan(1);
    expect(weak.mean).toBeGreaterThan(0);
    expect(weak.mean).toBeLessThan(strong.mean / 10);
    expect(ignored).toEqual({ feature: 'ignored', mean: 0, std: 0, drops: new Float64Array(5) });
    expect(strong.drops).toHaveLength(5);
    const mean = strong.drops.reduce((sum, drop) => sum + drop, 0) / 5;
    const std = Math.sqrt(strong.drops.reduce((sum, drop) => sum + (drop - mean) ** 2, 0) / 5);
    expect(strong.mean).toBeCloseTo(mean, 12);
    expect(strong.std).toBeCloseTo(std, 12);
    expect(strong.std).toBeGreaterThan(0);
  });

  it('is the same for the same seed, and does not depend on column order', () => {
    const { matrix, target } = data();
    const scorer = defaultScorer('regression');
    const first = permutationImportance(linearModel, matrix, target, scorer, { seed: 9, repeats: 3 });
    expect(permutationImportance(linearModel, matrix, target, scorer, { seed: 9, repeats: 3 })).toEqual(first);
    expect(permutationImportance(linearModel, matrix, target, scorer, { seed: 10, repeats: 3 }).features[0].drops).not.toEqual(
      first.features[0].drops,
    );

    // The same data with the first two columns swapped: each feature keeps its own drops.
    const swapped = new Float32Array(matrix.values.length);
    for (let row = 0; row < matrix.rows; row++) {
      swapped[row * 3] = matrix.values[row * 3 + 1];
      swapped[row * 3 + 1] = matrix.values[row * 3];
      swapped[row * 3 + 2] = matrix.values[row * 3 + 2];
    }
    const swappedModel = (m: FeatureMatrix): Predictions => ({
      values: Float64Array.from({ length: m.rows }, (_, row) => 3 * m.values[row * 3 + 1] + 0.5 * m.values[row * 3]),
    });
    const result = permutationImportance(
      swappedModel,
      { ...matrix, values: swapped, names: ['weak', 'strong', 'ignored'] },
      target,
      scorer,
      { seed: 9, repeats: 3 },
    );
    expect(result.features[1].drops).toEqual(first.features[0].drops);
  });

  it('leaves the matrix exactly as it was, even when the model throws', () => {
    const { matrix, target } = data(50);
    const original = Float32Array.from(matrix.values);
    const seen: Float32Array[] = [];
    permutationImportance(
      (m) => {
        seen.push(Float32Array.from(m.values));
        return linearModel(m);
      },
      matrix,
      target,
      defaultScorer('regression'),
      { repeats: 2 },
    );
    expect(matrix.values).toEqual(original);
    // Baseline, then 2 repeats × 3 features, each changing one column only.
    expect(seen).toHaveLength(7);
    const changedColumns = seen.slice(1).map((values) => {
      const columns = new Set<number>();
      values.forEach((value, index) => value !== original[index] && columns.add(index % 3));
      return [...columns];
    });
    expect(changedColumns).toEqual([[0], [0], [1], [1], [2], [2]]);

    let calls = 0;
    const failing = (m: FeatureMatrix) => {
      if (++calls === 3) throw new Error('model crashed');
      return linearModel(m);
    };
    expect(() => permutationImportance(failing, matrix, target, defaultScorer('regression'))).toThrow('model crashed');
    expect(matrix.values).toEqual(original);
  });

  it('scores classifiers by accuracy by default, as sklearn estimators do', () => {
    const target: Target = { task: 'binary', values: Float64Array.of(0, 1, 1, 0), classes: ['no', 'yes'] };
    const score = defaultScorer('binary');
    expect(score(target, { probabilities: Float64Array.of(0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7) })).toBe(0.5);
  });

  it('refuses a matrix whose shape does not match its names or target', () => {
    const { matrix, target } = data(10);
    expect(() => permutationImportance(linearModel, { ...matrix, names: ['a'] }, target, defaultScorer('regression'))).toThrow(/3 names/);
    expect(() => permutationImportance(linearModel, matrix, target, defaultScorer('regression'), { repeats: 0 })).toThrow(/repeats/);
  });
});
