// The pool task reads two columnar files and returns the same per-column results as the
// in-process engine, split by columns and merged back with summariseDrift.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeColumnarFile } from '../datasets/columnar-file.js';
import type { Table } from '../datasets/table.js';
import { datasetDrift, summariseDrift } from './dataset-drift.js';
import { columnDrift } from './drift-task.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'drift-task-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function table(rows: number, shift: number): Table {
  const spend = new Float64Array(rows);
  const codes = new Int32Array(rows);
  for (let index = 0; index < rows; index += 1) {
    spend[index] = ((index * 7919) % 1000) / 10 + shift;
    codes[index] = (index * 31 + shift) % 3;
  }
  return { rowCount: rows, columns: [{ name: 'spend', type: 'numeric', values: spend }, { name: 'plan', type: 'categorical', codes, dictionary: ['basic', 'plus', 'pro'] }] };
}

describe('columnDrift pool task', () => {
  it('computes column subsets from files that merge into the in-process result', async () => {
    const reference = table(3000, 0);
    const current = table(2000, 5);
    const referenceFile = path.join(directory, 'reference.mlwbcol');
    const currentFile = path.join(directory, 'current.mlwbcol');
    await writeColumnarFile(reference, referenceFile);
    await writeColumnarFile(current, currentFile);
    const parts = await Promise.all([columnDrift({ referenceFile, currentFile, columns: ['spend'] }), columnDrift({ referenceFile, currentFile, columns: ['plan'] })]);
    const merged = summariseDrift(parts.flatMap((part) => part.columns), [], []);
    const direct = datasetDrift(reference, current);
    expect(merged).toEqual(direct);
    expect(merged.columns.map((column) => [column.column, column.test, column.drifted])).toEqual([
      ['spend', 'wasserstein', true],
      ['plan', 'jensenshannon', false],
    ]);
  });
});
