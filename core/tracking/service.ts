import type { ExperimentSummary, MetricSummary, RunDetailResponse, RunRow } from '../api/contract.js';
import type { Workspace } from '../workspace/workspace.js';
import { ArtifactIndex } from './artifacts.js';
import { ExperimentStore, type Experiment } from './experiments.js';
import { loadDatasetInputsFor, loadRunData, metricValue, toRunRow, type Projection } from './run-view.js';
import { RunStore, type RunRecord } from './runs.js';
import { searchRuns } from './run-search.js';
import { toWireNumber } from './validation.js';

/** The tracker as one object: what routes, the CLI and the trainer call. */
export class TrackingService {
  readonly experiments: ExperimentStore;
  readonly runs: RunStore;
  readonly artifacts: ArtifactIndex;

  constructor(readonly workspace: Workspace) {
    this.experiments = new ExperimentStore(workspace.db);
    this.runs = new RunStore(workspace.db, this.experiments, (rows) => workspace.statistics.noteWrites(rows));
    this.artifacts = new ArtifactIndex(workspace.db, workspace.artifacts);
  }

  get db() {
    return this.workspace.db;
  }

  experimentSummaries(includeDeleted = false): ExperimentSummary[] {
    const records = this.db
      .prepare(
        `SELECT e.*, (SELECT COUNT(*) FROM runs r WHERE r.experiment_id = e.experiment_id AND r.lifecycle_stage = 'active') AS run_count
         FROM experiments e ${includeDeleted ? '' : `WHERE e.lifecycle_stage = 'active'`}
         ORDER BY e.last_update_time DESC, e.experiment_id DESC`,
      )
      .all() as Array<Experiment & { run_count: number }>;
    return this.experiments.withTags(records).map((experiment, index) => toSummary(experiment, records[index].run_count));
  }

  experimentSummary(id: number): ExperimentSummary {
    const experiment = this.experiments.get(id);
    const { count } = this.db.prepare(`SELECT COUNT(*) AS count FROM runs WHERE experiment_id = ? AND lifecycle_stage = 'active'`).get(id) as { count: number };
    return toSummary(experiment, count);
  }

  /** Keys seen across an experiment's runs, for column pickers. */
  experimentColumns(id: number): { params: string[]; metrics: string[]; tags: string[] } {
    this.experiments.get(id);
    const rows = this.db.prepare('SELECT kind, key FROM experiment_keys WHERE experiment_id = ? ORDER BY kind, key').all(id) as Array<{ kind: string; key: string }>;
    const columns = { params: [] as string[], metrics: [] as string[], tags: [] as string[] };
    for (const row of rows) columns[row.kind === 'param' ? 'params' : row.kind === 'metric' ? 'metrics' : 'tags'].push(row.key);
    return columns;
  }

  rows(records: RunRecord[], projection?: Projection): RunRow[] {
    const data = loadRunData(this.db, records.map((record) => record.run_id), projection);
    return records.map((record) => toRunRow(record, data));
  }

  search(input: Parameters<typeof searchRuns>[1], projection?: Projection) {
    const page = searchRuns(this.db, input);
    return { runs: this.rows(page.rows, projection), next_page_token: page.nextPageToken, total: page.total };
  }

  runDetail(runId: string): RunDetailResponse {
    const record = this.runs.get(runId);
    const [run] = this.rows([record]);
    const metrics = (
      this.db.prepare('SELECT key, value, is_nan, step, timestamp, min_value, max_value FROM latest_metrics WHERE run_id = ? ORDER BY key').all(runId) as Array<{
        key: string;
        value: number;
        is_nan: number;
        step: number;
        timestamp: number;
        min_value: number | null;
        max_value: number | null;
      }>
    ).map(
      (row): MetricSummary => ({
        key: row.key,
        latest: metricValue(row),
        step: row.step,
        timestamp: row.timestamp,
        min: row.min_value === null ? null : toWireNumber(row.min_value),
        max: row.max_value === null ? null : toWireNumber(row.max_value),
      }),
    );
    const children = this.db
      .prepare(`SELECT run_id, run_name, status FROM runs WHERE parent_run_id = ? AND lifecycle_stage = 'active' ORDER BY start_time`)
      .all(runId) as RunDetailResponse['children'];
    const inputs = (loadDatasetInputsFor(this.db, [runId]).get(runId) ?? []).map((input) => {
      const dataset = input.dataset as { name: string; digest: string; source_type: string; source: string };
      const context = (input.tags as Array<{ key: string; value: string }>).find((tag) => tag.key === 'mlflow.data.context')?.value ?? null;
      return { name: dataset.name, digest: dataset.digest, source_type: dataset.source_type, source: dataset.source, context };
    });
    return { run, metrics, children, inputs };
  }
}

function toSummary(experiment: Experiment, runCount: number): ExperimentSummary {
  return {
    experiment_id: String(experiment.experiment_id),
    name: experiment.name,
    artifact_location: experiment.artifact_location,
    lifecycle_stage: experiment.lifecycle_stage,
    creation_time: experiment.creation_time,
    last_update_time: experiment.last_update_time,
    created_by: experiment.created_by,
    tags: experiment.tags,
    run_count: runCount,
  };
}
