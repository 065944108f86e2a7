import { describe, expect, it } from 'vitest';
import { closeTo, regression } from './golden-fixtures.js';
import { meanAbsoluteError, rootMeanSquaredError, rSquared } from './regression.js';

const values = (list: readonly number[]) => Float64Array.from(list);

describe('regression metrics match scikit-learn 1.2.1', () => {
  const actual = values(regression.y);
  const predicted = values(regression.predicted);

  it('RMSE, MAE and R²', () => {
    expect(closeTo(rootMeanSquaredError(actual, predicted), regression.expected.rmse)).toBe(true);
    expect(closeTo(meanAbsoluteError(actual, predicted), regression.expected.mae)).toBe(true);
    expect(closeTo(rSquared(actual, predicted), regression.expected.r2)).toBe(true);
  });

  it('R² of a constant target: 1 when predicted exactly, else 0 (force_finite)', () => {
    expect(rSquared(values([2, 2, 2]), values([2, 2, 2]))).toBe(regression.expected.r2ConstantPerfect);
    expect(rSquared(values([2, 2, 2]), values([2, 2, 2.5]))).toBe(regression.expected.r2ConstantOff);
  });

  it('R² of a single row is null with a warning (sklearn: nan)', () => {
    const warnings: string[] = [];
    expect(rSquared(values([1]), values([2]), warnings)).toBeNull();
    expect(warnings).toEqual(['R² is not well-defined with fewer than two rows']);
  });

  it('refuses non-finite predictions and mismatched lengths, naming the row', () => {
    expect(() => rootMeanSquaredError(values([1, 2]), values([1, Number.NaN]))).toThrow(/Row 1 has a non-finite prediction/);
    expect(() => meanAbsoluteError(values([1, 2]), values([1]))).toThrow(/2 actual values but 1 predictions/);
  });
});
