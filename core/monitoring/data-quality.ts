// Data quality of the current data against the reference, as Evidently's legacy test presets
// decide it (drift-tests.md §7): missing share per column, values out of the reference list
// (new categories) or range, constant and duplicated columns, duplicated rows. Each test carries
// its status and the numbers behind it, so a report can say why it failed.
import type { Column, Table } from '../datasets/table.js';
import { columnByName, isNumericColumn } from '../datasets/table.js';

export type QualityStatus = 'SUCCESS' | 'FAIL' | 'ERROR';

export interface QualityTest {
  /** Stable id: `missing_share`, `new_categories`, `out_of_range`, `constant_columns`, `duplicated_columns`, `duplicated_rows`. */
  id: string;
  /** Evidently's test class name. */
  name: string;
  column: string | null;
  status: QualityStatus;
  description: string;
  parameters: Record<string, number | string | string[] | null>;
}

export interface DataQualityReport {
  passed: number;
  failed: number;
  tests: QualityTest[];
}

// Evidently's approx(v, relative=r): tolerance max(|v|·r, 1e-12).
function within(value: number, expected: number, relative: number): boolean {
  return Math.abs(value - expected) <= Math.max(Math.abs(expected) * relative, 1e-12);
}

function missingCount(column: Column): number {
  let missing = 0;
  if (isNumericColumn(column)) {
    for (let row = 0; row < column.values.length; row += 1) if (Number.isNaN(column.values[row])) missing += 1;
  } else {
    for (let row = 0; row < column.codes.length; row += 1) if (column.codes[row] < 0) missing += 1;
  }
  return missing;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

const maxListed = 10;

function missingShareTest(name: string, reference: Column, current: Column | undefined, referenceRows: number, currentRows: number): QualityTest {
  const base = { id: 'missing_share', name: 'TestColumnShareOfMissingValues', column: name };
  if (!current) return { ...base, status: 'ERROR', description: `Column '${name}' is missing from the current data.`, parameters: {} };
  const referenceShare = share(missingCount(reference), referenceRows);
  const missing = missingCount(current);
  const currentShare = share(missing, currentRows);
  const passed = currentShare <= referenceShare + Math.max(referenceShare * 0.1, 1e-12);
  return {
    ...base,
    status: passed ? 'SUCCESS' : 'FAIL',
    description: `The share of missing values in '${name}' is ${currentShare.toFixed(3)}; the reference has ${referenceShare.toFixed(3)} (allowed: up to 10 % more).`,
    parameters: { current_share: currentShare, reference_share: referenceShare, current_missing: missing },
  };
}

/** Categories of the current column that never occur in the reference (TestShareOfOutListValues). */
function newCategoriesTest(name: string, reference: Column & { codes: Int32Array; dictionary: string[] }, current: Column & { codes: Int32Array; dictionary: string[] }): QualityTest {
  const seen = new Uint8Array(reference.dictionary.length);
  for (let row = 0; row < reference.codes.length; row += 1) if (reference.codes[row] >= 0) seen[reference.codes[row]] = 1;
  const known = new Set(reference.dictionary.filter((_, code) => seen[code] === 1));
  const isNew = current.dictionary.map((category) => !known.has(category));
  const perCode = new Float64Array(current.dictionary.length);
  let present = 0;
  let outside = 0;
  for (let row = 0; row < current.codes.length; row += 1) {
    const code = current.codes[row];
    if (code < 0) continue;
    present += 1;
    if (isNew[code]) {
      outside += 1;
      perCode[code] += 1;
    }
  }
  const fresh = current.dictionary.filter((_, code) => perCode[code] > 0);
  const outShare = share(outside, present);
  return {
    id: 'new_categories',
    name: 'TestShareOfOutListValues',
    column: name,
    status: outside === 0 ? 'SUCCESS' : 'FAIL',
    description:
      outside === 0
        ? `Every value of '${name}' occurs in the reference.`
        : `${fresh.length} categor${fresh.length === 1 ? 'y' : 'ies'} of '${name}' never occur in the reference (${outside} values, share ${outShare.toFixed(3)}).`,
    parameters: { new_categories: fresh.length, values_outside: outside, share: outShare, examples: fresh.slice(0, maxListed) },
  };
}

function finiteRange(values: Float64Array): { min: number; max: number; count: number } {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let row = 0; row < values.length; row += 1) {
    const value = values[row];
    if (Number.isNaN(value)) continue;
    count += 1;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max, count };
}

