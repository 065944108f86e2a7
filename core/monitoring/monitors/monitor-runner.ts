// One monitor run: the deployment's last window of traffic as a table, compared with the
// reference's cached profile on the worker pool (columns dealt across the threads, data quality
// beside them), performance from feedback labels, and a stored report.
//
// The reference is the training dataset in the lineage of the deployment's stable version unless
// the monitor names a dataset; the compared columns are the model's inputs that the reference has.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError, ValidationError } from '../../api/errors.js';
import type { ColumnScore, MonitorRunSummary } from '../../api/monitoring-contract.js';
import { writeColumnarFile } from '../../datasets/columnar-file.js';
import { DatasetStore, type DatasetVersionRecord } from '../../datasets/dataset-store.js';
import type { Table } from '../../datasets/table.js';
import type { RegistryService } from '../../registry/registry-service.js';
import type { ModelScan, VersionLineage } from '../../registry/types.js';
import type { DeploymentService } from '../../serving/deployment-service.js';
import type { PredictionLog } from '../../serving/prediction-log.js';
import type { Workspace } from '../../workspace/workspace.js';
import { summariseDrift } from '../dataset-drift.js';
import type { DriftReportStore } from '../drift-report-store.js';
import { driftSettingsFromJson } from '../drift-routes.js';
import { referenceProfiles } from '../drift-service.js';
import type { ColumnDriftOutput } from '../drift-task.js';
import type { ReferenceProfileCache } from '../profile-cache.js';
import { driftReportDocument, type DriftReportDocument } from '../report-document.js';
import type { MonitorRecord, MonitorStore } from './monitor-store.js';
import { isDegraded, windowPerformance } from './window-performance.js';
import { windowTable } from './window-table.js';

export interface MonitorRunContext {
  workspace: Workspace;
  registry: RegistryService;
  deployments: DeploymentService;
  log: PredictionLog;
  store: MonitorStore;
  reports: DriftReportStore;
  cache?: ReferenceProfileCache;
}

export interface MonitorReference {
  dataset: DatasetVersionRecord;
  /** The label column of the training run: never compared as a feature. */
  target: string | null;
  /** Reference columns the model takes, with their types. */
  features: DatasetVersionRecord['schema'];
}

/** Full reports are kept for this many of a monitor's newest runs; older runs keep their scores. */
export const keptReports = 100;

export function resolveReference(monitor: Pick<MonitorRecord, 'deployment' | 'reference'>, context: Pick<MonitorRunContext, 'workspace' | 'registry' | 'deployments'>): MonitorReference {
  const { stable } = context.deployments.config(monitor.deployment);
  const version = context.registry.store.version(stable.model, stable.version);
  const lineage = JSON.parse(version.lineage) as VersionLineage;
  const datasets = new DatasetStore(context.workspace.db);
  let dataset: DatasetVersionRecord;
  if (monitor.reference) {
    dataset = datasets.version(monitor.reference.dataset, monitor.reference.version);
  } else {
    const trained = lineage.datasets.find((entry) => entry.context === 'train') ?? lineage.datasets[0];
    if (!trained) {
      throw new ValidationError(`${stable.model} version ${stable.version} has no training dataset in its lineage: choose a reference dataset for the monitor of '${monitor.deployment}'.`, {
        field: 'reference',
      });
    }
    dataset = datasets.version(trained.name, trained.version);
  }
  const target = lineage.run?.target ?? null;
  const inputs = version.inspection ? new Set((JSON.parse(version.inspection) as ModelScan).inputs.map((input) => input.name)) : null;
  const features = dataset.schema.filter((column) => column.name !== target && (!inputs || inputs.has(column.name)));
  return { dataset, target, features };
}

/** Columns dealt round-robin into one group per worker thread. */
function columnGroups(columns: string[], parts: number): string[][] {
  const groups: string[][] = Array.from({ length: Math.max(1, Math.min(parts, columns.length)) }, () => []);
  columns.forEach((column, index) => groups[index % groups.length].push(column));
  return groups;
}

