import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { defaultDatasetName, DatasetService, loadDatasetTable } from './dataset-service.js';
import { writeParquetFixture } from './parquet-fixture.js';
import type { NumericColumn } from './table.js';

let workspace: Workspace;
let service: DatasetService;
const churnCsv = churnRowsToCsv(generateChurnRows({ rows: 300, seed: 5 }));

const importText = (text: string | Buffer, options: { name?: string; fileName?: string; types?: Record<string, 'numeric' | 'categorical'> } = {}) =>
  service.import({ source: Readable.from([Buffer.from(text)]), fileName: options.fileName ?? 'churn.csv', name: options.name, types: options.types, user: 'alice' });

const tableCounts = () => ({
  datasets: (workspace.db.prepare('SELECT COUNT(*) AS n FROM datasets').get() as { n: number }).n,
  versions: (workspace.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get() as { n: number }).n,
});

beforeAll(async () => {
  workspace = await openWorkspace(mkdtempSync(path.join(os.tmpdir(), 'mlwb-datasets-')), { user: 'alice', poolSize: 1 });
  service = new DatasetService(workspace);
});
afterAll(() => workspace.close());

describe('dataset versions', () => {
  it('imports a file as version 1, storing the source bytes and the columnar encoding', async () => {
    const result = await importText(churnCsv);
    expect(result.created).toBe(true);
    expect(result.version).toMatchObject({ name: 'churn', version: 1, row_count: 300, column_count: 10, source_format: 'csv', source_path: 'churn.csv', created_by: 'alice', warnings: [] });
    expect(result.version.source_size).toBe(Buffer.byteLength(churnCsv));
    expect(existsSync(workspace.artifacts.objectPath(result.version.source_sha256))).toBe(true);
    expect(existsSync(workspace.artifacts.objectPath(result.version.sha256))).toBe(true);
    expect(result.schema.map((column) => column.type)).toContain('datetime');
    expect(result.stats.find((column) => column.name === 'region')?.top[0].count).toBeGreaterThan(0);
    // Nothing left behind in the temp folder.
    expect(readdirSync(path.join(workspace.paths.artifacts, 'tmp'))).toEqual([]);
  });

  it('returns the existing version for the same content instead of making a duplicate', async () => {
    const again = await importText(churnCsv);
    expect(again).toMatchObject({ created: false, version: { version: 1 } });
    // Same data, different bytes (CRLF line ends): same content hash, still version 1.
    const crlf = await importText(churnCsv.replaceAll('\n', '\r\n'));
    expect(crlf).toMatchObject({ created: false, version: { version: 1 } });
    expect(service.store.get('churn').versions).toHaveLength(1);
  });

  it('adds version N+1 for new content or other type overrides, and lists the latest', async () => {
    const changed = await importText(churnRowsToCsv(generateChurnRows({ rows: 301, seed: 5 })));
    expect(changed.version.version).toBe(2);
    const retyped = await importText(churnCsv, { types: { transaction_count: 'categorical' } });
    expect(retyped.version).toMatchObject({ version: 3, type_overrides: { transaction_count: 'categorical' } });
    expect(retyped.schema.find((column) => column.name === 'transaction_count')).toMatchObject({ type: 'categorical', inferred_type: 'numeric', overridden: true });
    const { dataset, versions } = service.store.get('churn');
    expect(versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(dataset).toMatchObject({ name: 'churn', version_count: 3, created_by: 'alice', latest: { version: 3 } });
    expect(service.store.list().find((entry) => entry.name === 'churn')?.latest.version).toBe(3);
  });

  it('loads a stored table for training, latest or by version', async () => {
    const latest = await loadDatasetTable(workspace, 'churn');
    expect(latest.version.version).toBe(3);
    const first = await loadDatasetTable(workspace, 'churn', 1);
    expect(first.table.rowCount).toBe(300);
    expect(first.version.schema).toHaveLength(10);
    const spend = first.table.columns.find((column) => column.name === 'total_spend') as NumericColumn;
    expect(spend.values[0]).toBe(generateChurnRows({ rows: 1, seed: 5 })[0].total_spend);
    await expect(loadDatasetTable(workspace, 'churn', 9)).rejects.toThrow("Dataset 'churn' has no version 9 (versions 1–3).");
    await expect(loadDatasetTable(workspace, 'nope')).rejects.toThrow("No dataset named 'nope'");
  });

  it('previews the first rows as plain cells', async () => {
    const preview = await service.preview('churn', 1, 2);
    const first = generateChurnRows({ rows: 1, seed: 5 })[0];
    expect(preview.total_rows).toBe(300);
    expect(preview.rows).toHaveLength(2);
    expect(preview.columns[0]).toEqual({ name: 'customer_id', type: 'categorical' });
    expect(preview.rows[0]).toEqual([
      first.customer_id,
      first.event_timestamp.replace('Z', '.000Z'),
      first.total_spend,
      first.transaction_count,
      first.avg_transaction_amount,
      first.days_since_last_purchase,
      `${first.registration_date}T00:00:00.000Z`,
      first.customer_segment,
      first.region,
      first.target === 1,
    ]);
  });

  it('imports Parquet, naming the dataset after the file', async () => {
    const bytes = writeParquetFixture([
      { name: 'id', type: 'INT32', values: [1, 2, 3] },
      { name: 'city', type: 'BYTE_ARRAY', annotation: 'UTF8', values: ['Oslo', null, 'Bergen'] },
    ]);
    const result = await importText(bytes, { fileName: '/data/Cities 2024.parquet' });
    expect(result.version).toMatchObject({ name: 'Cities_2024', version: 1, source_format: 'parquet', row_count: 3 });
    // Without a telling extension the bytes decide.
    const sniffed = await importText(bytes, { fileName: 'upload', name: 'sniffed' });
    expect(sniffed.version.source_format).toBe('parquet');
  });

  it('keeps an all-missing column and warns about it', async () => {
    const result = await importText('a,empty\n1,\n2,NA\n', { name: 'sparse' });
    expect(result.version.warnings).toEqual(["Column 'empty' has no values (all 2 rows are missing); it is kept, and training drops it."]);
    expect(result.schema[1].type).toBe('numeric');
  });

  it('registers nothing when an import fails', async () => {
    const before = tableCounts();
    await expect(importText('a,b\n1,2\n3\n', { name: 'broken' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    await expect(importText('', { name: 'broken' })).rejects.toThrow('The file is empty');
    await expect(importText('a\nx\n', { name: 'broken', types: { a: 'numeric' } })).rejects.toThrow("Column 'a' is set to numeric");
    await expect(importText('a\n1\n', { name: 'bad name!' })).rejects.toThrow("Invalid dataset name 'bad name!'");
    expect(tableCounts()).toEqual(before);
    expect(() => service.store.get('broken')).toThrow("No dataset named 'broken'");
    expect(readdirSync(path.join(workspace.paths.artifacts, 'tmp'))).toEqual([]);
  });

  it('derives URL-safe default names from file names', () => {
    expect(defaultDatasetName('/tmp/churn.csv')).toBe('churn');
    expect(defaultDatasetName('C:\\data\\Q1 sales (final).csv')).toBe('Q1_sales_final');
    expect(defaultDatasetName('.hidden.csv')).toBe('hidden');
    expect(defaultDatasetName('???')).toBe('dataset');
  });
});

describe('large files', () => {
  it('imports a 200,000-row CSV on the worker pool while the event loop stays free', async () => {
    const file = path.join(workspace.paths.root, 'big.csv');
    writeFileSync(file, churnRowsToCsv(generateChurnRows({ rows: 200_000, seed: 9 })));
    const { createReadStream } = await import('node:fs');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const started = Date.now();
    const result = await service.import({ source: createReadStream(file), fileName: file, user: 'alice' });
    clearInterval(ticker);
    expect(result.version).toMatchObject({ name: 'big', row_count: 200_000 });
    // At least half the expected ticks: parsing did not block the loop.
    expect(ticks).toBeGreaterThan((Date.now() - started) / 10 / 2);
  }, 60_000);
});
