// Divergences between binned distributions, as Evidently's stattests compute them: PSI, KL
// (scipy entropy), Jensen–Shannon (scipy jensenshannon, natural log), Hellinger and total
// variation distance with its permutation p-value.
import { binnedShares, countDistinctPooled, histogramOfSorted, sturgesEdges, type CategoryPair, type NumericPair } from './binning.js';

/** Evidently `psi`: Σ (r − c)·ln(r/c) over the filled bins. */
export function populationStabilityIndex(pair: NumericPair | CategoryPair, referenceDistinct?: number): number {
  const { reference, current } = binnedShares(pair, true, referenceDistinct);
  let sum = 0;
  for (let index = 0; index < reference.length; index += 1) sum += (reference[index] - current[index]) * Math.log(reference[index] / current[index]);
  return sum;
}

function total(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

/** scipy rel_entr(x, y): x·ln(x/y), 0 at x = 0, ∞ where y = 0 < x. */
function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** Evidently `kl_div`: scipy entropy(r, c), which renormalises both filled vectors to sum 1. */
export function kullbackLeiblerDivergence(pair: NumericPair | CategoryPair, referenceDistinct?: number): number {
  const { reference, current } = binnedShares(pair, true, referenceDistinct);
  const referenceSum = total(reference);
  const currentSum = total(current);
  let sum = 0;
  for (let index = 0; index < reference.length; index += 1) sum += relativeEntropy(reference[index] / referenceSum, current[index] / currentSum);
  return sum;
}

/** Evidently `jensenshannon`: scipy jensenshannon(r, c) on unfilled bins, natural log. */
export function jensenShannonDistance(pair: NumericPair | CategoryPair, referenceDistinct?: number): number {
  const { reference, current } = binnedShares(pair, false, referenceDistinct);
  const referenceSum = total(reference);
  const currentSum = total(current);
  let left = 0;
  let right = 0;
  for (let index = 0; index < reference.length; index += 1) {
    const p = reference[index] / referenceSum;
    const q = current[index] / currentSum;
    const middle = (p + q) / 2;
    left += relativeEntropy(p, middle);
    right += relativeEntropy(q, middle);
  }
  return Math.sqrt((left + right) / 2);
}

/**
 * Evidently `hellinger`. Categorical: shares over each side's size. Numerical: Sturges edges
 * over the DISTINCT values of r ∪ c, density histograms (np.histogram density=True) and the
 * mean bin width, clipped as Evidently does.
 */
export function hellingerDistance(pair: NumericPair | CategoryPair): number {
  if (pair.type === 'cat') {
    let affinity = 0;
    for (let index = 0; index < pair.keys.length; index += 1) {
      affinity += Math.sqrt((pair.reference[index] / pair.referenceTotal) * (pair.current[index] / pair.currentTotal));
    }
    return Math.sqrt(1 - Math.min(1, Math.max(0, affinity)));
  }
  const { reference, current } = pair;
  const distinct = countDistinctPooled(reference, current);
  const low = Math.min(reference[0], current[0]);
  const high = Math.max(reference[reference.length - 1], current[current.length - 1]);
  const edges = sturgesEdges(low, high, distinct);
  const referenceDensity = density(histogramOfSorted(reference, edges), edges);
  const currentDensity = density(histogramOfSorted(current, edges), edges);
  const width = (edges[edges.length - 1] - edges[0]) / (edges.length - 1);
  let affinity = 0;
  for (let index = 0; index < referenceDensity.length; index += 1) affinity += Math.sqrt(referenceDensity[index] * currentDensity[index]);
  return Math.sqrt(1 - Math.min(1, Math.max(0, affinity * width)));
}

function density(counts: Float64Array, edges: Float64Array): Float64Array {
  const sum = total(counts);
  return counts.map((count, index) => count / (edges[index + 1] - edges[index]) / sum);
}

/** ½ Σ |p_r − p_c| over the union of keys. */
export function totalVariationDistance(pair: CategoryPair): number {
  let sum = 0;
  for (let index = 0; index < pair.keys.length; index += 1) {
    sum += Math.abs(pair.reference[index] / pair.referenceTotal - pair.current[index] / pair.currentTotal);
  }
  return sum / 2;
}

/** A small seeded generator (mulberry32) so a permutation p-value is reproducible run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Evidently `TVD`: the p-value of a 1000-draw permutation test (pool, draw n_r without
 * replacement as the reference). Evidently seeds numpy with 0, which a JS generator cannot
 * reproduce, so this p-value is only statistically comparable to Evidently's.
 */
export function totalVariationPermutationTest(pair: CategoryPair, iterations = 1000, seed = 0): { statistic: number; pValue: number } {
  const statistic = totalVariationDistance(pair);
  const categoryCount = pair.keys.length;
  const pool = new Int32Array(pair.referenceTotal + pair.currentTotal);
  let position = 0;
  for (let key = 0; key < categoryCount; key += 1) {
    const count = pair.reference[key] + pair.current[key];
    pool.fill(key, position, position + count);
    position += count;
  }
  const random = seededRandom(seed);
  const referenceCounts = new Float64Array(categoryCount);
  const currentCounts = new Float64Array(categoryCount);
  let atLeast = 0;
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    referenceCounts.fill(0);
    // Partial Fisher–Yates: the first n_r slots become a uniform draw without replacement.
    for (let index = 0; index < pair.referenceTotal; index += 1) {
      const swap = index + Math.floor(random() * (pool.length - index));
      const chosen = pool[swap];
      pool[swap] = pool[index];
      pool[index] = chosen;
      referenceCounts[chosen] += 1;
    }
    for (let key = 0; key < categoryCount; key += 1) currentCounts[key] = pair.reference[key] + pair.current[key] - referenceCounts[key];
    const permuted = totalVariationDistance({ ...pair, reference: referenceCounts, current: currentCounts });
    if (permuted >= statistic) atLeast += 1;
  }
  return { statistic, pValue: atLeast / iterations };
}
