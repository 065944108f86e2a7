// Column-aggregate expectations (reference §3 #15, #20–#25): one observed value per column, no
// `mostly`, and a missing statistic (empty or all-null column) fails with observed_value null,
// while map expectations pass vacuously on the same data (reference §4).
import type { Column } from '../../datasets/table.js';
import { isNumericColumn } from '../../datasets/table.js';
import type { Json, JsonObject } from '../model.js';
import { compareJson, ExpectationFailure, outputValue, pandasDtype, requireColumn, type ColumnCache, type Value } from './column-values.js';
import { boundFor, numberBounds, typedSet, withinBounds, type Bounds } from './kwargs.js';
import type { EvaluationOutcome, MapContext } from './map-expectations.js';
import { typeFamilyOfName } from './type-names.js';

type Interpolation = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';

/** numpy's quantile for one level; "nearest" rounds half to even, as numpy.around does. */
export function quantileOf(sorted: Float64Array, level: number, method: Interpolation): number {
  const position = (sorted.length - 1) * level;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  switch (method) {
    case 'lower':
      return sorted[below];
    case 'higher':
      return sorted[fraction === 0 ? below : above];
    case 'midpoint':
      return fraction === 0 ? sorted[below] : (sorted[below] + sorted[above]) / 2;
    case 'nearest': {
      const rounded = fraction === 0.5 ? (below % 2 === 0 ? below : above) : Math.round(position);
      return sorted[Math.min(rounded, sorted.length - 1)];
    }
    case 'linear':
      return fraction === 0 ? sorted[below] : sorted[below] + (sorted[above] - sorted[below]) * fraction;
  }
}

