// A starting suite from a dataset version's stored profile (schema + stats), so a user edits a
// suite instead of writing one from nothing. Bounds get a margin: a suite that fails on the next
// ordinary batch teaches users to ignore it.
import { randomUUID } from 'node:crypto';
import type { DatasetColumnStats } from '../api/contract.js';
import type { DatasetVersionRecord } from '../datasets/dataset-store.js';
import { emulatedGxVersion, type ExpectationConfig, type ExpectationSuite, type JsonObject } from './model.js';

export interface ScaffoldOptions {
  /** Suite name; defaults to "<dataset>.v<version>". */
  name?: string;
  /** Share of the observed range (or row count) added on each side of a bound. */
  margin?: number;
  /** Categorical columns with at most this many distinct values get a value-set expectation. */
  maxSetSize?: number;
}

function expectation(type: string, kwargs: JsonObject): ExpectationConfig {
  return { type, kwargs, meta: {}, id: randomUUID() };
}

/** Rounded down to the UI's 0.01 step, so the observed share itself passes. */
function mostlyFor(share: number): number {
  return Math.floor(share * 100) / 100;
}

function columnExpectations(stats: DatasetColumnStats, rowCount: number, margin: number, maxSetSize: number): ExpectationConfig[] {
  const column = stats.name;
  const result: ExpectationConfig[] = [];
  if (stats.missing === 0) result.push(expectation('expect_column_values_to_not_be_null', { column }));
  else if (stats.count > 0) result.push(expectation('expect_column_values_to_not_be_null', { column, mostly: mostlyFor((stats.count / rowCount) * (1 - margin)) }));
  if (stats.count === 0) return result;

  if ((stats.type === 'numeric' || stats.type === 'datetime') && stats.min !== null && stats.max !== null) {
    const slack = (stats.max - stats.min) * margin;
    let min = stats.min - slack;
    let max = stats.max + slack;
    // Counts and amounts that were never negative stay non-negative; whole numbers keep whole bounds.
    if (stats.min >= 0) min = Math.max(0, min);
    const integral = Number.isInteger(stats.min) && Number.isInteger(stats.max);
    if (integral) [min, max] = [Math.floor(min), Math.ceil(max)];
    if (stats.type === 'datetime') {
      result.push(expectation('expect_column_values_to_be_between', { column, min_value: new Date(min).toISOString(), max_value: new Date(max).toISOString() }));
    } else {
      result.push(expectation('expect_column_values_to_be_between', { column, min_value: min, max_value: max }));
      if (stats.mean !== null && stats.std !== null) {
        const spread = Math.max(stats.std, Math.abs(stats.mean) * 0.01) * margin * 10;
        result.push(expectation('expect_column_mean_to_be_between', { column, min_value: stats.mean - spread, max_value: stats.mean + spread }));
      }
    }
  }
  if (stats.type === 'boolean') result.push(expectation('expect_column_values_to_be_in_set', { column, value_set: [true, false] }));
  if (stats.type === 'categorical' || stats.type === 'text') {
    const histogram = stats.histogram?.kind === 'categories' ? stats.histogram : null;
    if (histogram && histogram.other === 0 && stats.distinct <= maxSetSize) {
      result.push(expectation('expect_column_values_to_be_in_set', { column, value_set: [...histogram.values].sort() }));
    } else if (stats.distinct === stats.count && stats.count > 1) {
      result.push(expectation('expect_column_values_to_be_unique', { column }));
    }
    if (stats.length) result.push(expectation('expect_column_value_lengths_to_be_between', { column, min_value: stats.length.min, max_value: stats.length.max }));
  }
  return result;
}

export function scaffoldSuite(version: DatasetVersionRecord, options: ScaffoldOptions = {}): ExpectationSuite {
  const margin = options.margin ?? 0.1;
  const maxSetSize = options.maxSetSize ?? 20;
  const rows = version.row_count;
  const expectations: ExpectationConfig[] = [
    expectation('expect_table_columns_to_match_ordered_list', { column_list: version.schema.map((column) => column.name) }),
    expectation('expect_table_row_count_to_be_between', { min_value: Math.floor(rows * (1 - margin)), max_value: Math.ceil(rows * (1 + margin)) }),
  ];
  for (const stats of version.stats) expectations.push(...columnExpectations(stats, rows, margin, maxSetSize));
  return {
    name: options.name ?? `${version.name}.v${version.version}`,
    id: randomUUID(),
    expectations,
    suite_parameters: {},
    meta: { great_expectations_version: emulatedGxVersion, scaffolded_from: { dataset: version.name, version: version.version, sha256: version.sha256 } },
  };
}
