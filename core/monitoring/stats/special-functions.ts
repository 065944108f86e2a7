// The special functions behind the p-values: log-gamma, the regularised incomplete gamma and
// beta functions, the normal tail and a scaled Bessel K. scipy gets these from cephes/boost; we
// only need them to ~1e-13 relative so that p-values agree with scipy to well under 1e-6.

const lanczosG = 7;
const lanczosCoefficients = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0. Stirling's series above 10 (exact to rounding), Lanczos below. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  if (x > 10) {
    const inverse = 1 / x;
    const inverseSquared = inverse * inverse;
    const series = inverse * (1 / 12 - inverseSquared * (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared / 1188))));
    return (x - 0.5) * Math.log(x) - x + halfLogTwoPi + series;
  }
  const shifted = x - 1;
  let sum = lanczosCoefficients[0];
  for (let index = 1; index < lanczosG + 2; index += 1) sum += lanczosCoefficients[index] / (shifted + index);
  const t = shifted + lanczosG + 0.5;
  return halfLogTwoPi + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

const tiny = 1e-300;
const epsilon = 1e-16;

/** Regularised lower (P) and upper (Q) incomplete gamma, each computed where it is accurate. */
export function incompleteGamma(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const prefactor = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let step = 1; step < 10_000; step += 1) {
      term *= x / (a + step);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * epsilon) break;
    }
    const lower = sum * prefactor;
    return { lower, upper: 1 - lower };
  }
  // Lentz's continued fraction for Q (Numerical Recipes gcf).
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let step = 1; step < 10_000; step += 1) {
    const an = -step * (step - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) break;
  }
  const upper = prefactor * h;
  return { lower: 1 - upper, upper };
}

/** Survival function of χ² with `degrees` degrees of freedom (scipy chi2.sf / cephes chdtrc). */
export function chiSquareSurvival(statistic: number, degrees: number): number {
  if (Number.isNaN(statistic)) return Number.NaN;
  if (statistic === Infinity) return 0;
  return incompleteGamma(degrees / 2, statistic / 2).upper;
}

/** erfc(x) = Q(½, x²) for x ≥ 0, reflected below 0. */
export function complementaryErrorFunction(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - complementaryErrorFunction(-x);
  return incompleteGamma(0.5, x * x).upper;
}

/** Φ(z), the standard normal CDF (scipy norm.cdf). */
export function normalCdf(z: number): number {
  return 0.5 * complementaryErrorFunction(-z / Math.SQRT2);
}

/** 1 − Φ(z) without cancellation (scipy norm.sf). */
export function normalSurvival(z: number): number {
  return 0.5 * complementaryErrorFunction(z / Math.SQRT2);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const sum = a + b;
  const plus = a + 1;
  const minus = a - 1;
  let c = 1;
  let d = 1 - (sum * x) / plus;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m += 1) {
    const twoM = 2 * m;
    let aa = (m * (b - m) * x) / ((minus + twoM) * (a + twoM));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (sum + m) * x) / ((a + twoM) * (plus + twoM));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b). `complement` is 1 − x, passed separately so callers
 * with x close to 1 (a t-test with millions of rows) keep its digits.
 */
export function incompleteBeta(x: number, a: number, b: number, complement = 1 - x): number {
  if (x <= 0) return 0;
  if (complement <= 0) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(complement);
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, complement)) / b;
}

/** P(T > t) for Student's t with `degrees` degrees of freedom (scipy t.sf / stdtr). */
export function studentTSurvival(t: number, degrees: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  const tSquared = t * t;
  const tail = 0.5 * incompleteBeta(degrees / (degrees + tSquared), degrees / 2, 0.5, tSquared / (degrees + tSquared));
  return t > 0 ? tail : 1 - tail;
}

/**
 * e^{-x}·K_ν(x), the product scipy's `_cdf_cvm_inf` forms as `exp(-q) * kv(0.25, q)`. From K_ν(x) = ∫₀^∞ e^{-x cosh t} cosh(νt) dt,
 * integrated by the trapezoid rule, which converges geometrically for this smooth, fast-decaying
 * integrand; the step follows the integrand's width 1/√x.
 */
export function exponentiallyScaledBesselK(order: number, x: number): number {
  const step = Math.min(0.1, 0.5 / Math.sqrt(x));
  let sum = 0.5; // t = 0: e^{-x(cosh 0 − 1)}·cosh 0 = 1, half weight
  for (let index = 1; index < 100_000; index += 1) {
    const t = index * step;
    const term = Math.exp(-x * (Math.cosh(t) - 1)) * Math.cosh(order * t);
    sum += term;
    if (term < sum * 1e-18) break;
  }
  return sum * step * Math.exp(-2 * x);
}

export function greatestCommonDivisor(left: number, right: number): number {
  let a = Math.abs(left);
  let b = Math.abs(right);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Natural log of the binomial coefficient C(n, k). */
export function logBinomial(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
