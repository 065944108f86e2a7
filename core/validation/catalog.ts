// Which expectation types we know, their kind, and the kwargs each accepts (reference §2–§3).
// Suite reading checks kwargs against this table so a typo is named with its JSON path when the
// suite is loaded, not discovered halfway through a validation run.
import type { Json, JsonObject } from './model.js';

export type ExpectationKind = 'map' | 'aggregate' | 'table' | 'multicolumn' | 'pair';

type KwargKind =
  | 'column'
  | 'columns'
  | 'number'
  | 'count'
  | 'bound'
  | 'boolean'
  | 'optionalBoolean'
  | 'string'
  | 'strings'
  | 'valueSet'
  | 'mostly'
  | 'quantileRanges'
  | 'interpolation'
  | 'matchOn'
  | 'multicolumnIgnore'
  | 'pairIgnore';

interface ExpectationSpec {
  kind: ExpectationKind;
  required: Record<string, KwargKind>;
  optional: Record<string, KwargKind>;
  /** Rules between kwargs (GX raises these when the configuration is built). */
  crossCheck?: (kwargs: JsonObject) => string | null;
}

const bounds = { min_value: 'bound', max_value: 'bound', strict_min: 'boolean', strict_max: 'boolean' } as const;
const mapOptional = { mostly: 'mostly', row_condition: 'string', condition_parser: 'string' } as const;
const aggregateOptional = { row_condition: 'string', condition_parser: 'string' } as const;

function boundsCheck(kwargs: JsonObject): string | null {
  const min = kwargs.min_value ?? null;
  const max = kwargs.max_value ?? null;
  if (min === null && max === null) return 'min_value and max_value cannot both be null';
  if (typeof min === 'number' && typeof max === 'number' && min > max) return `min_value (${min}) is greater than max_value (${max})`;
  if (typeof min === 'string' && typeof max === 'string' && min > max) return `min_value ('${min}') is greater than max_value ('${max}')`;
  return null;
}

/** Aggregates may leave both bounds open (reference §3 #20): only the order is checked. */
function orderCheck(kwargs: JsonObject): string | null {
  const message = boundsCheck(kwargs);
  return message?.startsWith('min_value and max_value cannot') ? null : message;
}

function columnMap(required: Record<string, KwargKind> = {}, optional: Record<string, KwargKind> = {}, crossCheck?: ExpectationSpec['crossCheck']): ExpectationSpec {
  return { kind: 'map', required: { column: 'column', ...required }, optional: { ...mapOptional, ...optional }, crossCheck };
}

function columnAggregate(required: Record<string, KwargKind> = {}, optional: Record<string, KwargKind> = {}, crossCheck?: ExpectationSpec['crossCheck']): ExpectationSpec {
  return { kind: 'aggregate', required: { column: 'column', ...required }, optional: { ...aggregateOptional, ...optional }, crossCheck };
}

const statisticBetween = columnAggregate({}, bounds, orderCheck);
const tableBetween: ExpectationSpec = { kind: 'table', required: {}, optional: bounds, crossCheck: orderCheck };
const tableEqual: ExpectationSpec = { kind: 'table', required: { value: 'count' }, optional: {} };
const pairOptional = { mostly: 'mostly', ignore_row_if: 'pairIgnore', row_condition: 'string', condition_parser: 'string' } as const;
const multicolumnOptional = { mostly: 'mostly', ignore_row_if: 'multicolumnIgnore', row_condition: 'string', condition_parser: 'string' } as const;

