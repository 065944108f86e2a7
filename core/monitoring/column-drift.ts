// One column's drift: prepare the current side as Evidently does (drop NaN/±inf), pick the test
// and threshold, run it once, and keep only aggregated histograms for the report and plots.
import type { Column } from '../datasets/table.js';
import { isNumericColumn } from '../datasets/table.js';
import { categoryCounts, sortedFiniteValues, type CategoricalProfile, type ColumnProfile, type NumericProfile } from './reference-profile.js';
import { countDistinctPooled, distinctValueCounts, histogramOfSorted, type CategoryPair, type NumericPair } from './stats/binning.js';
import { energyDistance, normedWasserstein } from './stats/distances.js';
import { hellingerDistance, jensenShannonDistance, kullbackLeiblerDivergence, populationStabilityIndex, totalVariationPermutationTest } from './stats/divergences.js';
import { kolmogorovSmirnov } from './stats/kolmogorov-smirnov.js';
import { chiSquareTest, twoProportionZTest } from './stats/proportion-tests.js';
import { andersonDarling, cramerVonMises, mannWhitneyU } from './stats/rank-tests.js';
import { studentTTest } from './stats/t-test.js';
import { isDrifted, resolveDriftTest, type DriftColumnType, type DriftOperator, type DriftSettings, type DriftTestId, type TestKind } from './test-selection.js';

/** Evidently's small_distribution: categories with counts, or 10 density bins with 11 edges. */
export interface SmallDistribution {
  x: (string | number)[];
  y: number[];
}

export interface ColumnDrift {
  column: string;
  type: DriftColumnType;
  test: DriftTestId;
  stattestName: string;
  kind: TestKind;
  operator: DriftOperator;
  threshold: number;
  score: number;
  drifted: boolean;
  referenceSize: number;
  currentSize: number;
  reference: SmallDistribution;
  current: SmallDistribution;
  /** Shared-edge histogram (≤ 50 bins) for overlay plots; numerical columns only. */
  overlay?: { edges: number[]; reference: number[]; current: number[] };
  warnings: string[];
}

export interface SkippedColumn {
  column: string;
  skipped: string;
}

export type ColumnDriftOutcome = ColumnDrift | SkippedColumn;

const overlayBins = 50;

function linearEdges(low: number, high: number, bins: number): Float64Array {
  let first = low;
  let last = high;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (last - first) / bins;
  for (let index = 0; index < bins; index += 1) edges[index] = index * step + first;
  edges[bins] = last;
  return edges;
}

/** np.histogram(values, bins=10, density=True) on the side's own range. */
function numericSmallDistribution(sorted: Float64Array): SmallDistribution {
  const edges = linearEdges(sorted[0], sorted[sorted.length - 1], 10);
  const counts = histogramOfSorted(sorted, edges);
  return { x: Array.from(edges), y: Array.from(counts, (count, index) => count / (edges[index + 1] - edges[index]) / sorted.length) };
}

function runNumericTest(test: DriftTestId, pair: NumericPair, profile: NumericProfile, warnings: string[]): number {
  switch (test) {
    case 'ks':
      return kolmogorovSmirnov(pair.reference, pair.current).pValue;
    case 'wasserstein':
      return normedWasserstein(pair.reference, pair.current, profile.deviation);
    case 'ed':
      return energyDistance(pair.reference, pair.current);
    case 'anderson': {
      const result = andersonDarling(pair.reference, pair.current);
      if (result.warning) warnings.push(result.warning);
      return result.pValue;
    }
    case 'cramer_von_mises':
      return cramerVonMises(pair.reference, pair.current).pValue;
    // Evidently calls mannwhitneyu(reference, current, alternative="less") (drift-tests.md §4.2).
    case 'mannw':
      return mannWhitneyU(pair.reference, pair.current, 'less').pValue;
    case 't_test':
      return studentTTest(pair.reference, pair.current).pValue;
    case 'psi':
      return populationStabilityIndex(pair, profile.distinct);
    case 'kl_div':
      return kullbackLeiblerDivergence(pair, profile.distinct);
    case 'jensenshannon':
      return jensenShannonDistance(pair, profile.distinct);
    case 'hellinger':
      return hellingerDistance(pair);
    // chisquare, z and TVD run on per-value counts, which Evidently's default rule allows for low-cardinality numbers.
    default:
      return runCategoryTest(test, distinctValueCounts(pair), warnings);
  }
}

function runCategoryTest(test: DriftTestId, pair: CategoryPair, warnings: string[]): number {
  switch (test) {
    case 'chisquare': {
      const result = chiSquareTest(pair);
      if (result.statistic === Infinity) warnings.push('a category absent from the reference makes chi-square infinite (p = 0)');
      return result.pValue;
    }
    case 'z':
      return twoProportionZTest(pair).pValue;
    case 'TVD':
      return totalVariationPermutationTest(pair).pValue;
    case 'psi':
      return populationStabilityIndex(pair);
    case 'kl_div':
      return kullbackLeiblerDivergence(pair);
    case 'jensenshannon':
      return jensenShannonDistance(pair);
    case 'hellinger':
      return hellingerDistance(pair);
    default:
      throw new RangeError(`test '${test}' applies to numerical columns only`);
  }
}

