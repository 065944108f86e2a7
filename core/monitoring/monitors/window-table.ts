// A window of the prediction log as a columnar Table of the model's input columns, typed as the
// reference dataset types them, so the drift library compares it like any dataset.
//
// The log keeps each request's records as the protocol received them:
// - product predict / batch_predict: one row per record, the record itself;
// - MLflow /invocations: one row per request, the parsed body ({kind: records|columns|rows, …});
// - KServe V1: one row per request, the `instances` list;
// - Open Inference v2: one row per request, the input tensors (one [N,1] tensor per column).
import { createColumnBuilder, type Cell } from '../../datasets/column-builder.js';
import type { ColumnType, Table } from '../../datasets/table.js';
import type { PredictionWindow } from '../../serving/prediction-log.js';

type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTensor(value: unknown): value is { name: string; data: unknown[] } {
  return isRecord(value) && typeof value.name === 'string' && Array.isArray(value.data) && 'datatype' in value;
}

/** Column-wise values (MLflow `inputs`, v2 tensors) as records; a nested [N,1] list counts as N values. */
function columnsToRecords(columns: Array<[string, unknown[]]>): Record_[] {
  const flat = columns.map(([name, values]) => [name, values.map((value) => (Array.isArray(value) && value.length === 1 ? value[0] : value))] as const);
  const rows = Math.max(0, ...flat.map(([, values]) => values.length));
  return Array.from({ length: rows }, (_, row) => Object.fromEntries(flat.map(([name, values]) => [name, values[row]])));
}

/** The feature records one logged request carried, whatever its protocol. */
export function loggedRecords(inputs: unknown): Record_[] {
  if (Array.isArray(inputs)) {
    if (inputs.length > 0 && inputs.every(isTensor)) return columnsToRecords(inputs.map((tensor) => [tensor.name, tensor.data]));
    return inputs.filter(isRecord);
  }
  if (!isRecord(inputs)) return [];
  if (inputs.kind === 'records' && Array.isArray(inputs.records)) return inputs.records.filter(isRecord);
  if (inputs.kind === 'columns' && isRecord(inputs.columns)) {
    return columnsToRecords(Object.entries(inputs.columns).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1])));
  }
  if (inputs.kind === 'rows' && Array.isArray(inputs.rows)) {
    const names = Array.isArray(inputs.columnNames) ? (inputs.columnNames as string[]) : null;
    if (!names) return [];
    return inputs.rows.filter(Array.isArray).map((row) => Object.fromEntries(names.map((name, index) => [name, (row as unknown[])[index]])));
  }
  return [inputs];
}

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  return null;
}

/** The window's records as a table of `columns` (name → the reference's type); values that do not parse stay missing. */
export function windowTable(window: Pick<PredictionWindow, 'inputs'>, columns: ReadonlyArray<{ name: string; type: ColumnType }>): Table {
  const records = window.inputs.flatMap(loggedRecords);
  const present = columns.filter((column) => records.some((record) => column.name in record));
  const builders = present.map((column) => createColumnBuilder(column.name, column.type, records.length));
  records.forEach((record, row) => {
    for (let index = 0; index < present.length; index += 1) builders[index].set(row, cell(record[present[index].name]));
  });
  return { rowCount: records.length, columns: builders.map((builder) => builder.finish()) };
}
