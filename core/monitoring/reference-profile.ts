// Reference statistics computed once per column (sorted finite values, population std, distinct
// count; or category counts) so a monitor compares many current windows against one reference
// without re-sorting it. The profile holds only typed arrays, numbers and strings: it survives
// structured clone (worker pool) and can be cached by dataset version.
import type { Column, Table } from '../datasets/table.js';
import { isNumericColumn } from '../datasets/table.js';
import { countDistinctSorted } from './stats/binning.js';
import { meanAndDeviation } from './stats/distances.js';
import { sortFinite } from './stats/radix-sort.js';

export interface NumericProfile {
  name: string;
  type: 'num';
  /** Finite values, ascending (Evidently maps ±inf to NaN and drops NaN). */
  sorted: Float64Array;
  /** numpy std with ddof 0: the Wasserstein normaliser. */
  deviation: number;
  /** Distinct values of the reference alone: PSI/KL/JS bin by Sturges when it exceeds 20. */
  distinct: number;
}

export interface CategoricalProfile {
  name: string;
  type: 'cat';
  categories: string[];
  counts: Float64Array;
  total: number;
}

export interface UnprofiledColumn {
  name: string;
  type: 'skipped';
  reason: string;
}

export type ColumnProfile = NumericProfile | CategoricalProfile | UnprofiledColumn;

export interface ReferenceProfile {
  rowCount: number;
  columns: ColumnProfile[];
}

/** Finite values of a numeric column, ascending (a radix sort: most of a report's time is sorting). */
export function sortedFiniteValues(values: Float64Array): Float64Array {
  return sortFinite(values);
}

/** Counts per dictionary entry, then per distinct string (a dictionary may repeat none, but merge anyway). */
export function categoryCounts(codes: Int32Array, dictionary: string[]): { categories: string[]; counts: Float64Array; total: number } {
  const perCode = new Float64Array(dictionary.length);
  let total = 0;
  for (let index = 0; index < codes.length; index += 1) {
    const code = codes[index];
    if (code >= 0) {
      perCode[code] += 1;
      total += 1;
    }
  }
  const byName = new Map<string, number>();
  dictionary.forEach((category, code) => {
    if (perCode[code] > 0) byName.set(category, (byName.get(category) ?? 0) + perCode[code]);
  });
  return { categories: [...byName.keys()], counts: Float64Array.from(byName.values()), total };
}

export function profileColumn(column: Column): ColumnProfile {
  if (column.type === 'datetime') return { name: column.name, type: 'skipped', reason: 'datetime columns are not drift-tested (as in Evidently)' };
  if (column.type === 'text') return { name: column.name, type: 'skipped', reason: 'text drift needs a domain classifier, which this engine does not provide yet' };
  if (isNumericColumn(column)) {
    const sorted = sortedFiniteValues(column.values);
    return { name: column.name, type: 'num', sorted, deviation: sorted.length ? meanAndDeviation(sorted).deviation : Number.NaN, distinct: countDistinctSorted(sorted) };
  }
  return { name: column.name, type: 'cat', ...categoryCounts(column.codes, column.dictionary) };
}

export function profileReference(table: Table, columns?: readonly string[]): ReferenceProfile {
  const wanted = columns ? new Set(columns) : null;
  return { rowCount: table.rowCount, columns: table.columns.filter((column) => !wanted || wanted.has(column.name)).map(profileColumn) };
}
