// Request bodies built from the sample's churn holdout CSV: product-API records (as a churn service
// receives them) and Open Inference Protocol v2 single-row bodies (one [1,1] tensor per column,
// typed from the deployed model's own metadata), each with the customer id as its routing key.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type ChurnRecord = Record<string, string | number>;

const dayMs = 86_400_000;
/** The label column: the model predicts it, so requests never carry it. */
const labelColumn = 'target';

/** The holdout's rows as JSON records; numeric text becomes a number, the rest stays text (ISO dates included). */
export function holdoutRecords(workspace: string): ChurnRecord[] {
  const file = path.join(workspace, 'samples/churn/churn-holdout.csv');
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.trim().split(',');
  if (lines.some((line) => line.includes('"'))) throw new Error(`${file} has quoted fields; this reader splits on commas only`);
  return lines.map((line) => {
    const cells = line.trim().split(',');
    const record: ChurnRecord = {};
    columns.forEach((column, index) => {
      if (column === labelColumn) return;
      const cell = cells[index];
      record[column] = cell !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell;
    });
    return record;
  });
}

export interface TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
}

function tensorValue(value: string | number, datatype: string, name: string): string | number {
  if (datatype === 'BYTES') return String(value);
  if (typeof value === 'number') return value;
  // Dates are datetime inputs: the v2 client sends them as (fractional) days since 1970-01-01.
  const milliseconds = Date.parse(value);
  if (Number.isNaN(milliseconds)) throw new Error(`column ${name}: '${value}' is neither a number nor a date`);
  return milliseconds / dayMs;
}

/** One v2 infer body per record, routed by its customer id through `parameters.routing_key`. */
export function v2InferBodies(records: readonly ChurnRecord[], inputs: readonly TensorMetadata[]): string[] {
  return records.map((record) =>
    JSON.stringify({
      inputs: inputs.map((input) => ({ name: input.name, datatype: input.datatype, shape: [1, 1], data: [tensorValue(record[input.name], input.datatype, input.name)] })),
      parameters: { routing_key: String(record.customer_id) },
    }),
  );
}

/** `count` records cycling through the holdout's features, each with its own customer id. */
export function customers(records: readonly ChurnRecord[], count: number, prefix = 'ramp-'): ChurnRecord[] {
  return Array.from({ length: count }, (_, index) => ({ ...records[index % records.length], customer_id: `${prefix}${String(index).padStart(6, '0')}` }));
}