export const expectationCatalog: Record<string, ExpectationSpec> = {
  expect_column_values_to_not_be_null: columnMap(),
  expect_column_values_to_be_null: columnMap(),
  expect_column_values_to_be_between: columnMap({}, bounds, boundsCheck),
  expect_column_values_to_be_in_set: columnMap({ value_set: 'valueSet' }),
  expect_column_values_to_not_be_in_set: columnMap({ value_set: 'valueSet' }),
  expect_column_values_to_match_regex: columnMap({ regex: 'string' }),
  expect_column_values_to_not_match_regex: columnMap({ regex: 'string' }),
  expect_column_values_to_match_regex_list: columnMap({ regex_list: 'strings' }, { match_on: 'matchOn' }),
  expect_column_values_to_not_match_regex_list: columnMap({ regex_list: 'strings' }),
  expect_column_values_to_match_like_pattern: columnMap({ like_pattern: 'string' }),
  expect_column_values_to_not_match_like_pattern: columnMap({ like_pattern: 'string' }),
  expect_column_values_to_match_like_pattern_list: columnMap({ like_pattern_list: 'strings' }, { match_on: 'matchOn' }),
  expect_column_values_to_not_match_like_pattern_list: columnMap({ like_pattern_list: 'strings' }),
  expect_column_values_to_be_unique: columnMap(),
  expect_column_value_lengths_to_be_between: columnMap({}, bounds, boundsCheck),
  expect_column_value_lengths_to_equal: columnMap({ value: 'count' }),
  expect_column_values_to_be_of_type: columnMap({ type_: 'string' }),
  expect_column_values_to_be_in_type_list: columnMap({ type_list: 'strings' }),
  expect_column_values_to_be_increasing: columnMap({}, { strictly: 'boolean' }),
  expect_column_values_to_be_decreasing: columnMap({}, { strictly: 'boolean' }),
  expect_compound_columns_to_be_unique: { kind: 'multicolumn', required: { column_list: 'columns' }, optional: multicolumnOptional },
  expect_select_column_values_to_be_unique_within_record: { kind: 'multicolumn', required: { column_list: 'columns' }, optional: multicolumnOptional },
  expect_multicolumn_sum_to_equal: { kind: 'multicolumn', required: { column_list: 'columns', sum_total: 'number' }, optional: multicolumnOptional },
  expect_column_pair_values_a_to_be_greater_than_b: { kind: 'pair', required: { column_A: 'column', column_B: 'column' }, optional: { ...pairOptional, or_equal: 'optionalBoolean' } },
  expect_column_pair_values_to_be_equal: { kind: 'pair', required: { column_A: 'column', column_B: 'column' }, optional: pairOptional },
  expect_column_min_to_be_between: statisticBetween,
  expect_column_max_to_be_between: statisticBetween,
  expect_column_mean_to_be_between: statisticBetween,
  expect_column_median_to_be_between: statisticBetween,
  expect_column_stdev_to_be_between: statisticBetween,
  expect_column_sum_to_be_between: statisticBetween,
  expect_column_unique_value_count_to_be_between: statisticBetween,
  expect_column_proportion_of_unique_values_to_be_between: statisticBetween,
  expect_column_quantile_values_to_be_between: columnAggregate({ quantile_ranges: 'quantileRanges' }, { allow_relative_error: 'interpolation' }),
  expect_column_distinct_values_to_be_in_set: columnAggregate({ value_set: 'valueSet' }),
  expect_column_distinct_values_to_contain_set: columnAggregate({ value_set: 'valueSet' }),
  expect_column_distinct_values_to_equal_set: columnAggregate({ value_set: 'valueSet' }),
  expect_column_most_common_value_to_be_in_set: columnAggregate({ value_set: 'valueSet' }, { ties_okay: 'optionalBoolean' }),
  expect_table_row_count_to_be_between: tableBetween,
  expect_table_row_count_to_equal: tableEqual,
  expect_table_column_count_to_be_between: tableBetween,
  expect_table_column_count_to_equal: tableEqual,
  expect_table_columns_to_match_set: { kind: 'table', required: { column_set: 'strings' }, optional: { exact_match: 'optionalBoolean' } },
  expect_table_columns_to_match_ordered_list: { kind: 'table', required: { column_list: 'strings' }, optional: {} },
  expect_column_to_exist: { kind: 'table', required: { column: 'column' }, optional: { column_index: 'count' } },
};

/** Known to GX and kept on round-trip, but not evaluated yet (reference §3 "Later"). */
export const laterExpectationTypes = new Set([
  'expect_column_values_to_match_strftime_format',
  'expect_column_kl_divergence_to_be_less_than',
  'expect_column_value_z_scores_to_be_less_than',
  'expect_column_values_to_be_json_parseable',
  'expect_column_values_to_be_dateutil_parseable',
  'expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than',
  'expect_column_chisquare_test_p_value_to_be_greater_than',
  'expect_column_bootstrapped_ks_test_p_value_to_be_greater_than',
  'expect_column_pair_cramers_phi_value_to_be_less_than',
]);

export const supportedExpectationTypes = Object.keys(expectationCatalog).sort();

/** Kwargs every expectation may carry (GX `expectations/expectation.py`), plus the echoed batch_id. */
const commonKwargs = new Set(['result_format', 'catch_exceptions', 'meta', 'notes', 'description', 'id', 'rendered_content', 'windows', 'batch_id']);

