// Two-sample Kolmogorov–Smirnov, two-sided, as scipy.stats.ks_2samp(method='auto'): the
// statistic from the ECDFs at every pooled value, the exact p-value when max(n₁, n₂) ≤ 10000,
// otherwise Smirnov's asymptotic kstwo.sf(D, round(n₁n₂/(n₁+n₂))). Inputs are sorted, NaN-free.
import { kolmogorovSurvival } from './kolmogorov.js';
import { greatestCommonDivisor } from './special-functions.js';

export interface KolmogorovSmirnovResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** scipy `ks_2samp`'s MAX_AUTO_N: above it 'auto' goes asymptotic. */
const maximumExactSize = 10_000;

/** max |F₁ − F₂| over the pooled values, ECDFs taken with searchsorted side 'right'. */
export function kolmogorovSmirnovStatistic(first: Float64Array, second: Float64Array): number {
  const n1 = first.length;
  const n2 = second.length;
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && first[i] <= second[j]) ? first[i] : second[j];
    while (i < n1 && first[i] === value) i += 1;
    while (j < n2 && second[j] === value) j += 1;
    const difference = Math.abs(i / n1 - j / n2);
    if (difference > largest) largest = difference;
  }
  return largest;
}

/** P(D_{n,n} ≥ h/n) by the alternating Horner scheme of scipy `_compute_prob_outside_square`. */
function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k -= 1) {
    let term = 1;
    for (let j = 0; j < h; j += 1) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/**
 * The share of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm, by
 * the 1−p recursion of scipy's pythran `_compute_outer_prob_inside_method` (Viehmann 2021),
 * keeping one sliding column.
 */
function probabilityOutsideBand(first: number, second: number, g: number, h: number): number {
  const m = Math.max(first, second);
  const n = Math.min(first, second);
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i += 1) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let offset = 0; offset < maxJ - minJ; offset += 1) {
      const j = offset + minJ;
      value = (column[offset + minJ - lastMinJ] * i + value * j) / (i + j);
      column[offset] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1];
}

/**
 * scipy `_attempt_exact_2kssamp`, two-sided. Like scipy it snaps D to the lattice (h/lcm) and
 * reports that value; pValue is null where scipy would fall back to the asymptotic formula.
 */
export function exactKolmogorovSmirnovPValue(n1: number, n2: number, statistic: number): { statistic: number; pValue: number | null } {
  const g = greatestCommonDivisor(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(statistic * lcm);
  const snapped = h / lcm;
  if (h === 0) return { statistic: snapped, pValue: 1 };
  const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  return { statistic: snapped, pValue: p >= 0 && p <= 1 ? p : null };
}

export function asymptoticKolmogorovSmirnovPValue(n1: number, n2: number, statistic: number): number {
  const effective = (n1 * n2) / (n1 + n2);
  // np.round is half-to-even; an effective size ending in exactly .5 is the only place it differs.
  const rounded = Math.abs(effective - Math.trunc(effective) - 0.5) < 1e-12 ? 2 * Math.round(effective / 2) : Math.round(effective);
  return kolmogorovSurvival(rounded, statistic);
}

export function kolmogorovSmirnov(first: Float64Array, second: Float64Array): KolmogorovSmirnovResult {
  if (first.length === 0 || second.length === 0) throw new RangeError('Kolmogorov–Smirnov needs two non-empty samples.');
  let statistic = kolmogorovSmirnovStatistic(first, second);
  const n1 = first.length;
  const n2 = second.length;
  if (Math.max(n1, n2) <= maximumExactSize) {
    const exact = exactKolmogorovSmirnovPValue(n1, n2, statistic);
    if (exact.pValue !== null) return { statistic: exact.statistic, pValue: exact.pValue, method: 'exact' };
    statistic = exact.statistic;
  }
  return { statistic, pValue: Math.min(1, Math.max(0, asymptoticKolmogorovSmirnovPValue(n1, n2, statistic))), method: 'asymptotic' };
}