function numericStatistic(name: string, sorted: Float64Array): number | null {
  const count = sorted.length;
  if (count === 0) return null;
  if (name === 'median') return count % 2 === 1 ? sorted[(count - 1) / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
  // Pairwise-free but compensated (Kahan) sums keep mean/sum close to numpy's pairwise result.
  let sum = 0;
  let compensation = 0;
  for (let index = 0; index < count; index++) {
    const adjusted = sorted[index] - compensation;
    const next = sum + adjusted;
    compensation = next - sum - adjusted;
    sum = next;
  }
  if (name === 'sum') return sum;
  const mean = sum / count;
  if (name === 'mean') return mean;
  if (count < 2) return null;
  let squares = 0;
  for (let index = 0; index < count; index++) squares += (sorted[index] - mean) ** 2;
  return Math.sqrt(squares / (count - 1));
}

/** min/max keep the column's own kind: numbers, datetimes (as ISO strings), or strings. */
function extreme(column: Column, cache: ColumnCache, which: 'min' | 'max'): { compared: number | string | null; observed: Json } {
  const distinct = cache.distinct(column).values;
  if (distinct.length === 0) return { compared: null, observed: null };
  const value = which === 'min' ? distinct[0] : distinct[distinct.length - 1];
  const compared = typeof value === 'boolean' ? Number(value) : value;
  return { compared, observed: outputValue(column, value) };
}

function betweenOutcome(observed: Json, compared: number | string | null, bounds: Bounds, details?: JsonObject): EvaluationOutcome {
  // A missing or NaN statistic fails: GX's aggregate rule (#2726), the opposite of map expectations.
  const success = compared !== null && !(typeof compared === 'number' && Number.isNaN(compared)) && withinBounds(compared, bounds);
  const result: JsonObject = { observed_value: compared === null ? null : observed };
  if (details) result.details = details;
  return { success, result };
}

const statisticNames: Record<string, string> = {
  expect_column_min_to_be_between: 'min',
  expect_column_max_to_be_between: 'max',
  expect_column_mean_to_be_between: 'mean',
  expect_column_median_to_be_between: 'median',
  expect_column_stdev_to_be_between: 'stdev',
  expect_column_sum_to_be_between: 'sum',
};

function observedSet(column: Column, cache: ColumnCache): { values: Value[]; output: Json[]; counts: number[] } {
  const distinct = cache.distinct(column);
  return { values: distinct.values, output: distinct.values.map((value) => outputValue(column, value)), counts: distinct.counts };
}

function setOutcome(type: string, column: Column, cache: ColumnCache, kwargs: JsonObject): EvaluationOutcome {
  const expected = typedSet(column, kwargs.value_set);
  const observed = observedSet(column, cache);
  const present = new Set<Value>(observed.values);
  const observedInExpected = observed.values.every((value) => expected.has(value));
  const expectedInObserved = [...expected].every((value) => present.has(value));
  const success = type.endsWith('_in_set') ? observedInExpected : type.endsWith('_contain_set') ? expectedInObserved : observedInExpected && expectedInObserved;
  const counts = observed.output.map((value, index) => ({ value, count: observed.counts[index] }));
  return { success, result: { observed_value: observed.output, details: { value_counts: counts } } };
}

function mostCommon(column: Column, cache: ColumnCache, kwargs: JsonObject): EvaluationOutcome {
  const { values, counts } = cache.distinct(column);
  const highest = Math.max(0, ...counts);
  const modes = values.filter((_, index) => counts[index] === highest && highest > 0);
  const expected = typedSet(column, kwargs.value_set);
  const success = modes.length > 0 && (kwargs.ties_okay === true ? modes.some((mode) => expected.has(mode)) : modes.length === 1 && expected.has(modes[0]));
  return { success, result: { observed_value: modes.map((mode) => outputValue(column, mode)).sort(compareJson) } };
}

function quantiles(column: Column, cache: ColumnCache, kwargs: JsonObject): EvaluationOutcome {
  const ranges = kwargs.quantile_ranges as { quantiles: number[]; value_ranges: Array<[number | null, number | null]> };
  const relative = kwargs.allow_relative_error;
  const method: Interpolation = typeof relative === 'string' ? (relative as Interpolation) : 'nearest';
  const sorted = cache.sortedNumbers(column);
  if (sorted.length === 0) return { success: false, result: { observed_value: null } };
  const values = ranges.quantiles.map((level) => quantileOf(sorted, level, method));
  const verdicts = values.map((value, index) => withinBounds(value, { min: ranges.value_ranges[index][0], max: ranges.value_ranges[index][1], strictMin: false, strictMax: false }));
  return { success: verdicts.every(Boolean), result: { observed_value: { quantiles: ranges.quantiles, values }, details: { success_details: verdicts } } };
}

export const aggregateExpectationTypes = new Set([
  ...Object.keys(statisticNames),
  'expect_column_unique_value_count_to_be_between',
  'expect_column_proportion_of_unique_values_to_be_between',
  'expect_column_quantile_values_to_be_between',
  'expect_column_distinct_values_to_be_in_set',
  'expect_column_distinct_values_to_contain_set',
  'expect_column_distinct_values_to_equal_set',
  'expect_column_most_common_value_to_be_in_set',
  'expect_column_values_to_be_of_type',
  'expect_column_values_to_be_in_type_list',
]);

export function evaluateAggregate(type: string, context: MapContext): EvaluationOutcome {
  const { table, kwargs, cache } = context;
  const column = requireColumn(table, kwargs.column as string);
  const statistic = statisticNames[type];
  if (statistic === 'min' || statistic === 'max') {
    const { compared, observed } = extreme(column, cache, statistic);
    const bounds = { min: boundFor(column, kwargs.min_value), max: boundFor(column, kwargs.max_value), strictMin: kwargs.strict_min === true, strictMax: kwargs.strict_max === true };
    return betweenOutcome(observed, compared, bounds);
  }
  if (statistic) {
    if (!isNumericColumn(column) || column.type === 'datetime') throw new ExpectationFailure(`column '${column.name}' holds ${column.type} values; ${statistic} needs numbers`, { column: column.name });
    const value = numericStatistic(statistic, cache.sortedNumbers(column));
    return betweenOutcome(value, value, numberBounds(kwargs));
  }
  switch (type) {
    case 'expect_column_unique_value_count_to_be_between': {
      const { distinct } = cache.distinctCount(column);
      return betweenOutcome(distinct, distinct, numberBounds(kwargs));
    }
    case 'expect_column_proportion_of_unique_values_to_be_between': {
      const { distinct, nonNull } = cache.distinctCount(column);
      const proportion = nonNull === 0 ? null : distinct / nonNull;
      return betweenOutcome(proportion, proportion, numberBounds(kwargs));
    }
    case 'expect_column_quantile_values_to_be_between':
      return quantiles(column, cache, kwargs);
    case 'expect_column_most_common_value_to_be_in_set':
      return mostCommon(column, cache, kwargs);
    case 'expect_column_values_to_be_of_type':
    case 'expect_column_values_to_be_in_type_list': {
      // GX on pandas checks the dtype for non-object columns and reports it as observed_value.
      const dtype = pandasDtype(column, cache);
      const names = type.endsWith('_of_type') ? [kwargs.type_ as string] : (kwargs.type_list as string[]);
      return { success: names.some((name) => typeFamilyOfName(name) === typeFamilyOfName(dtype)), result: { observed_value: dtype } };
    }
    default:
      return setOutcome(type, column, cache, kwargs);
  }
}

