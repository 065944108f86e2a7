// The CPU-heavy half of an import, run on the worker pool (ARCHITECTURE rule 3): parse the stored
// source file, compute statistics, and write the columnar encoding to a temp file. Bad input comes
// back as a value, not a thrown error, because errors crossing the thread boundary lose their class
// and the caller must still answer 400 (or exit 2) rather than 500.
import { open } from 'node:fs/promises';
import type { DatasetColumnSchema, DatasetColumnStats, DatasetFormat } from '../api/contract.js';
import { WorkbenchError } from '../api/errors.js';
import { columnStats } from './column-stats.js';
import { writeColumnarFile } from './columnar-file.js';
import { importCsv } from './csv-import.js';
import type { TypeOverrides } from './infer-schema.js';
import { importParquet } from './parquet-import.js';

export interface ParseDatasetInput {
  /** The source file (the artifact store's object). */
  file: string;
  /** Undefined: Parquet when the file starts with its magic bytes, else CSV. */
  format?: DatasetFormat;
  types: TypeOverrides;
  /** Where to write the columnar encoding. */
  output: string;
}

export type ParseDatasetOutcome =
  | { ok: true; format: DatasetFormat; rowCount: number; columnarSize: number; schema: DatasetColumnSchema[]; stats: DatasetColumnStats[]; warnings: string[] }
  | { ok: false; code: WorkbenchError['code']; message: string; details?: Record<string, unknown> };

export async function parseDataset(input: ParseDatasetInput): Promise<ParseDatasetOutcome> {
  try {
    const format = input.format ?? (await sniffFormat(input.file));
    const parsed = format === 'parquet' ? await importParquet(input.file, input.types) : await importCsv(input.file, input.types);
    const stats = parsed.table.columns.map(columnStats);
    const warnings = [...parsed.warnings];
    for (const column of stats) {
      if (column.count === 0) warnings.push(`Column '${column.name}' has no values (all ${column.missing} rows are missing); it is kept, and training drops it.`);
    }
    const columnarSize = await writeColumnarFile(parsed.table, input.output);
    return { ok: true, format, rowCount: parsed.table.rowCount, columnarSize, schema: parsed.schema, stats, warnings };
  } catch (error) {
    if (error instanceof WorkbenchError) return { ok: false, code: error.code, message: error.message, details: error.details };
    throw error;
  }
}

/** Parquet files begin with "PAR1"; everything else is read as CSV. */
export async function sniffFormat(file: string): Promise<DatasetFormat> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.toString('latin1') === 'PAR1' ? 'parquet' : 'csv';
  } finally {
    await handle.close();
  }
}

/** The format a file name implies, if any. */
export function formatFromFileName(fileName: string): DatasetFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  return undefined;
}
