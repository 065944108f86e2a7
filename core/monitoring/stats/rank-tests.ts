// Rank tests on two sorted samples, each in one merge pass over the pooled values with midranks
// for ties: Mann–Whitney U (scipy.stats.mannwhitneyu), Cramér–von Mises two-sample
// (scipy.stats.cramervonmises_2samp) and Anderson–Darling k-sample for k = 2
// (scipy.stats.anderson_ksamp, midrank=True).
import { logGamma, exponentiallyScaledBesselK, normalSurvival } from './special-functions.js';

/** Visits each distinct pooled value with how many copies each side has and how many came before. */
function forEachTieGroup(
  first: Float64Array,
  second: Float64Array,
  visit: (firstCount: number, secondCount: number, firstBefore: number, secondBefore: number) => void,
): void {
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const value = j >= second.length || (i < first.length && first[i] <= second[j]) ? first[i] : second[j];
    const startI = i;
    const startJ = j;
    while (i < first.length && first[i] === value) i += 1;
    while (j < second.length && second[j] === value) j += 1;
    visit(i - startI, j - startJ, startI, startJ);
  }
}

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyResult {
  /** U₁, the statistic scipy reports (for the first sample). */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** Counts of U = 0…m·n for samples of sizes m, n: the Gaussian binomial [m+n choose m]_q. */
function exactUFrequencies(m: number, n: number): Float64Array {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const frequencies = new Float64Array(small * large + 1);
  frequencies[0] = 1;
  // Multiply by (1 − q^{large+i}) then divide by (1 − q^i): each step leaves [large+i choose i]_q.
  for (let i = 1; i <= small; i += 1) {
    const shift = large + i;
    for (let k = frequencies.length - 1; k >= shift; k -= 1) frequencies[k] -= frequencies[k - shift];
    for (let k = i; k < frequencies.length; k += 1) frequencies[k] += frequencies[k - i];
  }
  return frequencies;
}

/**
 * scipy.stats.mannwhitneyu(first, second, use_continuity=True, alternative, method='auto'):
 * exact when one sample has ≤ 8 values and there are no ties, otherwise the normal
 * approximation with tie-corrected variance and continuity correction.
 */
export function mannWhitneyU(first: Float64Array, second: Float64Array, alternative: Alternative = 'two-sided'): MannWhitneyResult {
  const n1 = first.length;
  const n2 = second.length;
  let rankSum = 0;
  let tieTerm = 0;
  let hasTies = false;
  forEachTieGroup(first, second, (firstCount, secondCount, firstBefore, secondBefore) => {
    const size = firstCount + secondCount;
    const averageRank = firstBefore + secondBefore + (size + 1) / 2;
    rankSum += firstCount * averageRank;
    tieTerm += size * size * size - size;
    if (size > 1) hasTies = true;
  });
  const u1 = rankSum - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const [u, factor] = alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  const method = (n1 > 8 && n2 > 8) || hasTies ? 'asymptotic' : 'exact';
  let p: number;
  if (method === 'exact') {
    const frequencies = exactUFrequencies(n1, n2);
    let total = 0;
    for (const frequency of frequencies) total += frequency;
    // sf(U) = cdf(mn − U) by symmetry, as scipy's _MWU.sf.
    const limit = n1 * n2 - Math.trunc(u);
    let cumulative = 0;
    for (let k = 0; k <= limit; k += 1) cumulative += frequencies[k];
    p = cumulative / total;
  } else {
    const n = n1 + n2;
    const deviation = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    p = normalSurvival((u - (n1 * n2) / 2 - 0.5) / deviation);
  }
  return { statistic: u1, pValue: Math.min(1, Math.max(0, p * factor)), method };
}

export interface CramerVonMisesResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** CDF of the limiting one-sample CvM statistic, scipy `_cdf_cvm_inf` (stops at terms < 1e-7). */
function limitingCramerVonMisesCdf(x: number): number {
  let totalSum = 0;
  for (let k = 0; ; k += 1) {
    const front = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const term = front * Math.sqrt(y) * exponentiallyScaledBesselK(0.25, q);
    totalSum += term;
    if (Math.abs(term) < 1e-7) return totalSum;
  }
}

/** scipy `_pval_cvm_2samp_exact` (Xiao, Gordon & Yakovlev 2006): frequency tables of U. */
function exactCramerVonMisesPValue(u: number, m: number, n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm ** 2 * (m + n) * (6 * u - mn * (4 * mn - 1))) / (6 * mn ** 2));
  let tables: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 1; v <= m; v += 1) tables.push(new Map());
  for (let step = 0; step <= n; step += 1) {
    const next: Map<number, number>[] = [];
    let running = new Map<number, number>();
    for (let v = 0; v < tables.length; v += 1) {
      const shift = (a * v - b * step) ** 2;
      const merged = new Map<number, number>();
      for (const [value, frequency] of running) merged.set(value, frequency);
      for (const [value, frequency] of tables[v]) merged.set(value, (merged.get(value) ?? 0) + frequency);
      running = new Map();
      for (const [value, frequency] of merged) running.set(value + shift, frequency);
      next.push(running);
    }
    tables = next;
  }
  let atLeast = 0;
  let combinations = 0;
  for (const [value, frequency] of tables[m]) {
    combinations += frequency;
    if (value >= zeta) atLeast += frequency;
  }
  return atLeast / combinations;
}

