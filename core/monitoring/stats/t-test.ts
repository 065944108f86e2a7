// Student's two-sample t-test with pooled variance, two-sided: scipy.stats.ttest_ind(r, c) with
// its default equal_var=True, which is what Evidently's `t_test` calls.
import { studentTSurvival } from './special-functions.js';
import type { TestResult } from './proportion-tests.js';

function moments(values: Float64Array): { mean: number; squares: number } {
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) sum += values[index];
  const mean = sum / values.length;
  let squares = 0;
  for (let index = 0; index < values.length; index += 1) {
    const delta = values[index] - mean;
    squares += delta * delta;
  }
  return { mean, squares };
}

export function studentTTest(first: Float64Array, second: Float64Array): TestResult {
  const n1 = first.length;
  const n2 = second.length;
  const a = moments(first);
  const b = moments(second);
  const degrees = n1 + n2 - 2;
  const pooledVariance = (a.squares + b.squares) / degrees;
  const statistic = (a.mean - b.mean) / Math.sqrt(pooledVariance * (1 / n1 + 1 / n2));
  return { statistic, pValue: Math.min(1, 2 * studentTSurvival(Math.abs(statistic), degrees)) };
}
