// The churn sample as a columnar Table, built straight from the generator (the dataset importer
// has tests of its own), for trainer tests and benchmarks.
import { generateChurnRows } from '../../resources/samples/churn/generate.js';
import type { Table } from '../datasets/table.js';

export function churnTable(rows: number, seed: number): Table {
  const data = generateChurnRows({ rows, seed });
  const numeric = (name: string, pick: (row: (typeof data)[number]) => number) => ({ name, type: 'numeric' as const, values: Float64Array.from(data, pick) });
  const categorical = (name: string, pick: (row: (typeof data)[number]) => string) => {
    const dictionary = [...new Set(data.map(pick))].sort();
    const index = new Map(dictionary.map((value, position) => [value, position]));
    return { name, type: 'categorical' as const, dictionary, codes: Int32Array.from(data, (row) => index.get(pick(row))!) };
  };
  return {
    rowCount: data.length,
    columns: [
      categorical('customer_id', (row) => row.customer_id),
      numeric('total_spend', (row) => row.total_spend),
      numeric('transaction_count', (row) => row.transaction_count),
      numeric('days_since_last_purchase', (row) => row.days_since_last_purchase),
      categorical('customer_segment', (row) => row.customer_segment),
      categorical('region', (row) => row.region),
      numeric('target', (row) => row.target),
    ],
  };
}