export function cramerVonMises(first: Float64Array, second: Float64Array): CramerVonMisesResult {
  const nx = first.length;
  const ny = second.length;
  let firstSquares = 0;
  let secondSquares = 0;
  forEachTieGroup(first, second, (firstCount, secondCount, firstBefore, secondBefore) => {
    const averageRank = firstBefore + secondBefore + (firstCount + secondCount + 1) / 2;
    for (let index = 1; index <= firstCount; index += 1) firstSquares += (averageRank - (firstBefore + index)) ** 2;
    for (let index = 1; index <= secondCount; index += 1) secondSquares += (averageRank - (secondBefore + index)) ** 2;
  });
  const u = nx * firstSquares + ny * secondSquares;
  const k = nx * ny;
  const total = nx + ny;
  const statistic = u / (k * total) - (4 * k - 1) / (6 * total);
  if (Math.max(nx, ny) <= 20) return { statistic, pValue: exactCramerVonMisesPValue(u, nx, ny), method: 'exact' };
  const expected = (1 + 1 / total) / 6;
  const variance = ((total + 1) * (4 * k * total - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * total * total * 4 * k);
  const normalised = 1 / 6 + (statistic - expected) / Math.sqrt(45 * variance);
  const pValue = normalised < 0.003 ? 1 : Math.max(0, 1 - limitingCramerVonMisesCdf(normalised));
  return { statistic, pValue, method: 'asymptotic' };
}

export interface AndersonDarlingResult {
  statistic: number;
  pValue: number;
  /** scipy's warning when the p-value is capped at 0.25 or floored at 0.001. */
  warning?: string;
}

/** Scholz & Stephens table 2 interpolation coefficients, as in scipy.anderson_ksamp. */
const criticalB0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const criticalB1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const criticalB2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const significanceLevels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/** Least-squares quadratic through (x, y), as np.polyfit(x, y, 2); returns [c2, c1, c0]. */
function quadraticFit(x: number[], y: number[]): [number, number, number] {
  const sums = new Float64Array(5);
  const moments = new Float64Array(3);
  for (let index = 0; index < x.length; index += 1) {
    let power = 1;
    for (let degree = 0; degree < 5; degree += 1) {
      sums[degree] += power;
      if (degree < 3) moments[degree] += power * y[index];
      power *= x[index];
    }
  }
  // Normal equations for c0 + c1·x + c2·x², solved by Cramer's rule (3×3, well conditioned here).
  const matrix = [
    [sums[0], sums[1], sums[2]],
    [sums[1], sums[2], sums[3]],
    [sums[2], sums[3], sums[4]],
  ];
  const determinant = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const base = determinant(matrix);
  const solve = (column: number) => determinant(matrix.map((row, index) => row.map((value, position) => (position === column ? moments[index] : value)))) / base;
  return [solve(2), solve(1), solve(0)];
}

/** scipy.stats.anderson_ksamp([first, second]) with midranks; p interpolated in [0.001, 0.25]. */
export function andersonDarling(first: Float64Array, second: Float64Array): AndersonDarlingResult {
  const sizes = [first.length, second.length];
  const total = sizes[0] + sizes[1];
  let distinct = 0;
  let sum = 0;
  forEachTieGroup(first, second, (firstCount, secondCount, firstBefore, secondBefore) => {
    distinct += 1;
    const tied = firstCount + secondCount;
    const midpoint = firstBefore + secondBefore + tied / 2;
    const denominator = midpoint * (total - midpoint) - (total * tied) / 4;
    const firstM = firstBefore + firstCount / 2;
    const secondM = secondBefore + secondCount / 2;
    sum += ((tied / total) * (total * firstM - midpoint * sizes[0]) ** 2) / denominator / sizes[0];
    sum += ((tied / total) * (total * secondM - midpoint * sizes[1]) ** 2) / denominator / sizes[1];
  });
  if (distinct < 2) throw new RangeError('Anderson–Darling needs more than one distinct observation.');
  const statisticRaw = (sum * (total - 1)) / total;
  const samples = 2;
  const inverseSizes = 1 / sizes[0] + 1 / sizes[1];
  let cumulative = 0;
  let g = 0;
  for (let index = 0; index < total - 2; index += 1) {
    cumulative += 1 / (total - 1 - index);
    g += cumulative / (index + 2);
  }
  const h = cumulative + 1;
  const a = (4 * g - 6) * (samples - 1) + (10 - 6 * g) * inverseSizes;
  const b = (2 * g - 4) * samples ** 2 + 8 * h * samples + (2 * g - 14 * h - 4) * inverseSizes - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * samples ** 2 + (4 * h - 4 * g + 6) * samples + (2 * h - 6) * inverseSizes + 4 * h;
  const d = (2 * h + 6) * samples ** 2 - 4 * h * samples;
  const variance = (a * total ** 3 + b * total ** 2 + c * total + d) / ((total - 1) * (total - 2) * (total - 3));
  const m = samples - 1;
  const statistic = (statisticRaw - m) / Math.sqrt(variance);
  const critical = criticalB0.map((value, index) => value + criticalB1[index] / Math.sqrt(m) + criticalB2[index] / m);
  if (statistic < Math.min(...critical)) return { statistic, pValue: 0.25, warning: 'p-value capped: true value larger than 0.25' };
  if (statistic > Math.max(...critical)) return { statistic, pValue: 0.001, warning: 'p-value floored: true value smaller than 0.001' };
  const [c2, c1, c0] = quadraticFit(critical, significanceLevels.map(Math.log));
  return { statistic, pValue: Math.exp((c2 * statistic + c1) * statistic + c0) };
}