function categoryPair(profile: CategoricalProfile, current: { categories: string[]; counts: Float64Array; total: number }): CategoryPair {
  const index = new Map<string, number>();
  const keys = [...profile.categories];
  keys.forEach((key, position) => index.set(key, position));
  for (const category of current.categories) if (!index.has(category)) index.set(category, keys.push(category) - 1);
  const reference = new Float64Array(keys.length);
  const currentCounts = new Float64Array(keys.length);
  profile.categories.forEach((category, position) => (reference[index.get(category)!] = profile.counts[position]));
  current.categories.forEach((category, position) => (currentCounts[index.get(category)!] = current.counts[position]));
  return { type: 'cat', keys, reference, current: currentCounts, referenceTotal: profile.total, currentTotal: current.total };
}

/** Evidently sorts categories by str(value) for small_distribution x. */
function categoricalSmallDistributions(pair: CategoryPair): { reference: SmallDistribution; current: SmallDistribution } {
  const order = pair.keys.map((_, index) => index).sort((left, right) => (String(pair.keys[left]) < String(pair.keys[right]) ? -1 : String(pair.keys[left]) > String(pair.keys[right]) ? 1 : 0));
  const x = order.map((index) => pair.keys[index]);
  return { reference: { x, y: order.map((index) => pair.reference[index]) }, current: { x, y: order.map((index) => pair.current[index]) } };
}

export function columnTypeOf(column: Column): DriftColumnType | 'datetime' {
  if (column.type === 'datetime') return 'datetime';
  if (column.type === 'text') return 'text';
  return isNumericColumn(column) ? 'num' : 'cat';
}

/** Compares one reference column profile with the same column of the current table. */
export function compareColumn(profile: ColumnProfile, current: Column, settings: DriftSettings = {}): ColumnDriftOutcome {
  const column = profile.name;
  if (profile.type === 'skipped') return { column, skipped: profile.reason };
  const currentType = columnTypeOf(current);
  if (currentType !== profile.type) throw new TypeError(`Column '${column}' is ${profile.type} in the reference but ${currentType} in the current data.`);
  const warnings: string[] = [];
  if (profile.type === 'num') {
    if (profile.sorted.length === 0) return { column, skipped: 'every reference value is missing' };
    const sorted = sortedFiniteValues((current as { values: Float64Array }).values);
    if (sorted.length === 0) return { column, skipped: 'every current value is missing' };
    const pair: NumericPair = { type: 'num', reference: profile.sorted, current: sorted };
    // The default rule only compares the count with 2 and 5, and the overlay caps it at 50.
    const unique = countDistinctPooled(profile.sorted, sorted, overlayBins + 1);
    const { definition, threshold } = resolveDriftTest(column, 'num', profile.sorted.length, unique, settings);
    let score: number;
    try {
      score = runNumericTest(definition.id, pair, profile, warnings);
    } catch (error) {
      return { column, skipped: `${definition.id}: ${(error as Error).message}` };
    }
    if (sorted.length < 30) warnings.push(`only ${sorted.length} current values: drift decisions on so few rows are unreliable`);
    const low = Math.min(profile.sorted[0], sorted[0]);
    const high = Math.max(profile.sorted[profile.sorted.length - 1], sorted[sorted.length - 1]);
    const edges = linearEdges(low, high, Math.min(overlayBins, unique));
    return {
      column,
      type: 'num',
      test: definition.id,
      stattestName: definition.name,
      kind: definition.kind,
      operator: definition.operator,
      threshold,
      score,
      drifted: isDrifted(score, definition, threshold),
      referenceSize: profile.sorted.length,
      currentSize: sorted.length,
      reference: numericSmallDistribution(profile.sorted),
      current: numericSmallDistribution(sorted),
      overlay: { edges: Array.from(edges), reference: Array.from(histogramOfSorted(profile.sorted, edges)), current: Array.from(histogramOfSorted(sorted, edges)) },
      warnings,
    };
  }
  if (profile.total === 0) return { column, skipped: 'every reference value is missing' };
  const currentCounts = categoryCounts((current as { codes: Int32Array }).codes, (current as { dictionary: string[] }).dictionary);
  if (currentCounts.total === 0) return { column, skipped: 'every current value is missing' };
  const pair = categoryPair(profile, currentCounts);
  const { definition, threshold } = resolveDriftTest(column, 'cat', profile.total, pair.keys.length, settings);
  let score: number;
  try {
    score = runCategoryTest(definition.id, pair, warnings);
  } catch (error) {
    return { column, skipped: `${definition.id}: ${(error as Error).message}` };
  }
  if (currentCounts.total < 30) warnings.push(`only ${currentCounts.total} current values: drift decisions on so few rows are unreliable`);
  return {
    column,
    type: 'cat',
    test: definition.id,
    stattestName: definition.name,
    kind: definition.kind,
    operator: definition.operator,
    threshold,
    score,
    drifted: isDrifted(score, definition, threshold),
    referenceSize: profile.total,
    currentSize: currentCounts.total,
    ...categoricalSmallDistributions(pair),
    warnings,
  };
}