/** Current values outside the reference [min, max] (TestShareOfOutRangeValues). */
function outOfRangeTest(name: string, reference: Float64Array, current: Float64Array): QualityTest {
  const base = { id: 'out_of_range', name: 'TestShareOfOutRangeValues', column: name };
  const range = finiteRange(reference);
  if (range.count === 0) return { ...base, status: 'ERROR', description: `'${name}' has no reference values, so it has no range.`, parameters: {} };
  let present = 0;
  let outside = 0;
  for (let row = 0; row < current.length; row += 1) {
    const value = current[row];
    if (Number.isNaN(value)) continue;
    present += 1;
    if (value < range.min || value > range.max) outside += 1;
  }
  const seen = finiteRange(current);
  const outShare = share(outside, present);
  return {
    ...base,
    status: outside === 0 ? 'SUCCESS' : 'FAIL',
    description: `${outside} values of '${name}' (share ${outShare.toFixed(3)}) lie outside the reference range [${range.min}, ${range.max}].`,
    parameters: {
      reference_min: range.min,
      reference_max: range.max,
      current_min: seen.count ? seen.min : null,
      current_max: seen.count ? seen.max : null,
      values_outside: outside,
      share: outShare,
    },
  };
}

/** At most one distinct non-missing value (pandas nunique() <= 1). */
export function isConstant(column: Column): boolean {
  if (isNumericColumn(column)) {
    let first = Number.NaN;
    for (let row = 0; row < column.values.length; row += 1) {
      const value = column.values[row];
      if (Number.isNaN(value)) continue;
      if (Number.isNaN(first)) first = value;
      else if (value !== first) return false;
    }
    return true;
  }
  let first: string | undefined;
  for (let row = 0; row < column.codes.length; row += 1) {
    const code = column.codes[row];
    if (code < 0) continue;
    const value = column.dictionary[code];
    if (first === undefined) first = value;
    else if (value !== first) return false;
  }
  return true;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x9e3779b1) ^ (hash >>> 15);
}

/** Two 32-bit hashes per row, built column by column (sequential reads of each column). */
function rowHashes(table: Table): { high: Int32Array; low: Int32Array } {
  const high = new Int32Array(table.rowCount).fill(0x811c9dc5 | 0);
  const low = new Int32Array(table.rowCount).fill(0x1b873593);
  for (const column of table.columns) {
    if (!isNumericColumn(column)) {
      const codes = column.codes;
      for (let row = 0; row < codes.length; row += 1) {
        high[row] = mix(high[row], codes[row]);
        low[row] = mix(low[row], codes[row] ^ 0x5bd1e995);
      }
      continue;
    }
    const values = column.values;
    const words = values.byteOffset % 4 === 0 ? new Uint32Array(values.buffer, values.byteOffset, values.length * 2) : new Uint32Array(values.slice().buffer);
    for (let row = 0; row < values.length; row += 1) {
      let lower = words[2 * row];
      let upper = words[2 * row + 1];
      // One NaN for every NaN bit pattern, and -0 as 0: equal cells hash equally.
      if (Number.isNaN(values[row])) {
        lower = 0;
        upper = 0x7ff80000;
      } else if (values[row] === 0) upper = 0;
      high[row] = mix(mix(high[row], lower), upper);
      low[row] = mix(mix(low[row], lower ^ 0x5bd1e995), upper ^ 0x5bd1e995);
    }
  }
  return { high, low };
}

