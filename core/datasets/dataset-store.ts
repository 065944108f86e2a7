// SQL for datasets and their versions (tables from migration 2). Versions are immutable: rows are
// only ever inserted, each registration in one IMMEDIATE transaction so that two importers (the
// server and a CLI, say) cannot both claim the same version number.
import type { DatasetColumnSchema, DatasetColumnStats, DatasetFormat, DatasetSummary, DatasetVersionSummary } from '../api/contract.js';
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import type { TypeOverrides } from './infer-schema.js';

interface VersionRow {
  name: string;
  version: number;
  source_sha256: string;
  source_size: number;
  source_path: string;
  source_format: DatasetFormat;
  columnar_sha256: string;
  columnar_size: number;
  row_count: number;
  column_count: number;
  type_overrides: string;
  schema: string;
  stats: string;
  warnings: string;
  created_time: number;
  created_by: string;
}

interface DatasetRow {
  name: string;
  created_time: number;
  created_by: string;
  last_update_time: number;
  version_count: number;
}

/** A stored version with its schema and statistics (parsed from their JSON columns). */
export interface DatasetVersionRecord extends DatasetVersionSummary {
  columnar_size: number;
  schema: DatasetColumnSchema[];
  stats: DatasetColumnStats[];
}

export interface NewVersion {
  name: string;
  sourceSha256: string;
  sourceSize: number;
  sourcePath: string;
  sourceFormat: DatasetFormat;
  columnarSha256: string;
  columnarSize: number;
  rowCount: number;
  typeOverrides: TypeOverrides;
  schema: DatasetColumnSchema[];
  stats: DatasetColumnStats[];
  warnings: string[];
  user: string;
}

// Names appear in URLs and in the CLI's NAME:VERSION, so they keep to a plain alphabet.
const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function validateDatasetName(name: string): string {
  if (!namePattern.test(name)) {
    throw new ValidationError(`Invalid dataset name '${name}': use 1–128 letters, digits, '_', '.' or '-', starting with a letter or digit.`, { field: 'name', value: name });
  }
  return name;
}

function summary(row: VersionRow): DatasetVersionSummary {
  return {
    name: row.name,
    version: row.version,
    sha256: row.columnar_sha256,
    source_sha256: row.source_sha256,
    source_size: row.source_size,
    source_path: row.source_path,
    source_format: row.source_format,
    row_count: row.row_count,
    column_count: row.column_count,
    type_overrides: JSON.parse(row.type_overrides) as TypeOverrides,
    warnings: JSON.parse(row.warnings) as string[],
    created_time: row.created_time,
    created_by: row.created_by,
  };
}

function record(row: VersionRow): DatasetVersionRecord {
  return { ...summary(row), columnar_size: row.columnar_size, schema: JSON.parse(row.schema) as DatasetColumnSchema[], stats: JSON.parse(row.stats) as DatasetColumnStats[] };
}

export class DatasetStore {
  constructor(private readonly db: Sqlite) {}

  list(): DatasetSummary[] {
    const rows = this.db
      .prepare(
        `SELECT d.name, d.created_time, d.created_by, d.last_update_time, COUNT(v.version) AS version_count
         FROM datasets d JOIN dataset_versions v ON v.name = d.name
         GROUP BY d.name ORDER BY d.last_update_time DESC, d.name`,
      )
      .all() as DatasetRow[];
    return rows.map((row) => this.datasetSummary(row));
  }

  /** The dataset and all its versions, newest first. */
  get(name: string): { dataset: DatasetSummary; versions: DatasetVersionSummary[] } {
    const versions = (this.db.prepare('SELECT * FROM dataset_versions WHERE name = ? ORDER BY version DESC').all(name) as VersionRow[]).map(summary);
    if (versions.length === 0) throw this.notFound(name);
    const row = this.db.prepare('SELECT name, created_time, created_by, last_update_time FROM datasets WHERE name = ?').get(name) as Omit<DatasetRow, 'version_count'>;
    return { dataset: { ...row, version_count: versions.length, latest: versions[0] }, versions };
  }

  /** A version by number, or the latest when `version` is undefined. */
  version(name: string, version?: number): DatasetVersionRecord {
    const row = (
      version === undefined
        ? this.db.prepare('SELECT * FROM dataset_versions WHERE name = ? ORDER BY version DESC LIMIT 1').get(name)
        : this.db.prepare('SELECT * FROM dataset_versions WHERE name = ? AND version = ?').get(name, version)
    ) as VersionRow | undefined;
    if (row) return record(row);
    if (version === undefined || !this.db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name)) throw this.notFound(name);
    const latest = (this.db.prepare('SELECT MAX(version) AS latest FROM dataset_versions WHERE name = ?').get(name) as { latest: number }).latest;
    throw new NotFoundError(`Dataset '${name}' has no version ${version} (versions 1–${latest}).`, { name, version, latest });
  }

  /** A version imported from the same bytes with the same type overrides, if there is one. */
  findBySource(name: string, sourceSha256: string, typeOverrides: TypeOverrides): DatasetVersionRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM dataset_versions WHERE name = ? AND source_sha256 = ? AND type_overrides = ? ORDER BY version LIMIT 1')
      .get(name, sourceSha256, JSON.stringify(typeOverrides)) as VersionRow | undefined;
    return row ? record(row) : undefined;
  }

  /**
   * Registers the next version, or returns the existing version with the same content hash:
   * re-importing the same data never makes a duplicate.
   */
  register(input: NewVersion): { record: DatasetVersionRecord; created: boolean } {
    return this.db
      .transaction(() => {
        const existing = this.db.prepare('SELECT * FROM dataset_versions WHERE name = ? AND columnar_sha256 = ?').get(input.name, input.columnarSha256) as VersionRow | undefined;
        if (existing) return { record: record(existing), created: false };
        const now = Date.now();
        this.db
          .prepare('INSERT INTO datasets (name, created_time, created_by, last_update_time) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET last_update_time = excluded.last_update_time')
          .run(input.name, now, input.user, now);
        const { next } = this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM dataset_versions WHERE name = ?').get(input.name) as { next: number };
        this.db
          .prepare(
            `INSERT INTO dataset_versions (name, version, source_sha256, source_size, source_path, source_format, columnar_sha256, columnar_size,
               row_count, column_count, type_overrides, schema, stats, warnings, created_time, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.name,
            next,
            input.sourceSha256,
            input.sourceSize,
            input.sourcePath,
            input.sourceFormat,
            input.columnarSha256,
            input.columnarSize,
            input.rowCount,
            input.schema.length,
            JSON.stringify(input.typeOverrides),
            JSON.stringify(input.schema),
            JSON.stringify(input.stats),
            JSON.stringify(input.warnings),
            now,
            input.user,
          );
        return { record: this.version(input.name, next), created: true };
      })
      .immediate();
  }

  private datasetSummary(row: DatasetRow): DatasetSummary {
    const latest = this.db.prepare('SELECT * FROM dataset_versions WHERE name = ? ORDER BY version DESC LIMIT 1').get(row.name) as VersionRow;
    return { ...row, latest: summary(latest) };
  }

  private notFound(name: string): NotFoundError {
    return new NotFoundError(`No dataset named '${name}'. Import one with: mlwb datasets import FILE --name ${name}`, { name });
  }
}
