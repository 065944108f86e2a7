// Churn-like tables for the drift benchmark, straight from the sample generator with its drift
// knob; customer_id is left out (a unique key is not a drift feature).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Column, Table } from '../../core/datasets/table.js';
import { isNumericColumn } from '../../core/datasets/table.js';
import { generateChurnRows } from '../../resources/samples/churn/generate.js';

const dayMs = 86_400_000;

export function churnDriftTable(rows: number, seed: number, drift: number): Table {
  const data = generateChurnRows({ rows, seed, drift });
  const numeric = (name: string, pick: (row: (typeof data)[number]) => number): Column => ({ name, type: 'numeric', values: Float64Array.from(data, pick) });
  const categorical = (name: string, pick: (row: (typeof data)[number]) => string): Column => {
    const dictionary = [...new Set(data.map(pick))].sort();
    const index = new Map(dictionary.map((value, position) => [value, position]));
    return { name, type: 'categorical', dictionary, codes: Int32Array.from(data, (row) => index.get(pick(row))!) };
  };
  return {
    rowCount: data.length,
    columns: [
      numeric('total_spend', (row) => row.total_spend),
      numeric('transaction_count', (row) => row.transaction_count),
      numeric('avg_transaction_amount', (row) => row.avg_transaction_amount),
      numeric('days_since_last_purchase', (row) => row.days_since_last_purchase),
      numeric('tenure_days', (row) => Math.round((Date.parse(row.event_timestamp) - Date.parse(row.registration_date)) / dayMs)),
      numeric('event_hour', (row) => new Date(row.event_timestamp).getUTCHours()),
      categorical('customer_segment', (row) => row.customer_segment),
      categorical('region', (row) => row.region),
      numeric('target', (row) => row.target),
    ],
  };
}

/** Raw column files for the Python peer: float64 values, or int32 codes + a JSON dictionary. */
export function writeForPeer(table: Table, directory: string): void {
  mkdirSync(directory, { recursive: true });
  const manifest = table.columns.map((column) => {
    const file = path.join(directory, `${column.name}.bin`);
    if (isNumericColumn(column)) {
      writeFileSync(file, new Uint8Array(column.values.buffer, column.values.byteOffset, column.values.byteLength));
      return { name: column.name, type: 'num', file };
    }
    writeFileSync(file, new Uint8Array(column.codes.buffer, column.codes.byteOffset, column.codes.byteLength));
    return { name: column.name, type: 'cat', file, dictionary: column.dictionary };
  });
  writeFileSync(path.join(directory, 'manifest.json'), JSON.stringify(manifest));
}
