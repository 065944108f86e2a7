// Dense integer ids for join keys, shared by two tables (entity rows and source rows), so the
// joins can bucket rows by key with a counting sort instead of hashing strings per row. Equal ids
// mean equal keys of the same kind: the number 1 and the string "1" never match (reference §3).
import { ValidationError } from '../api/errors.js';
import { isNumericColumn, type Column } from '../datasets/table.js';

export interface KeyIds {
  /** Per row of each table: the key id, or -1 when any key value is missing or unmatched. */
  ids: Int32Array[];
  /** Ids are in [0, count). */
  count: number;
}

export interface KeyedRows {
  rowCount: number;
  /** One column per key name, in the same order. */
  keys: readonly Column[];
}

/** With no key columns every row gets id 0: a view without entities joins on time only (P2). */
export function joinKeyIds(tables: readonly KeyedRows[], keyNames: readonly string[]): KeyIds {
  if (keyNames.length === 0) return { ids: tables.map((table) => new Int32Array(table.rowCount)), count: 1 };
  let combined: Float64Array[] | undefined;
  let combinedCount = 1;
  keyNames.forEach((name, keyIndex) => {
    const columns = tables.map((table) => table.keys[keyIndex]);
    const kinds = new Set(columns.map((column) => (isNumericColumn(column) ? 'number' : 'string')));
    if (kinds.size > 1) {
      throw new ValidationError(`Join key "${name}" holds numbers on one side and strings on the other; convert one so the key values compare equal`, { column: name });
    }
    const single = kinds.has('number') ? numericIds(columns as Extract<Column, { values: Float64Array }>[]) : stringIds(columns as Extract<Column, { codes: Int32Array }>[]);
    if (!combined) {
      combined = single.ids.map((ids) => Float64Array.from(ids));
      combinedCount = single.count;
      return;
    }
    // Mixed radix over the ranks so far; renumbered afterwards to keep the count bounded by the rows.
    combined = combined.map((previous, table) => {
      const next = new Float64Array(previous.length);
      const ids = single.ids[table];
      for (let row = 0; row < next.length; row++) next[row] = previous[row] < 0 || ids[row] < 0 ? -1 : previous[row] * single.count + ids[row];
      return next;
    });
    const renumbered = rankValues(combined, (value) => value < 0);
    combined = renumbered.ids.map((ids) => Float64Array.from(ids));
    combinedCount = renumbered.count;
  });
  return { ids: combined!.map((values) => Int32Array.from(values)), count: combinedCount };
}

function stringIds(columns: Extract<Column, { codes: Int32Array }>[]): KeyIds {
  const idByText = new Map<string, number>();
  const ids = columns.map((column) => {
    const dictionaryIds = column.dictionary.map((text) => {
      let id = idByText.get(text);
      if (id === undefined) idByText.set(text, (id = idByText.size));
      return id;
    });
    const result = new Int32Array(column.codes.length);
    for (let row = 0; row < result.length; row++) {
      const code = column.codes[row];
      result[row] = code < 0 ? -1 : dictionaryIds[code];
    }
    return result;
  });
  return { ids, count: idByText.size };
}

function numericIds(columns: Extract<Column, { values: Float64Array }>[]): KeyIds {
  let minimum = Infinity;
  let maximum = -Infinity;
  let integral = true;
  let rows = 0;
  for (const { values } of columns) {
    rows += values.length;
    for (let row = 0; row < values.length; row++) {
      const value = values[row];
      if (Number.isNaN(value)) continue;
      if (value < minimum) minimum = value;
      if (value > maximum) maximum = value;
      if (!Number.isInteger(value)) integral = false;
    }
  }
  if (minimum === Infinity) return { ids: columns.map(({ values }) => new Int32Array(values.length).fill(-1)), count: 0 };
  // Integer ids in a compact range (the common case) need no sort: the offset is the id.
  if (integral && maximum - minimum <= 4 * rows + 1024) {
    const ids = columns.map(({ values }) => {
      const result = new Int32Array(values.length);
      for (let row = 0; row < values.length; row++) result[row] = Number.isNaN(values[row]) ? -1 : values[row] - minimum;
      return result;
    });
    return { ids, count: maximum - minimum + 1 };
  }
  return rankValues(columns.map(({ values }) => values), Number.isNaN);
}

/** Dense ranks of the distinct present values over all arrays; missing values get -1. */
function rankValues(arrays: readonly Float64Array[], isMissing: (value: number) => boolean): KeyIds {
  let total = 0;
  for (const values of arrays) for (let row = 0; row < values.length; row++) if (!isMissing(values[row])) total++;
  const all = new Float64Array(total);
  let at = 0;
  for (const values of arrays) for (let row = 0; row < values.length; row++) if (!isMissing(values[row])) all[at++] = values[row];
  all.sort();
  let distinct = 0;
  for (let index = 0; index < all.length; index++) if (index === 0 || all[index] !== all[index - 1]) all[distinct++] = all[index];
  const sorted = all.subarray(0, distinct);
  const ids = arrays.map((values) => {
    const result = new Int32Array(values.length);
    for (let row = 0; row < values.length; row++) result[row] = isMissing(values[row]) ? -1 : lowerBound(sorted, values[row]);
    return result;
  });
  return { ids, count: distinct };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
