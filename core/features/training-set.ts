// Saving a point-in-time result as a dataset version whose lineage names the feature repo version
// and views it came from, so a training run on that dataset, and the model registered from the
// run, trace back to the exact feature definitions.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetColumnSchema } from '../api/contract.js';
import { columnStats } from '../datasets/column-stats.js';
import { writeColumnarFile } from '../datasets/columnar-file.js';
import { DatasetStore, validateDatasetName, type DatasetVersionRecord } from '../datasets/dataset-store.js';
import { isNumericColumn, type Column, type Table } from '../datasets/table.js';
import { AuditLog } from '../registry/audit-log.js';
import type { Workspace } from '../workspace/workspace.js';
import { isoFromMicros } from './online-store.js';

export interface TrainingSetLineage {
  repo_version: number;
  /** Each view used, with the features taken from it. */
  feature_views: { name: string; features: string[]; source: string; ttl: string }[];
  /** The output column names, in order. */
  features: string[];
  full_feature_names: boolean;
  /** The entity table: a file path or `dataset NAME:VERSION`. */
  entity_source: string;
}

export interface StoredLineage extends TrainingSetLineage {
  dataset: string;
  version: number;
  created_time: number;
  created_by: string;
}

/**
 * Stores the table as the next version of dataset `name`: the CSV form as its source (what a
 * download gives back) and the typed columns as its columnar encoding, without a re-parse that
 * could change a column's type. Version, lineage and audit entry land in one transaction.
 */
export async function saveTrainingSet(workspace: Workspace, table: Table, name: string, lineage: TrainingSetLineage, user: string): Promise<{ record: DatasetVersionRecord; created: boolean }> {
  validateDatasetName(name);
  const temp = path.join(workspace.paths.artifacts, 'tmp', `training-set-${randomBytes(12).toString('hex')}`);
  try {
    await writeTableCsv(table, `${temp}.csv`);
    await writeColumnarFile(table, `${temp}.mlwbcol`);
    const source = await workspace.artifacts.putStream(createReadStream(`${temp}.csv`));
    const columnar = await workspace.artifacts.putStream(createReadStream(`${temp}.mlwbcol`));
    const schema: DatasetColumnSchema[] = table.columns.map((column) => ({ name: column.name, type: column.type, inferred_type: column.type, overridden: false, source_type: 'string' }));
    const store = new DatasetStore(workspace.db);
    const audit = new AuditLog(workspace.db);
    return workspace.db
      .transaction(() => {
        const saved = store.register({
          name,
          sourceSha256: source.sha256,
          sourceSize: source.size,
          sourcePath: `feature-store:historical (repo v${lineage.repo_version})`,
          sourceFormat: 'csv',
          columnarSha256: columnar.sha256,
          columnarSize: columnar.size,
          rowCount: table.rowCount,
          typeOverrides: {},
          schema,
          stats: table.columns.map(columnStats),
          warnings: [],
          user,
        });
        const { version } = saved.record;
        const inserted = workspace.db
          .prepare(
            `INSERT INTO feature_dataset_lineage (dataset, version, repo_version, feature_views, features, full_feature_names, entity_source, created_time, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dataset, version) DO NOTHING`,
          )
          .run(name, version, lineage.repo_version, JSON.stringify(lineage.feature_views), JSON.stringify(lineage.features), lineage.full_feature_names ? 1 : 0, lineage.entity_source, Date.now(), user);
        if (inserted.changes > 0) {
          audit.append({ actor: user, action: 'features.training_set', entityType: 'dataset', entityId: `${name}:${version}`, after: lineage });
        }
        return saved;
      })
      .immediate();
  } finally {
    await rm(`${temp}.csv`, { force: true });
    await rm(`${temp}.mlwbcol`, { force: true });
  }
}

/** The feature lineage of a dataset version, or undefined when it was not built by the feature store. */
export function trainingSetLineage(workspace: Workspace, dataset: string, version: number): StoredLineage | undefined {
  const row = workspace.db.prepare('SELECT * FROM feature_dataset_lineage WHERE dataset = ? AND version = ?').get(dataset, version) as
    | { dataset: string; version: number; repo_version: number; feature_views: string; features: string; full_feature_names: number; entity_source: string; created_time: number; created_by: string }
    | undefined;
  if (!row) return undefined;
  return { ...row, feature_views: JSON.parse(row.feature_views), features: JSON.parse(row.features), full_feature_names: row.full_feature_names === 1 };
}

const rowsPerWrite = 4096;

/** RFC 4180 CSV: header, ISO-8601 UTC datetimes, true/false, empty for missing. */
export async function writeTableCsv(table: Table, file: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const cells = table.columns.map((column) => cellText(column));
    await handle.write(`${table.columns.map((column) => quote(column.name)).join(',')}\n`);
    for (let start = 0; start < table.rowCount; start += rowsPerWrite) {
      const lines: string[] = [];
      const end = Math.min(table.rowCount, start + rowsPerWrite);
      for (let row = start; row < end; row++) lines.push(cells.map((cell) => cell(row)).join(','));
      await handle.write(`${lines.join('\n')}\n`);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function cellText(column: Column): (row: number) => string {
  if (!isNumericColumn(column)) {
    const quoted = column.dictionary.map(quote);
    return (row) => (column.codes[row] < 0 ? '' : quoted[column.codes[row]]);
  }
  const { values } = column;
  if (column.type === 'boolean') return (row) => (Number.isNaN(values[row]) ? '' : values[row] === 1 ? 'true' : 'false');
  if (column.type === 'datetime') return (row) => (Number.isNaN(values[row]) ? '' : isoFromMicros(Math.round(values[row] * 1000)));
  return (row) => (Number.isNaN(values[row]) ? '' : String(values[row]));
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() || text === '' ? `"${text.replaceAll('"', '""')}"` : text;
}