const interpolations = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

export function isSuiteParameter(value: Json | undefined): value is { $PARAMETER: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.$PARAMETER === 'string';
}

/** Why `value` is not a valid `kind`, or null. */
function kwargProblem(kind: KwargKind, value: Json): string | null {
  const isStringArray = (candidate: Json) => Array.isArray(candidate) && candidate.every((item) => typeof item === 'string');
  switch (kind) {
    case 'column':
      return typeof value === 'string' && value.length > 0 ? null : 'must be a non-empty column name';
    case 'columns':
      return isStringArray(value) && (value as string[]).length > 0 && (value as string[]).every((item) => item.length > 0) ? null : 'must be a non-empty list of column names';
    case 'number':
      return typeof value === 'number' ? null : 'must be a number';
    case 'count':
      return Number.isInteger(value) && (value as number) >= 0 ? null : 'must be a whole number ≥ 0';
    case 'bound':
      return value === null || typeof value === 'number' || typeof value === 'string' ? null : 'must be a number, a date string or null';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'optionalBoolean':
      return value === null || typeof value === 'boolean' ? null : 'must be true, false or null';
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'strings':
      return isStringArray(value) ? null : 'must be a list of strings';
    case 'valueSet':
      return Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object') ? null : 'must be a list of numbers, strings or booleans';
    case 'mostly':
      return typeof value === 'number' && value >= 0 && value <= 1 ? null : 'must be a number between 0 and 1';
    case 'interpolation':
      return typeof value === 'boolean' || (typeof value === 'string' && interpolations.includes(value)) ? null : `must be a boolean or one of ${interpolations.join(', ')}`;
    case 'matchOn':
      return value === 'any' || value === 'all' ? null : "must be 'any' or 'all'";
    case 'multicolumnIgnore':
      return value === 'all_values_are_missing' || value === 'any_value_is_missing' || value === 'never' ? null : "must be 'all_values_are_missing', 'any_value_is_missing' or 'never'";
    case 'pairIgnore':
      return value === 'both_values_are_missing' || value === 'either_value_is_missing' || value === 'neither' ? null : "must be 'both_values_are_missing', 'either_value_is_missing' or 'neither'";
    case 'quantileRanges': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be {"quantiles": [...], "value_ranges": [[lo, hi], ...]}';
      const { quantiles, value_ranges: ranges } = value;
      if (!Array.isArray(quantiles) || !quantiles.every((item) => typeof item === 'number' && item >= 0 && item <= 1)) return 'quantiles must be numbers between 0 and 1';
      if (!Array.isArray(ranges) || ranges.length !== quantiles.length) return 'value_ranges must have one [lo, hi] pair per quantile';
      const pairs = ranges.every((range) => Array.isArray(range) && range.length === 2 && range.every((bound) => bound === null || typeof bound === 'number'));
      return pairs ? null : 'each value range must be [lo, hi] with numbers or null';
    }
  }
}

export interface KwargIssue {
  /** Relative to the expectation's kwargs, e.g. "column" or "quantile_ranges". */
  key: string | null;
  message: string;
}

/** Every problem with `kwargs` for a known `type`; parameters ({"$PARAMETER": …}) are checked at run time. */
export function checkKwargs(type: string, kwargs: JsonObject): KwargIssue[] {
  const spec = expectationCatalog[type];
  const issues: KwargIssue[] = [];
  const accepted = { ...spec.required, ...spec.optional };
  for (const key of Object.keys(spec.required)) {
    if (kwargs[key] === undefined) issues.push({ key, message: `is required (${type} takes ${Object.keys(accepted).join(', ')})` });
  }
  for (const [key, value] of Object.entries(kwargs)) {
    const kind = accepted[key];
    if (kind === undefined) {
      if (!commonKwargs.has(key) && !key.startsWith('_')) issues.push({ key, message: `is not an argument of ${type}; valid: ${Object.keys(accepted).join(', ')}` });
      continue;
    }
    if (isSuiteParameter(value)) continue;
    if (value === null && !(key in spec.required) && kind !== 'bound') continue;
    const problem = kwargProblem(kind, value);
    if (problem) issues.push({ key, message: problem });
  }
  const resolved = Object.values(kwargs).some(isSuiteParameter);
  if (issues.length === 0 && !resolved && spec.crossCheck) {
    const problem = spec.crossCheck(kwargs);
    if (problem) issues.push({ key: null, message: problem });
  }
  return issues;
}
