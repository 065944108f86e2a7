// The feature store as users drive it (CLI, HTTP, UI): plan and apply a repo, build training sets
// by point-in-time retrieval on the worker pool, materialize into the online store, read online.
import path from 'node:path';
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { DatasetVersionSummary } from '../api/contract.js';
import type { Table } from '../datasets/table.js';
import { parseDatetime } from '../datasets/value-parsing.js';
import type { Workspace } from '../workspace/workspace.js';
import type { FeatureRepo, FeatureServiceDefinition } from './definitions.js';
import { FeatureRegistry, type AppliedRepo, type ApplyResult } from './feature-registry.js';
import { selectFeatures, type FeatureSelection } from './feature-refs.js';
import { datasetColumns, describeTableSource, readTable, resolveViews, type TableSource } from './feature-sources.js';
import { OnlineStore, type MaterializeResult, type OnlineResponse } from './online-store.js';
import { describePlan, type RepoPlan } from './plan.js';
import { loadFeatureRepo } from './repo.js';
import { viewSpec } from './resolved-view.js';
import { saveTrainingSet, type TrainingSetLineage } from './training-set.js';

export interface PlanResult {
  plan: RepoPlan;
  lines: string[];
  warnings: string[];
  /** The version the plan compares against; null when nothing was applied yet. */
  current_version: number | null;
}

export interface FeatureRequest {
  /** `view:feature` references; or `service`. */
  features?: readonly string[];
  service?: string;
  fullFeatureNames?: boolean;
}

export interface HistoricalOptions extends FeatureRequest {
  entities: TableSource;
  filterByCreatedTimestamp?: boolean;
  /** Also store the result as the next version of this dataset, with feature lineage. */
  saveAs?: string;
  user: string;
}

export interface HistoricalResult {
  table: Table;
  repo_version: number;
  lineage: TrainingSetLineage;
  dataset?: { version: DatasetVersionSummary; created: boolean };
}

export interface MaterializeRun {
  repo_version: number;
  views: MaterializeResult[];
}

export interface OnlineOptions extends FeatureRequest {
  /** Columnar join-key values, as Feast's HTTP body carries them: `{customer_id: ["C1", "C2"]}`. */
  entities: Record<string, readonly unknown[]>;
  stale?: 'flag' | 'null';
  /** Epoch ms; the request's single "now" (reference §4). */
  now?: number;
}

export class FeatureService {
  readonly registry: FeatureRegistry;
  readonly online: OnlineStore;

  constructor(readonly workspace: Workspace) {
    this.registry = new FeatureRegistry(workspace.db);
    this.online = new OnlineStore(workspace.db);
  }

  /** Reads and checks the repo folder; every problem is named with its file, line and field. */
  load(directory: string): { repo: FeatureRepo; warnings: string[]; directory: string } {
    const absolute = path.resolve(directory);
    return { ...loadFeatureRepo(absolute, { datasetColumns: datasetColumns(this.workspace) }), directory: absolute };
  }

  plan(directory: string): PlanResult {
    const { repo, warnings } = this.load(directory);
    const plan = this.registry.plan(repo);
    return { plan, lines: describePlan(plan), warnings, current_version: this.registry.current()?.version ?? null };
  }

  apply(directory: string, user: string): ApplyResult & { warnings: string[] } {
    const loaded = this.load(directory);
    return { ...this.registry.apply(loaded.repo, loaded.directory, user), warnings: loaded.warnings };
  }

  async historical(options: HistoricalOptions): Promise<HistoricalResult> {
    const applied = this.registry.require();
    const selection = featureSelection(applied.repo, options);
    const entityTable = await readTable(this.workspace, options.entities);
    // Checked before the sources are read: a typo should not cost a scan of every source.
    const selected = selectFeatures(selection, applied.repo.feature_views.map((view) => viewSpec(applied.repo, view.name)), {
      fullFeatureNames: options.fullFeatureNames ?? false,
      reservedColumns: entityTable.columns.map((column) => column.name),
    });
    const featureViews = await resolveViews(this.workspace, applied.repo, applied.directory, selected.map((entry) => entry.view));
    const table = await this.workspace.pool.run('pointInTimeJoin', {
      entityTable,
      featureViews,
      features: selection,
      fullFeatureNames: options.fullFeatureNames ?? false,
      filterByCreatedTimestamp: options.filterByCreatedTimestamp ?? false,
    });
    const lineage: TrainingSetLineage = {
      repo_version: applied.version,
      feature_views: selected.map((entry) => {
        const view = applied.repo.feature_views.find((candidate) => candidate.name === entry.view)!;
        return { name: view.name, features: entry.features.map((feature) => feature.feature), source: view.source, ttl: view.ttl };
      }),
      features: selected.flatMap((entry) => entry.features.map((feature) => feature.output)),
      full_feature_names: options.fullFeatureNames ?? false,
      entity_source: describeTableSource(options.entities),
    };
    const result: HistoricalResult = { table, repo_version: applied.version, lineage };
    if (options.saveAs !== undefined) {
      const saved = await saveTrainingSet(this.workspace, table, options.saveAs, lineage, options.user);
      const { schema: _schema, stats: _stats, columnar_size: _size, ...version } = saved.record;
      result.dataset = { version, created: saved.created };
    }
    return result;
  }

