// The in-memory columnar table every capability shares: datasets produce it, the trainer,
// validation and drift consume it. Typed arrays, one per column; missing values are NaN for
// numbers and -1 for category codes.

export const columnTypes = ['numeric', 'categorical', 'boolean', 'datetime', 'text'] as const;
export type ColumnType = (typeof columnTypes)[number];

/** numeric: the value; boolean: 0/1; datetime: epoch milliseconds (UTC). NaN = missing. */
export interface NumericColumn {
  name: string;
  type: 'numeric' | 'boolean' | 'datetime';
  values: Float64Array;
}

/** Strings as dictionary codes: `dictionary[codes[row]]`, code -1 = missing. */
export interface CategoricalColumn {
  name: string;
  type: 'categorical' | 'text';
  codes: Int32Array;
  dictionary: string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  rowCount: number;
  columns: Column[];
}

export function isNumericColumn(column: Column): column is NumericColumn {
  return column.type === 'numeric' || column.type === 'boolean' || column.type === 'datetime';
}

export function columnByName(table: Table, name: string): Column | undefined {
  return table.columns.find((column) => column.name === name);
}