/** Drift and data quality of `current` against the reference version, on the pool, with the reference profile cached. */
export async function compareWithReference(monitor: MonitorRecord, reference: MonitorReference, current: Table, context: MonitorRunContext): Promise<DriftReportDocument> {
  const started = performance.now();
  const { workspace } = context;
  const cache = context.cache ?? referenceProfiles;
  const settings = driftSettingsFromJson(monitor.settings);
  const features = reference.features.map((column) => column.name);
  const referenceFile = workspace.artifacts.objectPath(reference.dataset.sha256);
  const currentFile = path.join(workspace.paths.artifacts, 'tmp', `monitor-${randomBytes(12).toString('hex')}.mlwbcol`);
  await mkdir(path.dirname(currentFile), { recursive: true });
  try {
    await writeColumnarFile(current, currentFile);
    const cached = cache.get(reference.dataset.sha256, features);
    const parts = columnGroups(features, workspace.pool.size).map(
      (columns): Promise<ColumnDriftOutput> =>
        workspace.pool.run('columnDrift', {
          referenceFile,
          currentFile,
          columns,
          settings,
          ...(cached ? { referenceProfile: { rowCount: reference.dataset.row_count, columns: cached.filter((profile) => columns.includes(profile.name)) } } : { returnProfile: true }),
        }),
    );
    const extras = workspace.pool.run('driftExtras', { referenceFile, currentFile, columns: features, settings });
    const [outputs, { quality }] = await Promise.all([Promise.all(parts), extras]);
    if (!cached) for (const output of outputs) if (output.profile) cache.put(reference.dataset.sha256, output.profile.columns);
    const order = new Map(features.map((column, index) => [column, index]));
    const byOrder = <Item extends { column: string }>(items: Item[]) => items.sort((left, right) => order.get(left.column)! - order.get(right.column)!);
    const drift = summariseDrift(
      byOrder(outputs.flatMap((output) => output.columns)),
      byOrder(outputs.flatMap((output) => output.skipped)),
      outputs.flatMap((output) => output.missingInCurrent).sort((left, right) => order.get(left)! - order.get(right)!),
      settings.driftShare ?? 0.5,
    );
    return driftReportDocument({
      drift,
      quality,
      target: null,
      prediction: null,
      reference: { label: `${reference.dataset.name}:v${reference.dataset.version}`, sha256: reference.dataset.sha256, rows: reference.dataset.row_count },
      current: { label: `${monitor.deployment} traffic`, sha256: '', rows: current.rowCount },
      settings,
      durationMs: Math.round(performance.now() - started),
      referenceCached: cached !== null,
    });
  } finally {
    await rm(currentFile, { force: true });
  }
}

function columnScores(document: DriftReportDocument): ColumnScore[] {
  const table = document.metrics.find((metric) => metric.metric === 'DataDriftTable');
  if (!table || table.metric !== 'DataDriftTable') return [];
  return Object.values(table.result.drift_by_columns).map((entry) => ({
    column: entry.column_name,
    test: entry.stattest_name,
    score: entry.drift_score,
    threshold: entry.stattest_threshold,
    drifted: entry.drift_detected,
  }));
}

/** Runs the monitor over [now − window, now) and stores the run; a window that cannot be compared is stored with its reason. */
export async function runMonitor(monitor: MonitorRecord, context: MonitorRunContext, now = Date.now()): Promise<MonitorRunSummary> {
  const started = performance.now();
  const windowStart = now - monitor.window_seconds * 1000;
  const base = { monitor_id: monitor.id, time: now, window_start: windowStart, window_end: now };
  const finish = (fields: Omit<MonitorRunSummary, 'id' | 'monitor_id' | 'time' | 'window_start' | 'window_end' | 'duration_ms'>) =>
    context.store.insertRun({ ...base, ...fields, duration_ms: Math.round(performance.now() - started) });
  const empty = { drifted_share: null, dataset_drift: null, column_scores: [], performance: null, degraded: false, report_id: null };

  let reference: MonitorReference;
  try {
    reference = resolveReference(monitor, context);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof NotFoundError) return finish({ ...empty, window_rows: 0, error: error.message });
    throw error;
  }
  const window = context.log.window(monitor.deployment, windowStart, now);
  const performanceNow = windowPerformance(window, monitor.positive_label);
  const degraded = isDegraded(performanceNow, monitor.degraded);
  const current = windowTable(window, reference.features);
  if (current.rowCount === 0) {
    const minutes = Math.round(monitor.window_seconds / 60);
    return finish({ ...empty, performance: performanceNow, degraded, window_rows: 0, error: `No predictions of '${monitor.deployment}' in the last ${minutes} minute${minutes === 1 ? '' : 's'}.` });
  }
  let document: DriftReportDocument;
  try {
    document = await compareWithReference(monitor, reference, current, context);
  } catch (error) {
    if (error instanceof ValidationError) return finish({ ...empty, performance: performanceNow, degraded, window_rows: current.rowCount, error: error.message });
    throw error;
  }
  const reportId = randomUUID();
  context.reports.insert({ id: reportId, user: `monitor:${monitor.deployment}`, settings: monitor.settings, report: document });
  const run = finish({
    drifted_share: document.workbench.summary.share_of_drifted_columns,
    dataset_drift: document.workbench.summary.dataset_drift,
    column_scores: columnScores(document),
    performance: performanceNow,
    degraded,
    report_id: reportId,
    window_rows: current.rowCount,
    error: null,
  });
  context.store.pruneReports(monitor.id, keptReports);
  return run;
}
