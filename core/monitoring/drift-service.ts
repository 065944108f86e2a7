// A full drift report on two datasets: data drift per column (split across the worker pool and
// merged with summariseDrift), target and prediction drift, data quality, and the report document.
//
// Speed by design:
// - Columns run in parallel: one columnDrift pool task per worker, columns dealt round-robin.
// - Reference profiles (sorted values, category counts) are cached by the reference's columnar
//   sha256 in a bounded LRU (profile-cache.ts); a repeat report against the same reference version
//   sends each worker its cached profiles instead of the reference file.
// - A FILE input (CSV or Parquet) goes through the dataset importer's own pool task (parseDataset:
//   CSV streamed, never held as text) into a temporary columnar file, deleted afterwards.
import { randomBytes } from 'node:crypto';
import { stat, rm } from 'node:fs/promises';
import path from 'node:path';
import { CancelledError, ValidationError } from '../api/errors.js';
import { readColumnarHead } from '../datasets/columnar-file.js';
import { DatasetStore } from '../datasets/dataset-store.js';
import type { Workspace } from '../workspace/workspace.js';
import type { ColumnDrift, SkippedColumn } from './column-drift.js';
import { summariseDrift, type DatasetDrift } from './dataset-drift.js';
import type { DataQualityReport } from './data-quality.js';
import type { ColumnDriftOutput } from './drift-task.js';
import { ReferenceProfileCache } from './profile-cache.js';
import { driftReportDocument, type DriftReportDocument, type DriftSourceInfo } from './report-document.js';
import type { TargetDrift } from './target-drift.js';
import type { DriftSettings } from './test-selection.js';

export type DriftSource = { dataset: string; version?: number } | { file: string };

export interface DriftReportRequest {
  reference: DriftSource;
  current: DriftSource;
  settings?: DriftSettings;
  target?: string;
  prediction?: string;
  /** Feature columns to compare (default: every reference column but the target and prediction). */
  columns?: string[];
}

export interface DriftReportProgress {
  signal?: AbortSignal;
  progress?: (fraction: number, message: string) => void;
  cache?: ReferenceProfileCache;
}

export interface DriftReport {
  document: DriftReportDocument;
  drift: DatasetDrift;
  quality: DataQualityReport;
  target: TargetDrift | null;
  prediction: TargetDrift | null;
}

/** One cache per process: every report of this core shares it. */
export const referenceProfiles = new ReferenceProfileCache();

interface OpenedSource extends DriftSourceInfo {
  file: string;
  columns: string[];
}

export function describeSource(source: DriftSource): string {
  return 'file' in source ? path.basename(source.file) : `${source.dataset}${source.version === undefined ? '' : `:v${source.version}`}`;
}

async function openSource(source: DriftSource, side: string, workspace: Workspace, temporaries: string[]): Promise<OpenedSource> {
  if ('dataset' in source) {
    const record = new DatasetStore(workspace.db).version(source.dataset, source.version);
    const file = workspace.artifacts.objectPath(record.sha256);
    const { table } = await readColumnarHead(file, 0);
    return { label: `${record.name}:v${record.version}`, sha256: record.sha256, rows: record.row_count, file, columns: table.columns.map((column) => column.name) };
  }
  const info = await stat(source.file).catch(() => null);
  if (!info?.isFile()) throw new ValidationError(`The ${side} file does not exist: ${source.file}`, { side, file: source.file });
  const output = path.join(workspace.paths.artifacts, 'tmp', `drift-${randomBytes(12).toString('hex')}.mlwbcol`);
  temporaries.push(output);
  const parsed = await workspace.pool.run('parseDataset', { file: path.resolve(source.file), types: {}, output });
  if (!parsed.ok) throw new ValidationError(`The ${side} file ${source.file}: ${parsed.message}`, { side, ...parsed.details });
  const { sha256 } = await workspace.pool.run('hashFile', { file: output });
  const { table } = await readColumnarHead(output, 0);
  return { label: path.basename(source.file), sha256, rows: parsed.rowCount, file: output, columns: table.columns.map((column) => column.name) };
}

function requireColumn(reference: OpenedSource, column: string, what: string): void {
  if (!reference.columns.includes(column)) throw new ValidationError(`The ${what} column '${column}' is not in the reference data (${reference.label}).`, { column });
}

/**
 * Column groups per pool thread: several small groups balance the threads better than one each,
 * and each group reads only its own columns.
 */
const groupsPerThread = 4;

