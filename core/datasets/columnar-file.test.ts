import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeColumnar, encodeColumnar, readColumnarColumns, readColumnarFile, readColumnarHead, writeColumnarFile } from './columnar-file.js';
import type { Table } from './table.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-columnar-'));

function sampleTable(): Table {
  return {
    rowCount: 5,
    columns: [
      { name: 'amount', type: 'numeric', values: Float64Array.of(1.5, Number.NaN, -0, 1e300, 42) },
      { name: 'churned', type: 'boolean', values: Float64Array.of(1, 0, Number.NaN, 1, 0) },
      { name: 'seen', type: 'datetime', values: Float64Array.of(Date.UTC(2024, 0, 1), Number.NaN, 0, -86_400_000, Date.UTC(1999, 11, 31, 23, 59, 59, 999)) },
      { name: 'city', type: 'categorical', codes: Int32Array.of(0, 1, -1, 2, 0), dictionary: ['Tromsø', 'São Paulo', '東京'] },
      { name: 'note', type: 'text', codes: Int32Array.of(-1, -1, -1, -1, -1), dictionary: [] },
      { name: 'odd', type: 'categorical', codes: Int32Array.of(0, 0, 0, 0, 1), dictionary: ['', 'a "quoted", comma\nnewline'] },
    ],
  };
}

function bytesOfEncoding(table: Table): Buffer {
  return Buffer.concat(encodeColumnar(table));
}

describe('columnar encoding', () => {
  it('round-trips every column type, missing values and non-ASCII strings', async () => {
    const table = sampleTable();
    const file = path.join(folder, 'sample.mlwbcol');
    const size = await writeColumnarFile(table, file);
    expect(size).toBe(readFileSync(file).length);
    expect(size % 8).toBe(0);
    const decoded = await readColumnarFile(file);
    expect(decoded).toEqual(table);
    expect(Object.is((decoded.columns[0] as { values: Float64Array }).values[2], -0)).toBe(true);
  });

  it('gives identical bytes for identical tables, and different bytes when a value changes', () => {
    const first = bytesOfEncoding(sampleTable());
    expect(bytesOfEncoding(sampleTable()).equals(first)).toBe(true);
    const changed = sampleTable();
    (changed.columns[0] as { values: Float64Array }).values[4] = 43;
    const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(digest(bytesOfEncoding(changed))).not.toBe(digest(first));
  });

  it('decodes from a buffer that does not start on an 8-byte boundary', () => {
    const bytes = bytesOfEncoding(sampleTable());
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    expect(decodeColumnar(shifted.subarray(3))).toEqual(sampleTable());
  });

  it('reads the first rows with only the dictionary entries they use', async () => {
    const file = path.join(folder, 'head.mlwbcol');
    await writeColumnarFile(sampleTable(), file);
    const { table, totalRows } = await readColumnarHead(file, 2);
    expect(totalRows).toBe(5);
    expect(table.rowCount).toBe(2);
    expect(table.columns[3]).toEqual({ name: 'city', type: 'categorical', codes: Int32Array.of(0, 1), dictionary: ['Tromsø', 'São Paulo'] });
    expect(table.columns[4]).toEqual({ name: 'note', type: 'text', codes: Int32Array.of(-1, -1), dictionary: [] });
    expect(Array.from((table.columns[0] as { values: Float64Array }).values)).toEqual([1.5, Number.NaN]);
    expect((await readColumnarHead(file, 50)).table).toEqual(sampleTable());
  });

  it('reads only the named columns, in file order, skipping names the file lacks', async () => {
    const table = sampleTable();
    const file = path.join(folder, 'subset.mlwbcol');
    await writeColumnarFile(table, file);
    const subset = await readColumnarColumns(file, ['city', 'amount', 'absent']);
    expect(subset).toEqual({ rowCount: 5, columns: [table.columns[0], table.columns[3]] });
    expect(await readColumnarColumns(file, [])).toEqual({ rowCount: 5, columns: [] });
  });

  it('refuses bytes that are not a columnar file, or are cut short', () => {
    expect(() => decodeColumnar(Buffer.from('a,b\n1,2\n'))).toThrow('bad magic bytes');
    const bytes = bytesOfEncoding(sampleTable());
    expect(() => decodeColumnar(bytes.subarray(0, bytes.length - 16))).toThrow('truncated');
  });
});
