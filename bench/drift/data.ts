// Churn-like tables for the drift benchmark, straight from the sample generator with its drift
// knob; customer_id is left out (a unique key is not a drift feature).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Column, Table } from '../../core/datasets/table.js';
import { isNumericColumn } from '../../core/datasets/table.js';
import { generateChurnRows } from '../../resources/samples/churn/generate.js';
import { seededRandom } from '../support/random.js';

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

/**
 * The report shape: 50 numeric + 10 categorical columns. Numeric columns cycle through
 * normal, log-normal, uniform, small-integer counts (≤ 5 values, Jensen-Shannon by default) and
 * rounded amounts; categoricals have 3 to 40 levels. With `drift`, every fifth numeric column
 * shifts by `drift` standard deviations (or scales) and every third categorical tilts its mix.
 */
export function wideDriftTable(rows: number, seed: number, drift: number): Table {
  const random = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const columns: Column[] = [];
  for (let index = 0; index < 50; index += 1) {
    const shift = index % 5 === 0 ? drift : 0;
    const values = new Float64Array(rows);
    switch (index % 5) {
      case 0:
        for (let row = 0; row < rows; row += 1) values[row] = 10 + 3 * (normal() + shift);
        break;
      case 1:
        for (let row = 0; row < rows; row += 1) values[row] = Math.exp(1 + 0.8 * normal());
        break;
      case 2:
        for (let row = 0; row < rows; row += 1) values[row] = random() * 100;
        break;
      case 3:
        for (let row = 0; row < rows; row += 1) values[row] = Math.min(4, Math.floor(-Math.log(1 - random()) * 1.2));
        break;
      default:
        for (let row = 0; row < rows; row += 1) values[row] = Math.round(500 + 120 * normal());
    }
    // A sprinkle of missing values, as real extracts have.
    for (let row = index; row < rows; row += 997) values[row] = Number.NaN;
    columns.push({ name: `num_${String(index).padStart(2, '0')}`, type: 'numeric', values });
  }
  for (let index = 0; index < 10; index += 1) {
    const levels = [3, 5, 8, 12, 20, 40][index % 6];
    const dictionary = Array.from({ length: levels }, (_, level) => `level_${level}`);
    const tilt = index % 3 === 0 ? drift : 0;
    const codes = new Int32Array(rows);
    // Geometric-ish mix; a tilt moves mass towards the higher levels.
    for (let row = 0; row < rows; row += 1) codes[row] = Math.min(levels - 1, Math.floor(Math.pow(random(), 1.6 - tilt) * levels));
    columns.push({ name: `cat_${index}`, type: 'categorical', dictionary, codes });
  }
  return { rowCount: rows, columns };
}
