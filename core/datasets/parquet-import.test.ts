// Parquet files are written by parquet-fixture.ts (no Parquet writer is installed here) and read
// back through hyparquet, the same reader users' files go through.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeParquetFixture, type FixtureColumn } from './parquet-fixture.js';
import { importParquet } from './parquet-import.js';
import { columnByName, type CategoricalColumn, type NumericColumn, type Table } from './table.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-parquet-'));
let fileCount = 0;
function parquetFile(columns: FixtureColumn[], options?: Parameters<typeof writeParquetFixture>[1]): string {
  const file = path.join(folder, `input-${++fileCount}.parquet`);
  writeFileSync(file, writeParquetFixture(columns, options));
  return file;
}

const numbers = (table: Table, name: string) => Array.from((columnByName(table, name) as NumericColumn).values);
const strings = (table: Table, name: string) => {
  const column = columnByName(table, name) as CategoricalColumn;
  return Array.from(column.codes, (code) => (code < 0 ? null : column.dictionary[code]));
};

const mixedColumns: FixtureColumn[] = [
  { name: 'id', type: 'INT32', values: [1, 2, 3, null, 5] },
  { name: 'visits', type: 'INT64', values: [10n, null, 30n, 40n, 50n] },
  { name: 'score', type: 'DOUBLE', values: [0.5, 1.5, null, 3.25, -1] },
  { name: 'ratio', type: 'FLOAT', values: [0.5, 0.25, 1, 2, null] },
  { name: 'active', type: 'BOOLEAN', values: [true, false, true, null, false] },
  { name: 'city', type: 'BYTE_ARRAY', annotation: 'UTF8', values: ['Oslo', 'Bergen', null, 'Oslo', 'Tromsø'] },
  { name: 'joined', type: 'INT32', annotation: 'DATE', values: [19_000, 19_001, null, 19_003, 19_004] },
  { name: 'seen', type: 'INT64', annotation: 'TIMESTAMP_MICROS', values: [1_719_705_600_000_000n, null, 1_719_705_600_001_000n, 0n, 1n] },
];

describe('Parquet import', () => {
  it('maps physical and logical types to column types, with nulls as missing, across row groups and GZIP pages', async () => {
    const { table, schema, warnings } = await importParquet(parquetFile(mixedColumns, { rowGroupSize: 2, codec: 'GZIP' }));
    expect(table.rowCount).toBe(5);
    expect(warnings).toEqual([]);
    expect(schema.map((column) => [column.name, column.type, column.source_type])).toEqual([
      ['id', 'numeric', 'INT32'],
      ['visits', 'numeric', 'INT64'],
      ['score', 'numeric', 'DOUBLE'],
      ['ratio', 'numeric', 'FLOAT'],
      ['active', 'boolean', 'BOOLEAN'],
      ['city', 'categorical', 'BYTE_ARRAY/UTF8'],
      ['joined', 'datetime', 'INT32/DATE'],
      ['seen', 'datetime', 'INT64/TIMESTAMP_MICROS'],
    ]);
    expect(numbers(table, 'id')).toEqual([1, 2, 3, Number.NaN, 5]);
    expect(numbers(table, 'visits')).toEqual([10, Number.NaN, 30, 40, 50]);
    expect(numbers(table, 'score')).toEqual([0.5, 1.5, Number.NaN, 3.25, -1]);
    expect(numbers(table, 'active')).toEqual([1, 0, 1, Number.NaN, 0]);
    expect(strings(table, 'city')).toEqual(['Oslo', 'Bergen', null, 'Oslo', 'Tromsø']);
    expect(numbers(table, 'joined')).toEqual([19_000, 19_001, Number.NaN, 19_003, 19_004].map((days) => days * 86_400_000));
    expect(numbers(table, 'seen')).toEqual([1_719_705_600_000, Number.NaN, 1_719_705_600_001, 0, 0]);
  });

  it('calls long, mostly unique strings text, as for CSV', async () => {
    const notes = Array.from({ length: 30 }, (_, index) => `a free-form note about order number ${index}`);
    const { schema, table } = await importParquet(parquetFile([{ name: 'note', type: 'BYTE_ARRAY', annotation: 'UTF8', values: notes }]));
    expect(schema[0]).toMatchObject({ type: 'text', inferred_type: 'text', overridden: false });
    expect(table.columns[0].type).toBe('text');
  });

  it('applies type overrides, naming the row of a value that does not fit', async () => {
    const file = parquetFile([
      { name: 'zip', type: 'INT32', values: [1234, 5678] },
      { name: 'amount', type: 'BYTE_ARRAY', annotation: 'UTF8', values: ['12.5', 'NA'] },
      { name: 'code', type: 'BYTE_ARRAY', annotation: 'UTF8', values: ['7', 'seven'] },
    ]);
    const { table, schema } = await importParquet(file, { zip: 'categorical', amount: 'numeric' });
    expect(strings(table, 'zip')).toEqual(['1234', '5678']);
    expect(numbers(table, 'amount')).toEqual([12.5, Number.NaN]);
    expect(schema[1]).toMatchObject({ type: 'numeric', inferred_type: 'categorical', overridden: true });
    await expect(importParquet(file, { code: 'numeric' })).rejects.toThrow(
      "Column 'code' is read as numeric, but row 2 (counting from 1; Parquet files have no header row) holds 'seven', which is not a finite number.",
    );
    await expect(importParquet(file, { nope: 'numeric' })).rejects.toThrow("Unknown column in type overrides: 'nope'. The file's columns are: zip, amount, code.");
  });

  it('refuses nested and unsupported types, naming every such column', async () => {
    const file = parquetFile([
      { name: 'id', type: 'INT32', values: [1, 2] },
      { name: 'city', type: 'BYTE_ARRAY', annotation: 'UTF8', struct: 'address', values: ['Oslo', null] },
      { name: 'opened', type: 'INT32', annotation: 'TIME_MILLIS', values: [1000, 2000] },
    ]);
    const error = (await importParquet(file).catch((failure: unknown) => failure)) as Error;
    expect(error.message).toBe(
      "Parquet columns 'address' (STRUCT (nested)), 'opened' (INT32/TIME_MILLIS) have types that datasets cannot hold. Supported: booleans, integers, floats, decimals, strings, dates and timestamps. Drop or flatten them before importing.",
    );
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', details: { reason: 'unsupported_parquet_type', columns: [{ name: 'address' }, { name: 'opened' }] } });
    await expect(importParquet(parquetFile([{ name: 'payload', type: 'BYTE_ARRAY', annotation: 'JSON', values: ['{}'] }]))).rejects.toThrow("Parquet column 'payload' (BYTE_ARRAY/JSON) has a type that datasets cannot hold");
  });

  it('refuses codecs it cannot decompress, an empty file, a file with no rows, and bytes that are not Parquet', async () => {
    await expect(importParquet(parquetFile([{ name: 'x', type: 'INT32', values: [1] }], { codec: 'ZSTD' }))).rejects.toThrow("Parquet column 'x' is compressed with ZSTD");
    await expect(importParquet(parquetFile([{ name: 'x', type: 'INT32', values: [] }]))).rejects.toThrow('The Parquet file has 1 columns but no rows.');
    const empty = path.join(folder, 'empty.parquet');
    writeFileSync(empty, '');
    await expect(importParquet(empty)).rejects.toThrow('The file is empty');
    const csv = path.join(folder, 'not.parquet');
    writeFileSync(csv, 'a,b\n1,2\n');
    await expect(importParquet(csv)).rejects.toThrow(/^The file is not a readable Parquet file/);
  });
});
