// Dataset import, lookup and loading: what the routes, the CLI and the trainer call.
//
// An import stores the source bytes (content-addressed), parses them on the worker pool into the
// columnar encoding, stores that too, and only then registers the version in one transaction. A
// failed import therefore registers nothing; the bytes it stored are unreferenced blobs, which the
// content-addressed store tolerates (the next identical upload reuses them).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DatasetCell, DatasetFormat, DatasetPreviewResponse, DatasetVersionResponse, ImportDatasetResponse } from '../api/contract.js';
import { ValidationError } from '../api/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { readColumnarFile, readColumnarHead } from './columnar-file.js';
import { DatasetStore, validateDatasetName, type DatasetVersionRecord } from './dataset-store.js';
import { canonicalOverrides, type TypeOverrides } from './infer-schema.js';
import { formatFromFileName } from './parse-dataset.js';
import { isNumericColumn, type Column, type Table } from './table.js';

export interface ImportDatasetOptions {
  /** The file's bytes, streamed (an HTTP request body or a file stream). */
  source: Readable;
  /** The file name as the user knows it: recorded, and the default for `name` and `format`. */
  fileName: string;
  name?: string;
  format?: DatasetFormat;
  types?: TypeOverrides;
  user: string;
}

export const maxPreviewRows = 1000;

export class DatasetService {
  readonly store: DatasetStore;

  constructor(readonly workspace: Workspace) {
    this.store = new DatasetStore(workspace.db);
  }

  async import(options: ImportDatasetOptions): Promise<ImportDatasetResponse> {
    // Everything checkable without the bytes is checked before reading them.
    const name = validateDatasetName(options.name ?? defaultDatasetName(options.fileName));
    const types = canonicalOverrides(options.types ?? {});
    const format = options.format ?? formatFromFileName(options.fileName);
    const { artifacts, pool } = this.workspace;
    const source = await artifacts.putStream(options.source);
    const sameSource = this.store.findBySource(name, source.sha256, types);
    if (sameSource) return { ...versionResponse(sameSource), created: false };

    // The artifact store's temp folder: same file system as the objects, emptied at startup.
    const columnarFile = path.join(this.workspace.paths.artifacts, 'tmp', `dataset-${randomBytes(12).toString('hex')}.mlwbcol`);
    try {
      const outcome = await pool.run('parseDataset', { file: artifacts.objectPath(source.sha256), format, types, output: columnarFile });
      if (!outcome.ok) throw new ValidationError(outcome.message, outcome.details, outcome.code);
      const columnar = await artifacts.putStream(createReadStream(columnarFile));
      const { record, created } = this.store.register({
        name,
        sourceSha256: source.sha256,
        sourceSize: source.size,
        sourcePath: options.fileName,
        sourceFormat: outcome.format,
        columnarSha256: columnar.sha256,
        columnarSize: columnar.size,
        rowCount: outcome.rowCount,
        typeOverrides: types,
        schema: outcome.schema,
        stats: outcome.stats,
        warnings: outcome.warnings,
        user: options.user,
      });
      return { ...versionResponse(record), created };
    } finally {
      await rm(columnarFile, { force: true });
    }
  }

  async preview(name: string, version: number | undefined, rows: number): Promise<DatasetPreviewResponse> {
    const record = this.store.version(name, version);
    const { table, totalRows } = await readColumnarHead(this.workspace.artifacts.objectPath(record.sha256), Math.min(rows, maxPreviewRows));
    return { columns: table.columns.map((column) => ({ name: column.name, type: column.type })), rows: tableRows(table), total_rows: totalRows };
  }
}

/** The stored table of a dataset version (the latest when `version` is omitted), ready to train on. */
export async function loadDatasetTable(workspace: Workspace, name: string, version?: number): Promise<{ table: Table; version: DatasetVersionRecord }> {
  const record = new DatasetStore(workspace.db).version(name, version);
  const table = await readColumnarFile(workspace.artifacts.objectPath(record.sha256));
  return { table, version: record };
}

export function versionResponse(record: DatasetVersionRecord): DatasetVersionResponse {
  const { schema, stats, columnar_size: _size, ...version } = record;
  return { version, schema, stats };
}

/** "data/Churn 2024 (v2).csv" → "Churn_2024_v2": the file name without folders or extension, made URL-safe. */
export function defaultDatasetName(fileName: string): string {
  const base = path.basename(fileName.replaceAll('\\', '/')).replace(/\.[^.]*$/, '');
  const cleaned = base
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 128);
  return cleaned || 'dataset';
}

/** Rows of cells: datetimes as ISO strings, booleans as true/false, missing as null. */
export function tableRows(table: Table): DatasetCell[][] {
  return Array.from({ length: table.rowCount }, (_, row) => table.columns.map((column) => cellAt(column, row)));
}

function cellAt(column: Column, row: number): DatasetCell {
  if (!isNumericColumn(column)) {
    const code = column.codes[row];
    return code < 0 ? null : column.dictionary[code];
  }
  const value = column.values[row];
  if (Number.isNaN(value)) return null;
  if (column.type === 'boolean') return value === 1;
  if (column.type === 'datetime') return new Date(value).toISOString();
  return value;
}