function sameCell(column: Column, left: number, right: number): boolean {
  if (!isNumericColumn(column)) return column.codes[left] === column.codes[right];
  const a = column.values[left];
  const b = column.values[right];
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Rows equal to an earlier row (pandas DataFrame.duplicated().sum()): hashed into an
 * open-addressing table of row numbers, and a hash match is confirmed cell by cell.
 */
export function duplicatedRows(table: Table): number {
  const { high, low } = rowHashes(table);
  let capacity = 1024;
  while (capacity < table.rowCount * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const sameRow = (left: number, right: number) => table.columns.every((column) => sameCell(column, left, right));
  let duplicates = 0;
  for (let row = 0; row < table.rowCount; row += 1) {
    let slot = Math.imul(high[row] ^ (low[row] >>> 7), 0x85ebca6b) & mask;
    for (;;) {
      const earlier = slots[slot];
      if (earlier < 0) {
        slots[slot] = row;
        break;
      }
      if (high[earlier] === high[row] && low[earlier] === low[row] && sameRow(earlier, row)) {
        duplicates += 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return duplicates;
}

function columnsEqual(left: Column, right: Column): boolean {
  if (isNumericColumn(left) !== isNumericColumn(right) || left.type !== right.type) return false;
  if (isNumericColumn(left) && isNumericColumn(right)) {
    for (let row = 0; row < left.values.length; row += 1) {
      const a = left.values[row];
      const b = right.values[row];
      if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return false;
    }
    return true;
  }
  const a = left as Column & { codes: Int32Array; dictionary: string[] };
  const b = right as Column & { codes: Int32Array; dictionary: string[] };
  for (let row = 0; row < a.codes.length; row += 1) {
    const x = a.codes[row] < 0 ? null : a.dictionary[a.codes[row]];
    const y = b.codes[row] < 0 ? null : b.dictionary[b.codes[row]];
    if (x !== y) return false;
  }
  return true;
}

/** Names of columns whose values repeat an earlier column's (pandas DataFrame.T.duplicated()). */
export function duplicatedColumns(table: Table): string[] {
  const duplicates: string[] = [];
  table.columns.forEach((column, index) => {
    if (table.columns.slice(0, index).some((earlier) => columnsEqual(earlier, column))) duplicates.push(column.name);
  });
  return duplicates;
}

function countTest(id: string, name: string, what: string, current: string[], reference: string[]): QualityTest {
  const passed = current.length <= reference.length;
  return {
    id,
    name,
    column: null,
    status: passed ? 'SUCCESS' : 'FAIL',
    description: `${current.length} ${what} in the current data, ${reference.length} in the reference (allowed: no more than the reference).`,
    parameters: { current: current.length, reference: reference.length, columns: current.slice(0, maxListed) },
  };
}

/**
 * The quality tests of the current table against the reference. `columns` limits the per-column
 * tests (default: every reference column); the dataset-wide tests look at whole tables.
 */
export function dataQuality(reference: Table, current: Table, columns?: readonly string[]): DataQualityReport {
  const wanted = columns ? new Set(columns) : null;
  const tests: QualityTest[] = [];
  for (const referenceColumn of reference.columns) {
    if (wanted && !wanted.has(referenceColumn.name)) continue;
    const currentColumn = columnByName(current, referenceColumn.name);
    tests.push(missingShareTest(referenceColumn.name, referenceColumn, currentColumn, reference.rowCount, current.rowCount));
    if (!currentColumn || isNumericColumn(referenceColumn) !== isNumericColumn(currentColumn)) continue;
    if (referenceColumn.type === 'categorical' && currentColumn.type === 'categorical') tests.push(newCategoriesTest(referenceColumn.name, referenceColumn, currentColumn));
    if (referenceColumn.type === 'numeric' && currentColumn.type === 'numeric') tests.push(outOfRangeTest(referenceColumn.name, referenceColumn.values, currentColumn.values));
  }
  const constant = (table: Table) => table.columns.filter(isConstant).map((column) => column.name);
  tests.push(countTest('constant_columns', 'TestNumberOfConstantColumns', 'constant columns', constant(current), constant(reference)));
  tests.push(countTest('duplicated_columns', 'TestNumberOfDuplicatedColumns', 'duplicated columns', duplicatedColumns(current), duplicatedColumns(reference)));

  const referenceDuplicates = duplicatedRows(reference);
  const currentDuplicates = duplicatedRows(current);
  // Evidently scales the reference count by the size ratio before comparing (rel 0.1).
  const expected = referenceDuplicates * share(current.rowCount, reference.rowCount);
  tests.push({
    id: 'duplicated_rows',
    name: 'TestNumberOfDuplicatedRows',
    column: null,
    status: within(currentDuplicates, expected, 0.1) ? 'SUCCESS' : 'FAIL',
    description: `${currentDuplicates} duplicated rows in the current data; ${expected.toFixed(1)} expected from the reference (${referenceDuplicates} in ${reference.rowCount} rows, ±10 %).`,
    parameters: { current: currentDuplicates, reference: referenceDuplicates, expected },
  });
  const failed = tests.filter((test) => test.status !== 'SUCCESS').length;
  return { passed: tests.length - failed, failed, tests };
}
