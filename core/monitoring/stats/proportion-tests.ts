// Tests on category counts as Evidently builds them: chi-square against the reference's
// frequencies rescaled to the current size (scipy chisquare), and the two-proportion Z test.
import type { CategoryPair } from './binning.js';
import { chiSquareSurvival, normalCdf } from './special-functions.js';

export interface TestResult {
  statistic: number;
  pValue: number;
}

/**
 * Evidently `chisquare`: O = current counts, E = reference counts · n_c/n_r, over r ∪ c, then
 * scipy.stats.chisquare(O, E) with K − 1 degrees of freedom. A category absent from the
 * reference makes E = 0, so X² = ∞ and p = 0 (scipy warns and does the same).
 */
export function chiSquareTest(pair: CategoryPair): TestResult {
  const scale = pair.currentTotal / pair.referenceTotal;
  let statistic = 0;
  for (let index = 0; index < pair.keys.length; index += 1) {
    const expected = pair.reference[index] * scale;
    const difference = pair.current[index] - expected;
    statistic += (difference * difference) / expected;
  }
  return { statistic, pValue: chiSquareSurvival(statistic, pair.keys.length - 1) };
}

function compareKeys(left: string | number, right: string | number): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Evidently `z`: both sides constant and equal gives p = 1; otherwise values equal to the
 * smallest key count as 0 and the rest as 1, and p = 2·(1 − Φ(|z|)) computed literally (so it
 * underflows to 0 past |z| ≈ 8.3 exactly as Evidently's does).
 */
export function twoProportionZTest(pair: CategoryPair): TestResult {
  const present = (counts: Float64Array) => pair.keys.filter((_, index) => counts[index] > 0);
  const referenceKeys = present(pair.reference);
  const currentKeys = present(pair.current);
  if (referenceKeys.length === 1 && currentKeys.length === 1 && referenceKeys[0] === currentKeys[0]) return { statistic: 0, pValue: 1 };
  let first = 0;
  for (let index = 1; index < pair.keys.length; index += 1) if (compareKeys(pair.keys[index], pair.keys[first]) < 0) first = index;
  const n1 = pair.referenceTotal;
  const n2 = pair.currentTotal;
  const p1 = (n1 - pair.reference[first]) / n1;
  const p2 = (n2 - pair.current[first]) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic, pValue: 2 * (1 - normalCdf(Math.abs(statistic))) };
}
