// Distances between two empirical distributions from their sorted samples: Wasserstein-1 and
// energy distance as scipy `_cdf_distance` computes them (∫|F₁ − F₂|^p over the pooled values),
// in one merge pass instead of scipy's concatenate + sort + two searchsorted.

/** ∫|F₁ − F₂|^power dx, F the ECDFs; power 1 or 2. Inputs sorted, NaN-free, non-empty. */
function cdfDistance(first: Float64Array, second: Float64Array, power: 1 | 2): number {
  const n1 = first.length;
  const n2 = second.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let previous = Math.min(first[0], second[0]);
  // After consuming every value ≤ x, F's are i/n1 and j/n2 until the next pooled value.
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && first[i] <= second[j]) ? first[i] : second[j];
    const difference = Math.abs(i / n1 - j / n2);
    sum += (power === 1 ? difference : difference * difference) * (value - previous);
    previous = value;
    while (i < n1 && first[i] === value) i += 1;
    while (j < n2 && second[j] === value) j += 1;
  }
  return power === 1 ? sum : Math.sqrt(sum);
}

/** scipy.stats.wasserstein_distance(u, v) with unit weights. */
export function wassersteinDistance(first: Float64Array, second: Float64Array): number {
  return cdfDistance(first, second, 1);
}

/** scipy.stats.energy_distance(u, v) = √2 · ‖F₁ − F₂‖₂. Not scale-free, as Evidently uses it. */
export function energyDistance(first: Float64Array, second: Float64Array): number {
  return Math.SQRT2 * cdfDistance(first, second, 2);
}

/** Population mean and standard deviation (numpy mean, std with ddof 0), two passes. */
export function meanAndDeviation(values: Float64Array): { mean: number; deviation: number } {
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) sum += values[index];
  const mean = sum / values.length;
  let squares = 0;
  for (let index = 0; index < values.length; index += 1) {
    const delta = values[index] - mean;
    squares += delta * delta;
  }
  return { mean, deviation: Math.sqrt(squares / values.length) };
}

/**
 * Evidently `wasserstein` (stattests/wasserstein_distance_norm.py): W₁ divided by the
 * reference's population std, floored at 0.001 so a constant reference does not divide by 0.
 */
export function normedWasserstein(reference: Float64Array, current: Float64Array, referenceDeviation = meanAndDeviation(reference).deviation): number {
  return wassersteinDistance(reference, current) / Math.max(referenceDeviation, 0.001);
}
