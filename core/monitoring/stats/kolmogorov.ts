// The distribution of the two-sided one-sample Kolmogorov statistic D_n, ported from scipy
// `stats/_ksstats.py::_kolmogn` (Simard & L'Ecuyer's choice of algorithm by n and x), because
// ks_2samp's asymptotic branch is `kstwo.sf(D, round(n·m/(n+m)))` and its p-value must match.
import { logBinomial } from './special-functions.js';

const scale128 = 2 ** 128;
const inverseScale128 = 2 ** -128;
const logTwoPi = Math.log(2 * Math.PI);
const stirlingCoefficients = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clipProbability(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** ln(n!/nⁿ) by Stirling with n·ln n removed up front (scipy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const inverse = 1 / n;
  let polynomial = 0;
  for (const coefficient of stirlingCoefficients) polynomial = polynomial * (inverse / n) + coefficient;
  return Math.log(n) / 2 - n + logTwoPi / 2 + inverse * polynomial;
}

/**
 * scipy.special.smirnov(n, x) = P(D⁺_n ≥ x), by the Birnbaum–Tingey sum. Every term is
 * positive, so summing them in log space is accurate; cephes computes the same sum.
 */
export function smirnovSurvival(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const last = Math.floor(n * (1 - x));
  const logs = new Float64Array(last + 1);
  let largest = -Infinity;
  for (let j = 0; j <= last; j += 1) {
    const gap = 1 - x - j / n;
    const logTerm =
      logBinomial(n, j) + (n - j === 0 ? 0 : gap <= 0 ? -Infinity : (n - j) * Math.log(gap)) + (j - 1) * Math.log(x + j / n);
    logs[j] = logTerm;
    if (logTerm > largest) largest = logTerm;
  }
  let sum = 0;
  for (let j = 0; j <= last; j += 1) sum += Math.exp(logs[j] - largest);
  return clipProbability(x * sum * Math.exp(largest));
}

function multiply(left: Float64Array, right: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const product = new Float64Array(size * size);
  for (let row = 0; row < size; row += 1) {
    for (let middle = 0; middle < size; middle += 1) {
      const value = left[row * size + middle];
      if (value === 0) continue;
      for (let column = 0; column < size; column += 1) product[row * size + column] += value * right[middle * size + column];
    }
  }
  return product;
}

/** Pr(D_n ≤ d) by the Durbin matrix (Marsaglia–Tsang–Wang), as scipy `_kolmogn_DMTW`. */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j += 1) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * factorial;
  let matrix = new Float64Array(m * m);
  for (let column = 1; column < m; column += 1) {
    for (let row = column - 1; row < m; row += 1) matrix[row * m + column] = w[row - column + 1];
  }
  for (let row = 0; row < m; row += 1) matrix[row * m] = v[row];
  for (let column = 0; column < m; column += 1) matrix[(m - 1) * m + column] = v[m - 1 - column];

  let power = new Float64Array(m * m);
  for (let index = 0; index < m; index += 1) power[index * m + index] = 1;
  let exponent = 0;
  let matrixExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, matrix, m);
      exponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[(k - 1) * m + (k - 1)]) > scale128) {
      for (let index = 0; index < matrix.length; index += 1) matrix[index] /= scale128;
      matrixExponent += 128;
    }
  }
  let p = power[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i += 1) {
    p = (i * p) / n;
    if (Math.abs(p) < inverseScale128) {
      p *= scale128;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p *= 2 ** exponent;
  return clipProbability(p);
}

/** Pelz–Good asymptotic expansion of Pr(D_n ≤ x), term for term as scipy `_kolmogn_PelzGood`. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const zSquared = z * z;
  const zThree = zSquared * z;
  const zFour = zSquared * zSquared;
  const zSix = zFour * zSquared;
  const piSquared = Math.PI ** 2;
  const piFour = Math.PI ** 4;
  const piSix = Math.PI ** 6;
  const logQ = -piSquared / 8 / zSquared;
  if (logQ < -708) return 0;
  let q = Math.exp(logQ);
  const k1a = -zSquared;
  const k1b = piSquared / 4;
  const k2a = 6 * zSix + 2 * zFour;
  const k2b = ((2 * zFour - 5 * zSquared) * piSquared) / 4;
  const k2c = (piFour * (1 - 2 * zSquared)) / 16;
  const k3d = (piSix * (5 - 30 * zSquared)) / 64;
  const k3c = (piFour * (-60 * zSquared + 212 * zFour)) / 16;
  const k3b = (piSquared * (135 * zFour - 96 * zSix)) / 4;
  const k3a = -30 * zSix - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k -= 1) {
    const m = 2 * k - 1;
    const mSquared = m * m;
    const mFour = mSquared * mSquared;
    const mSix = mFour * mSquared;
    const qPower = q ** (8 * k);
    const coefficients = [1, k1a + k1b * mSquared, k2a + k2b * mSquared + k2c * mFour, k3a + k3b * mSquared + k3c * mFour + k3d * mSix];
    for (let index = 0; index < 4; index += 1) terms[index] = terms[index] * qPower + coefficients[index];
  }
  const sqrtTwoPi = Math.sqrt(2 * Math.PI);
  const divisors = [z, 6 * zFour, 72 * z ** 7, 6480 * z ** 10];
  for (let index = 0; index < 4; index += 1) terms[index] = (terms[index] * q * sqrtTwoPi) / divisors[index];
  q = Math.exp(-piSquared / 2 / zSquared);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxK; k > 0; k -= 1) {
    const kSquared = k * k;
    const qPower = q ** kSquared;
    k2extra += kSquared * qPower;
    const kPi = Math.PI * k;
    k3extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * qPower;
  }
  terms[2] += (k2extra * piSquared * sqrtTwoPi) / (-36 * zThree);
  terms[3] += (k3extra * piSquared * sqrtTwoPi) / (216 * zSix);
  let sum = 0;
  for (let index = 0; index < 4; index += 1) sum += terms[index] / n ** (index / 2);
  return sum;
}

/**
 * scipy.stats.kstwo.sf(x, n): P(D_n > x). Follows `_kolmogn(n, x, cdf=False)` branch by branch;
 * where scipy uses Pomeranz's recursion (n ≤ 140, 0.754693 < n·x² ≤ 4) we use the Durbin
 * matrix instead: both are exact algorithms for the same probability.
 */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i += 1) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) return clipProbability(2 * (1 - x) ** n);
  if (x >= 0.5) return clipProbability(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 4) return clipProbability(1 - durbinMatrixCdf(n, x));
    return clipProbability(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clipProbability(2 * smirnovSurvival(n, x));
  const cdf = nxSquared >= 18 ? 1 : n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clipProbability(1 - cdf);
}
