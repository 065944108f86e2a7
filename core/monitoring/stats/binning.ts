// The binned view of a pair of samples that PSI, KL and Jensen–Shannon compare, reproducing
// Evidently `stattests/utils.py::get_binned_data` and the numpy calls under it
// (histogram_bin_edges(bins='sturges'), histogram) exactly, so bin shares match to the last bit.

/** Per-key counts of both sides over the union of their keys (one bin per distinct value). */
export interface CategoryPair {
  type: 'cat';
  keys: (string | number)[];
  reference: Float64Array;
  current: Float64Array;
  referenceTotal: number;
  currentTotal: number;
}

/** Both sides of a numerical column, NaN removed and sorted ascending. */
export interface NumericPair {
  type: 'num';
  reference: Float64Array;
  current: Float64Array;
}

/** Index of the first element ≥ value (numpy searchsorted side 'left'). */
export function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * numpy histogram_bin_edges(x, 'sturges') for data spanning [low, high] with `count` values.
 * numpy 1.24 takes the width from the data's ptp, so a constant sample gets one bin around it.
 */
export function sturgesEdges(low: number, high: number, count: number): Float64Array {
  const width = (high - low) / (Math.log2(count) + 1);
  let first = low;
  let last = high;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const binCount = width ? Math.ceil((last - first) / width) : 1;
  // np.linspace: start + i·step, with the last edge set to stop exactly.
  const step = (last - first) / binCount;
  const edges = new Float64Array(binCount + 1);
  for (let index = 0; index < binCount; index += 1) edges[index] = index * step + first;
  edges[binCount] = last;
  return edges;
}

/** np.histogram counts of a sorted sample: bins [eᵢ, eᵢ₊₁), the last one closed. */
export function histogramOfSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const binCount = edges.length - 1;
  const counts = new Float64Array(binCount);
  let start = lowerBound(sorted, edges[0]);
  for (let bin = 0; bin < binCount; bin += 1) {
    const end = bin === binCount - 1 ? upperBound(sorted, edges[binCount]) : lowerBound(sorted, edges[bin + 1]);
    counts[bin] = end - start;
    start = end;
  }
  return counts;
}

function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Distinct values of both sorted samples with their counts on each side. */
export function distinctValueCounts(pair: NumericPair): CategoryPair {
  const { reference, current } = pair;
  const keys: number[] = [];
  const referenceCounts: number[] = [];
  const currentCounts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < reference.length || j < current.length) {
    const value = j >= current.length || (i < reference.length && reference[i] <= current[j]) ? reference[i] : current[j];
    const startI = i;
    const startJ = j;
    while (i < reference.length && reference[i] === value) i += 1;
    while (j < current.length && current[j] === value) j += 1;
    keys.push(value);
    referenceCounts.push(i - startI);
    currentCounts.push(j - startJ);
  }
  return {
    type: 'cat',
    keys,
    reference: Float64Array.from(referenceCounts),
    current: Float64Array.from(currentCounts),
    referenceTotal: reference.length,
    currentTotal: current.length,
  };
}

/** Distinct values of r ∪ c from the sorted samples, counting no further than `limit`. */
export function countDistinctPooled(first: Float64Array, second: Float64Array, limit = Infinity): number {
  let i = 0;
  let j = 0;
  let distinct = 0;
  while ((i < first.length || j < second.length) && distinct < limit) {
    const value = j >= second.length || (i < first.length && first[i] <= second[j]) ? first[i] : second[j];
    while (i < first.length && first[i] === value) i += 1;
    while (j < second.length && second[j] === value) j += 1;
    distinct += 1;
  }
  return distinct;
}

export function countDistinctSorted(sorted: Float64Array): number {
  let distinct = 0;
  for (let index = 0; index < sorted.length; index += 1) if (index === 0 || sorted[index] !== sorted[index - 1]) distinct += 1;
  return distinct;
}

/** Shares per bin of each side (Evidently's reference_percents / current_percents). */
export interface BinnedShares {
  reference: Float64Array;
  current: Float64Array;
}

/**
 * Evidently get_binned_data: a numerical column whose REFERENCE has more than 20 distinct values
 * gets Sturges bins over both samples; anything else one bin per distinct value of r ∪ c.
 * `referenceDistinct` lets a cached reference profile skip the recount.
 */
export function binnedShares(pair: NumericPair | CategoryPair, fillZeros: boolean, referenceDistinct?: number): BinnedShares {
  let referenceCounts: Float64Array;
  let currentCounts: Float64Array;
  let referenceTotal: number;
  let currentTotal: number;
  if (pair.type === 'num' && (referenceDistinct ?? countDistinctSorted(pair.reference)) > 20) {
    const { reference, current } = pair;
    const low = Math.min(reference[0], current[0]);
    const high = Math.max(reference[reference.length - 1], current[current.length - 1]);
    const edges = sturgesEdges(low, high, reference.length + current.length);
    referenceCounts = histogramOfSorted(reference, edges);
    currentCounts = histogramOfSorted(current, edges);
    referenceTotal = reference.length;
    currentTotal = current.length;
  } else {
    const counts = pair.type === 'num' ? distinctValueCounts(pair) : pair;
    referenceCounts = counts.reference;
    currentCounts = counts.current;
    referenceTotal = counts.referenceTotal;
    currentTotal = counts.currentTotal;
  }
  const reference = referenceCounts.map((count) => count / referenceTotal);
  const current = currentCounts.map((count) => count / currentTotal);
  if (fillZeros) {
    fillEmptyBins(reference);
    fillEmptyBins(current);
  }
  return { reference, current };
}

/** Evidently's empty-bin rule: zeros become min(non-zero)/1e6 if that min ≤ 1e-4, else 1e-4. */
function fillEmptyBins(shares: Float64Array): void {
  let smallest = Infinity;
  for (const share of shares) if (share !== 0 && share < smallest) smallest = share;
  const fill = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
  for (let index = 0; index < shares.length; index += 1) if (shares[index] === 0) shares[index] = fill;
}