  /** Both bounds inclusive (epoch ms); every online view unless `views` names some. */
  async materialize(start: number, end: number, views?: readonly string[]): Promise<MaterializeRun> {
    return this.materializeWith(views, (view) => this.online.materialize(view, start, end));
  }

  /** Each view from its previous run's end (or now - ttl) up to `end`. */
  async materializeIncremental(end: number, views?: readonly string[]): Promise<MaterializeRun> {
    return this.materializeWith(views, (view) => this.online.materializeIncremental(view, end));
  }

  getOnline(options: OnlineOptions): OnlineResponse {
    const applied = this.registry.require();
    const selection = featureSelection(applied.repo, options);
    const columns = Object.entries(options.entities);
    if (columns.length === 0) throw new ValidationError('No entities given: pass join-key values such as {"customer_id": ["C1"]}', { field: 'entities' });
    const rowCount = columns[0][1].length;
    const uneven = columns.find(([, values]) => values.length !== rowCount);
    if (uneven) throw new ValidationError(`Entity column "${uneven[0]}" has ${uneven[1].length} values but "${columns[0][0]}" has ${rowCount}; every join key needs one value per entity row`, { field: `entities.${uneven[0]}` });
    const entityRows = Array.from({ length: rowCount }, (_, row) => Object.fromEntries(columns.map(([key, values]) => [key, values[row]])));
    const views = applied.repo.feature_views.map((view) => viewSpec(applied.repo, view.name));
    return this.online.getOnlineFeatures({ features: selection, entityRows, fullFeatureNames: options.fullFeatureNames, stale: options.stale }, views, options.now ?? Date.now());
  }

  /** The latest materialization and the online row count of each view, for `list` and the UI. */
  onlineStatus(): Map<string, { online_rows: number; last_materialization: { start: number; end: number; finished_at: number } | null }> {
    const status = new Map<string, { online_rows: number; last_materialization: { start: number; end: number; finished_at: number } | null }>();
    const counts = this.workspace.db.prepare('SELECT feature_view, COUNT(*) AS rows FROM feature_online_values GROUP BY feature_view').all() as { feature_view: string; rows: number }[];
    const runs = this.workspace.db
      .prepare('SELECT feature_view, start_ts, end_ts, finished_at FROM feature_materializations WHERE id IN (SELECT max(id) FROM feature_materializations GROUP BY feature_view)')
      .all() as { feature_view: string; start_ts: number; end_ts: number; finished_at: number }[];
    for (const { feature_view, rows } of counts) status.set(feature_view, { online_rows: rows, last_materialization: null });
    for (const run of runs) {
      const entry = status.get(run.feature_view) ?? { online_rows: 0, last_materialization: null };
      entry.last_materialization = { start: run.start_ts / 1000, end: run.end_ts / 1000, finished_at: run.finished_at };
      status.set(run.feature_view, entry);
    }
    return status;
  }

  private async materializeWith(names: readonly string[] | undefined, run: (view: Awaited<ReturnType<typeof resolveViews>>[number]) => MaterializeResult): Promise<MaterializeRun> {
    const applied = this.registry.require();
    const targets = materializedViews(applied, names);
    const resolved = await resolveViews(this.workspace, applied.repo, applied.directory, targets);
    return { repo_version: applied.version, views: resolved.map(run) };
  }
}

function featureSelection(repo: FeatureRepo, request: FeatureRequest): FeatureSelection {
  if ((request.features === undefined || request.features.length === 0) === (request.service === undefined)) {
    throw new ValidationError('Give either feature references (view:feature, …) or a feature service, not both and not neither', { field: 'features' });
  }
  if (request.service === undefined) return request.features!;
  const service: FeatureServiceDefinition | undefined = repo.feature_services.find((candidate) => candidate.name === request.service);
  if (!service) {
    throw new NotFoundError(`Feature service "${request.service}" does not exist (known: ${repo.feature_services.map((candidate) => candidate.name).join(', ') || 'none'})`, { service: request.service });
  }
  return service;
}

function materializedViews(applied: AppliedRepo, names: readonly string[] | undefined): string[] {
  if (names === undefined || names.length === 0) {
    const online = applied.repo.feature_views.filter((view) => view.online).map((view) => view.name);
    if (online.length === 0) throw new ValidationError('The applied feature repo has no online feature views to materialize', { repo_version: applied.version });
    return online;
  }
  for (const name of names) viewSpec(applied.repo, name);
  return [...names];
}


/** An ISO 8601 time as epoch ms; without an offset it is UTC (reference P15). */
export function parseTime(text: string, field: string): number {
  const value = parseDatetime(text);
  if (value === undefined) throw new ValidationError(`${field} "${text}" is not an ISO 8601 time such as 2024-06-01 or 2024-06-01T12:00:00Z`, { field, value: text });
  return value;
}
