// Target and prediction drift: the same column comparison as the features, but the column's drift
// type follows Evidently's rule for targets and predictions (drift-tests.md §1), not its storage
// type. A numeric target is `num` only with more than 5 distinct values; otherwise its values are
// compared as categories (a 0/1 churn label is a category). A prediction in [0, 1] with fractional
// values is a probability, and stays `num`.
import type { CategoricalColumn, Column, Table } from '../datasets/table.js';
import { columnByName, isNumericColumn } from '../datasets/table.js';
import { compareColumn, type ColumnDriftOutcome } from './column-drift.js';
import { profileColumn } from './reference-profile.js';
import type { DriftColumnType, DriftSettings } from './test-selection.js';

export type TargetRole = 'target' | 'prediction';

export interface TargetDrift {
  role: TargetRole;
  column: string;
  /** Drift type chosen by the target/prediction rule. */
  type: DriftColumnType;
  outcome: ColumnDriftOutcome;
}

function distinctUpTo(values: Float64Array, limit: number): number {
  const seen = new Set<number>();
  for (let row = 0; row < values.length && seen.size <= limit; row += 1) if (Number.isFinite(values[row])) seen.add(values[row]);
  return seen.size;
}

function isProbability(values: Float64Array): boolean {
  let fractional = false;
  for (let row = 0; row < values.length; row += 1) {
    const value = values[row];
    if (!Number.isFinite(value)) continue;
    if (value < 0 || value > 1) return false;
    if (!Number.isInteger(value)) fractional = true;
  }
  return fractional;
}

/** Evidently's recognize_column_type_ for a target or prediction, decided on the reference. */
export function targetColumnType(column: Column, role: TargetRole): DriftColumnType {
  if (column.type === 'text') return 'text';
  if (column.type !== 'numeric') return 'cat';
  if (role === 'prediction' && isProbability(column.values)) return 'num';
  return distinctUpTo(column.values, 5) > 5 ? 'num' : 'cat';
}

/** A numeric column's values as categories ("0", "1", …); missing stays missing. */
export function asCategories(column: Column): CategoricalColumn {
  if (!isNumericColumn(column)) return column;
  const index = new Map<number, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(column.values.length);
  for (let row = 0; row < codes.length; row += 1) {
    const value = column.values[row];
    if (!Number.isFinite(value)) {
      codes[row] = -1;
      continue;
    }
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.push(String(value)) - 1;
      index.set(value, code);
    }
    codes[row] = code;
  }
  return { name: column.name, type: 'categorical', codes, dictionary };
}

/**
 * Drift of the target or prediction column. Returns null when the reference lacks the column;
 * a column missing from the current data comes back skipped with the reason.
 */
export function targetDrift(reference: Table, current: Table, column: string, role: TargetRole, settings: DriftSettings = {}): TargetDrift | null {
  const referenceColumn = columnByName(reference, column);
  if (!referenceColumn) return null;
  const currentColumn = columnByName(current, column);
  const type = targetColumnType(referenceColumn, role);
  if (!currentColumn) return { role, column, type, outcome: { column, skipped: `the ${role} column is missing from the current data` } };
  const asType = (side: Column) => (type === 'cat' ? asCategories(side) : side);
  const outcome = compareColumn(profileColumn(asType(referenceColumn)), asType(currentColumn), settings);
  return { role, column, type, outcome };
}
