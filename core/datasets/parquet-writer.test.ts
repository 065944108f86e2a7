// The writer's files are read back through hyparquet (the importer users' files go through) and by
// hyparquet's raw reader, checking the physical and logical types a pandas/pyarrow user would see.
import { readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { importParquet } from './parquet-import.js';
import { writeTableParquet } from './parquet-writer.js';
import { columnByName, type CategoricalColumn, type NumericColumn, type Table } from './table.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-parquet-writer-'));

const numbers = (table: Table, name: string) => Array.from((columnByName(table, name) as NumericColumn).values);
const strings = (table: Table, name: string) => {
  const column = columnByName(table, name) as CategoricalColumn;
  return Array.from(column.codes, (code) => (code < 0 ? null : column.dictionary[code]));
};

const sample: Table = {
  rowCount: 4,
  columns: [
    { name: 'customer_id', type: 'categorical', codes: Int32Array.from([0, 1, -1, 2]), dictionary: ['C1', 'C2', 'Zürich "quoted", with comma'] },
    { name: 'event_timestamp', type: 'datetime', values: Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2, 12, 30, 5, 250), NaN, Date.UTC(1969, 11, 31)]) },
    { name: 'transaction_count', type: 'numeric', values: Float64Array.from([3, NaN, -7, 2 ** 53 - 1]) },
    { name: 'total_spend', type: 'numeric', values: Float64Array.from([10.5, 0, NaN, -1e-9]) },
    { name: 'churned', type: 'boolean', values: Float64Array.from([1, 0, NaN, 1]) },
  ],
};

describe('writeTableParquet', () => {
  it('round-trips values, nulls and types through the importer', async () => {
    const file = path.join(folder, 'sample.parquet');
    await writeTableParquet(sample, file);
    const { table } = await importParquet(file);
    expect(table.rowCount).toBe(4);
    expect(table.columns.map((column) => [column.name, column.type])).toEqual([
      ['customer_id', 'categorical'],
      ['event_timestamp', 'datetime'],
      ['transaction_count', 'numeric'],
      ['total_spend', 'numeric'],
      ['churned', 'boolean'],
    ]);
    expect(strings(table, 'customer_id')).toEqual(['C1', 'C2', null, 'Zürich "quoted", with comma']);
    expect(numbers(table, 'event_timestamp')).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2, 12, 30, 5, 250), NaN, Date.UTC(1969, 11, 31)]);
    expect(numbers(table, 'transaction_count')).toEqual([3, NaN, -7, 2 ** 53 - 1]);
    expect(numbers(table, 'total_spend')).toEqual([10.5, 0, NaN, -1e-9]);
    expect(numbers(table, 'churned')).toEqual([1, 0, NaN, 1]);
  });

  it('declares the physical and logical types other readers map to dtypes', async () => {
    const file = path.join(folder, 'types.parquet');
    await writeTableParquet(sample, file);
    const bytes = readFileSync(file);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const fields = metadata.schema.slice(1).map((element) => ({ name: element.name, type: element.type, repetition: element.repetition_type, converted: element.converted_type, logical: element.logical_type?.type }));
    expect(fields).toEqual([
      { name: 'customer_id', type: 'BYTE_ARRAY', repetition: 'OPTIONAL', converted: 'UTF8', logical: 'STRING' },
      { name: 'event_timestamp', type: 'INT64', repetition: 'OPTIONAL', converted: 'TIMESTAMP_MICROS', logical: 'TIMESTAMP' },
      { name: 'transaction_count', type: 'INT64', repetition: 'OPTIONAL', converted: 'INT_64', logical: 'INTEGER' },
      { name: 'total_spend', type: 'DOUBLE', repetition: 'OPTIONAL', converted: undefined, logical: undefined },
      { name: 'churned', type: 'BOOLEAN', repetition: 'OPTIONAL', converted: undefined, logical: undefined },
    ]);
    expect(metadata.schema[2].logical_type).toMatchObject({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' });
    expect(Number(metadata.num_rows)).toBe(4);
    expect(metadata.row_groups).toHaveLength(1);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    expect(rows[0]).toMatchObject({ customer_id: 'C1', transaction_count: 3n, total_spend: 10.5, churned: true });
  });

  it('writes many pages and long null runs in one row group', async () => {
    const rowCount = 200_003;
    const values = Float64Array.from({ length: rowCount }, (_, row) => (row % 1000 < 600 ? NaN : row + 0.5));
    const file = path.join(folder, 'large.parquet');
    await writeTableParquet({ rowCount, columns: [{ name: 'x', type: 'numeric', values }] }, file);
    const { table } = await importParquet(file);
    expect(table.rowCount).toBe(rowCount);
    expect(numbers(table, 'x')).toEqual(Array.from(values));
  });
});
