// Reading feature sources and entity tables into Tables: files go through the dataset import's
// parser on the worker pool (same type inference, same row-numbered errors), workbench datasets
// through their stored columnar encoding.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetFormat } from '../api/contract.js';
import { ValidationError } from '../api/errors.js';
import { readColumnarFile } from '../datasets/columnar-file.js';
import { parseVersion } from '../datasets/dataset-routes.js';
import { loadDatasetTable } from '../datasets/dataset-service.js';
import { DatasetStore } from '../datasets/dataset-store.js';
import type { TypeOverrides } from '../datasets/infer-schema.js';
import { formatFromFileName } from '../datasets/parse-dataset.js';
import type { ColumnType, Table } from '../datasets/table.js';
import type { Workspace } from '../workspace/workspace.js';
import type { FeatureRepo, SourceDefinition } from './definitions.js';
import { viewSpec, type ResolvedFeatureView } from './resolved-view.js';

/** Where a table comes from: a CSV/Parquet file, or a stored dataset version (latest when omitted). */
export type TableSource = { file: string; format?: DatasetFormat } | { dataset: string; version?: number };

/** `name` or `name:version`, as the CLI and the repo's `dataset:` field write it. */
export function parseDatasetReference(text: string): { dataset: string; version?: number } {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { dataset: text };
  return { dataset: text.slice(0, colon), version: parseVersion(text.slice(colon + 1)) };
}

export function describeTableSource(source: TableSource): string {
  return 'file' in source ? source.file : `dataset ${source.dataset}${source.version === undefined ? '' : `:${source.version}`}`;
}

export async function readTable(workspace: Workspace, source: TableSource, types: TypeOverrides = {}): Promise<Table> {
  if ('dataset' in source) return (await loadDatasetTable(workspace, source.dataset, source.version)).table;
  if (!existsSync(source.file)) throw new ValidationError(`File ${source.file} does not exist`, { file: source.file });
  // The artifact store's temp folder is emptied at startup, so a crash leaves nothing behind for long.
  const output = path.join(workspace.paths.artifacts, 'tmp', `features-${randomBytes(12).toString('hex')}.mlwbcol`);
  try {
    const outcome = await workspace.pool.run('parseDataset', { file: source.file, format: source.format ?? formatFromFileName(source.file), types, output });
    if (!outcome.ok) throw new ValidationError(`${source.file}: ${outcome.message}`, { file: source.file, ...outcome.details }, outcome.code);
    return await readColumnarFile(output);
  } finally {
    await rm(output, { force: true });
  }
}

/** Column names of a dataset's latest (or given) version, for the repo's column checks. */
export function datasetColumns(workspace: Workspace): (reference: string) => readonly string[] | undefined {
  const store = new DatasetStore(workspace.db);
  return (reference) => {
    try {
      const { dataset, version } = parseDatasetReference(reference);
      return store.version(dataset, version).schema.map((column) => column.name);
    } catch {
      return undefined;
    }
  };
}

const dtypeColumnTypes: Record<string, ColumnType> = {
  Int32: 'numeric',
  Int64: 'numeric',
  Float32: 'numeric',
  Float64: 'numeric',
  Bool: 'boolean',
  UnixTimestamp: 'datetime',
};

/**
 * The declared types of a source's columns, as import overrides: a value that does not fit its
 * dtype is then reported with its row, instead of silently turning the column into strings.
 * String features keep the inferred categorical/text choice.
 */
export function sourceTypes(repo: FeatureRepo, source: SourceDefinition): TypeOverrides {
  const columnOf = (feastName: string) => Object.entries(source.field_mapping ?? {}).find(([, name]) => name === feastName)?.[0] ?? feastName;
  const types: TypeOverrides = { [columnOf(source.timestamp_field)]: 'datetime' };
  if (source.created_timestamp_column) types[columnOf(source.created_timestamp_column)] = 'datetime';
  for (const view of repo.feature_views.filter((candidate) => candidate.source === source.name)) {
    for (const field of view.schema) {
      const type = field.dtype === undefined ? undefined : dtypeColumnTypes[field.dtype];
      if (type) types[columnOf(field.name)] = type;
    }
  }
  return types;
}

/** The named views (all when `names` is undefined) with their source rows; each source read once. */
export async function resolveViews(workspace: Workspace, repo: FeatureRepo, directory: string, names?: readonly string[]): Promise<ResolvedFeatureView[]> {
  const wanted = names ?? repo.feature_views.map((view) => view.name);
  const tables = new Map<string, Promise<Table>>();
  const resolved: ResolvedFeatureView[] = [];
  for (const name of wanted) {
    const spec = viewSpec(repo, name);
    const source = repo.sources.find((candidate) => candidate.name === repo.feature_views.find((view) => view.name === name)!.source)!;
    let table = tables.get(source.name);
    if (!table) {
      const from: TableSource = source.path !== undefined ? { file: path.resolve(directory, source.path), format: source.file_format } : parseDatasetReference(source.dataset!);
      table = readTable(workspace, from, 'file' in from ? sourceTypes(repo, source) : {});
      tables.set(source.name, table);
    }
    resolved.push({ ...spec, table: await table });
  }
  return resolved;
}