/** Columns dealt round-robin into `parts` groups. */
function chunk(columns: string[], parts: number): string[][] {
  const chunks: string[][] = Array.from({ length: Math.max(1, Math.min(parts, columns.length)) }, () => []);
  columns.forEach((column, index) => chunks[index % chunks.length].push(column));
  return chunks;
}

export async function runDriftReport(request: DriftReportRequest, workspace: Workspace, options: DriftReportProgress = {}): Promise<DriftReport> {
  const started = performance.now();
  const cache = options.cache ?? referenceProfiles;
  const settings = request.settings ?? {};
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new CancelledError('The drift report was cancelled.');
  };
  const temporaries: string[] = [];
  try {
    options.progress?.(0, 'Reading the datasets');
    const [reference, current] = await Promise.all([openSource(request.reference, 'reference', workspace, temporaries), openSource(request.current, 'current', workspace, temporaries)]);
    checkCancelled();
    if (current.rows === 0) throw new ValidationError(`The current dataset ${current.label} is empty: there is nothing to compare with the reference.`);
    for (const column of request.columns ?? []) requireColumn(reference, column, 'requested');
    if (request.target) requireColumn(reference, request.target, 'target');
    if (request.prediction) requireColumn(reference, request.prediction, 'prediction');
    const roles = new Set([request.target, request.prediction].filter(Boolean));
    const features = (request.columns ?? reference.columns).filter((column) => !roles.has(column));

    const cached = cache.get(reference.sha256, features);
    // Profiles come back to be cached only when they could fit: a numeric column costs 8 bytes a row.
    const returnProfile = reference.rows * 8 * features.length <= cache.maxBytes;
    // Whole-table work (duplicated rows, quality, target drift) on the pool, off the event loop.
    // Queued first, since it is the longest single task; the column groups fill the threads around it.
    const extras = workspace.pool.run('driftExtras', { referenceFile: reference.file, currentFile: current.file, columns: request.columns ? [...request.columns, ...roles].filter((column): column is string => Boolean(column)) : undefined, target: request.target, prediction: request.prediction, settings });
    const chunks = chunk(features, workspace.pool.size * groupsPerThread);
    let done = 0;
    const parts = chunks.map((columns) =>
      workspace.pool
        .run('columnDrift', {
          referenceFile: reference.file,
          currentFile: current.file,
          columns,
          settings,
          ...(cached ? { referenceProfile: { rowCount: reference.rows, columns: cached.filter((profile) => columns.includes(profile.name)) } } : { returnProfile }),
        })
        .then((part: ColumnDriftOutput) => {
          done += 1;
          options.progress?.(done / (chunks.length + 1), `Compared ${done} of ${chunks.length} column groups`);
          return part;
        }),
    );
    const [outputs, { quality, target, prediction }] = await Promise.all([Promise.all(parts), extras]);
    checkCancelled();
    if (!cached) for (const output of outputs) if (output.profile) cache.put(reference.sha256, output.profile.columns);

    // Back in reference column order, then the target and prediction (they count towards dataset drift).
    const order = new Map(reference.columns.map((column, index) => [column, index]));
    const byOrder = <Item extends { column: string }>(items: Item[]) => items.sort((left, right) => order.get(left.column)! - order.get(right.column)!);
    const columns: ColumnDrift[] = byOrder(outputs.flatMap((output) => output.columns));
    const skipped: SkippedColumn[] = byOrder(outputs.flatMap((output) => output.skipped));
    const missing = outputs.flatMap((output) => output.missingInCurrent).sort((left, right) => order.get(left)! - order.get(right)!);
    for (const part of [target, prediction]) {
      if (!part) continue;
      if ('skipped' in part.outcome) {
        if (part.outcome.skipped.includes('missing from the current')) missing.push(part.column);
        else skipped.push(part.outcome);
      } else columns.push(part.outcome);
    }
    const drift = summariseDrift(columns, skipped, missing, settings.driftShare ?? 0.5);
    options.progress?.(1, 'Report ready');
    const document = driftReportDocument({
      drift,
      quality,
      target,
      prediction,
      reference: { label: reference.label, sha256: reference.sha256, rows: reference.rows },
      current: { label: current.label, sha256: current.sha256, rows: current.rows },
      settings,
      durationMs: Math.round(performance.now() - started),
      referenceCached: cached !== null,
    });
    return { document, drift, quality, target, prediction };
  } finally {
    await Promise.all(temporaries.map((file) => rm(file, { force: true })));
  }
}
