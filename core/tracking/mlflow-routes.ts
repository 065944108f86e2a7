// MLflow tracking REST API 2.0 (reference §4): same paths, field names, limits and envelope, so
// MLflow's own clients work against the workbench unchanged.
import { queryObject } from '../api/body.js';
import { NotFoundError, ValidationError, WorkbenchError } from '../api/errors.js';
import { mlflowPaths, type Handler, type RequestContext, type Route } from '../api/router.js';
import { joinPath, storagePrefix, validateArtifactPath } from './artifacts.js';
import { parseExperimentId } from './experiments.js';
import { bulkIntervalHistory, historyLimits, metricHistoryPage } from './metric-history.js';
import { loadDatasetInputsFor, loadRunData, toMlflowRun, toMlflowRunInfo } from './run-view.js';
import { parseMaxResults, searchExperiments, searchRuns } from './run-search.js';
import { parseRunId, type KeyValueInput, type MetricInput } from './runs.js';
import type { TrackingService } from './service.js';
import { limits, parseInteger, requireString } from './validation.js';

type Args = Record<string, unknown>;

function experimentJson(experiment: ReturnType<TrackingService['experiments']['get']>): Record<string, unknown> {
  return {
    experiment_id: String(experiment.experiment_id),
    name: experiment.name,
    artifact_location: experiment.artifact_location,
    lifecycle_stage: experiment.lifecycle_stage,
    creation_time: experiment.creation_time,
    last_update_time: experiment.last_update_time,
    tags: Object.entries(experiment.tags).map(([key, value]) => ({ key, value })),
  };
}

function list<T>(value: unknown, field: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(`Parameter '${field}' must be a list.`, { field });
  return value as T[];
}

function stringList(value: unknown, field: string): string[] {
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  for (const item of items) if (typeof item !== 'string') throw new ValidationError(`Parameter '${field}' must be a list of strings.`, { field });
  return items as string[];
}

export function mlflowTrackingRoutes(tracking: TrackingService): Route[] {
  const { experiments, runs, db } = tracking;

  const fullRun = (runId: string) => {
    const record = runs.get(runId);
    return toMlflowRun(record, loadRunData(db, [runId]), loadDatasetInputsFor(db, [runId]).get(runId));
  };

  const rpc: Array<[method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, handler: (args: Args, context: RequestContext) => unknown, options?: Partial<Route>]> = [
    ['POST', '/mlflow/experiments/create', (args, context) => ({
      experiment_id: String(experiments.create({ name: args.name, artifactLocation: args.artifact_location as string | undefined, tags: list(args.tags, 'tags'), user: context.user })),
    })],
    ['GET', '/mlflow/experiments/get', (args) => ({ experiment: experimentJson(experiments.get(parseExperimentId(args.experiment_id))) })],
    ['GET', '/mlflow/experiments/get-by-name', (args) => ({ experiment: experimentJson(experiments.getByName(requireString(args.experiment_name, 'experiment_name'))) })],
    ['POST', '/mlflow/experiments/search', (args) => experimentSearch(args)],
    ['GET', '/mlflow/experiments/search', (args) => experimentSearch(args)],
    ['POST', '/mlflow/experiments/update', (args) => (experiments.rename(parseExperimentId(args.experiment_id), args.new_name), {})],
    ['POST', '/mlflow/experiments/delete', (args) => (experiments.setLifecycle(parseExperimentId(args.experiment_id), 'deleted'), {})],
    ['POST', '/mlflow/experiments/restore', (args) => (experiments.setLifecycle(parseExperimentId(args.experiment_id), 'active'), {})],
    ['POST', '/mlflow/experiments/set-experiment-tag', (args) => (experiments.setTag(parseExperimentId(args.experiment_id), args.key, args.value), {})],
    ['POST', '/mlflow/experiments/delete-experiment-tag', (args) => (experiments.deleteTag(parseExperimentId(args.experiment_id), args.key), {})],
    ['POST', '/mlflow/runs/create', (args, context) => {
      const experimentId = parseExperimentId(args.experiment_id ?? '0');
      // MLflow stores the client's user_id (its clients send the OS user); the token's user is the fallback.
      const user = typeof args.user_id === 'string' && args.user_id.trim() ? args.user_id.trim() : context.user;
      const record = runs.create({ experimentId, runName: args.run_name, startTime: args.start_time, tags: list(args.tags, 'tags'), user });
      return { run: fullRun(record.run_id) };
    }],
    ['POST', '/mlflow/runs/update', (args) => ({ run_info: toMlflowRunInfo(runs.update(parseRunId(args), { status: args.status, endTime: args.end_time, runName: args.run_name })) })],
    ['POST', '/mlflow/runs/delete', (args) => (runs.setLifecycle(parseRunId(args), 'deleted'), {})],
    ['POST', '/mlflow/runs/restore', (args) => (runs.setLifecycle(parseRunId(args), 'active'), {})],
    ['GET', '/mlflow/runs/get', (args) => ({ run: fullRun(parseRunId(args)) })],
    ['POST', '/mlflow/runs/search', (args) => {
      const experimentIds = stringList(args.experiment_ids, 'experiment_ids').map((id) => parseExperimentId(id, 'experiment_ids'));
      const page = searchRuns(db, { experimentIds, filter: args.filter, orderBy: args.order_by, maxResults: args.max_results, pageToken: args.page_token, viewType: args.run_view_type, withTotal: false });
      const projection = args.run_info_only
        ? { paramKeys: [], metricKeys: [], tagKeys: [] }
        : { paramKeys: optionalKeys(args.param_keys), metricKeys: optionalKeys(args.metric_keys), tagKeys: optionalKeys(args.tag_keys) };
      const runIds = page.rows.map((row) => row.run_id);
      const data = loadRunData(db, runIds, projection);
      const inputs = args.run_info_only ? new Map() : loadDatasetInputsFor(db, runIds);
      const body: Record<string, unknown> = { runs: page.rows.map((row) => toMlflowRun(row, data, inputs.get(row.run_id))) };
      if (page.nextPageToken) body.next_page_token = page.nextPageToken;
      return body;
    }],
    ['POST', '/mlflow/runs/log-metric', (args) => {
      runs.logBatch(parseRunId(args), { metrics: [{ key: args.key, value: args.value, timestamp: args.timestamp, step: args.step }] });
      return {};
    }],
    ['POST', '/mlflow/runs/log-parameter', (args) => (runs.logBatch(parseRunId(args), { params: [{ key: args.key, value: args.value }] }), {})],
    ['POST', '/mlflow/runs/set-tag', (args) => (runs.logBatch(parseRunId(args), { tags: [{ key: args.key, value: args.value }] }), {})],
    ['POST', '/mlflow/runs/delete-tag', (args) => (runs.deleteTag(parseRunId(args), args.key), {})],
    ['POST', '/mlflow/runs/log-batch', (args) => {
      runs.logBatch(
        parseRunId(args),
        { metrics: list<MetricInput>(args.metrics, 'metrics'), params: list<KeyValueInput>(args.params, 'params'), tags: list<KeyValueInput>(args.tags, 'tags') },
        { strict: true },
      );
      return {};
    }, { bodyLimit: limits.batchBodyBytes }],
    ['POST', '/mlflow/runs/log-inputs', (args) => (runs.logInputs(parseRunId(args), list(args.datasets, 'datasets')), {})],
    ['POST', '/mlflow/runs/log-model', (args) => {
      const runId = parseRunId(args);
      const modelJson = requireString(args.model_json, 'model_json');
      const history = db.prepare(`SELECT value FROM tags WHERE run_id = ? AND key = 'mlflow.log-model.history'`).get(runId) as { value: string } | undefined;
      const entries = history ? (JSON.parse(history.value) as unknown[]) : [];
      entries.push(JSON.parse(modelJson));
      runs.logBatch(runId, { tags: [{ key: 'mlflow.log-model.history', value: JSON.stringify(entries) }] });
      return {};
    }],
    ['POST', '/mlflow/runs/outputs', (args) => (runs.get(parseRunId(args)), {})],
    ['GET', '/mlflow/metrics/get-history', (args) => {
      const runId = parseRunId(args);
      runs.get(runId);
      const maxResults = args.max_results === undefined ? undefined : parseMaxResults(args.max_results, historyLimits.pageSize, historyLimits.pageSize);
      return metricHistoryPage(db, runId, requireString(args.metric_key, 'metric_key'), maxResults, args.page_token as string | undefined);
    }],
    ['GET', '/mlflow/metrics/get-history-bulk-interval', (args) => bulkInterval(args)],
    ['GET', '/mlflow/metrics/get-history-bulk', (args) => bulkInterval({ ...args, max_results: args.max_results ?? historyLimits.bulkPointsPerRun })],
    ['GET', '/mlflow/artifacts/list', (args) => {
      const record = runs.get(parseRunId(args));
      return listRunArtifacts(tracking, record.artifact_uri, typeof args.path === 'string' ? args.path : '');
    }],
    ['POST', '/mlflow/experiments/search-datasets', (args) => searchDatasets(args)],
    // MLflow 3 clients look for logged models when listing a run's sub-folder; we keep none.
    ['POST', '/mlflow/logged-models/search', () => ({ models: [] })],
    ['POST', '/mlflow/artifacts/presigned-upload-url', () => notImplemented('presigned upload URLs')],
    ['POST', '/mlflow/artifacts/presigned-download-url', () => notImplemented('presigned download URLs')],
  ];

  function experimentSearch(args: Args) {
    const page = searchExperiments(db, { filter: args.filter, orderBy: args.order_by, maxResults: args.max_results, pageToken: args.page_token, viewType: args.view_type });
    const body: Record<string, unknown> = { experiments: experiments.withTags(page.rows).map(experimentJson) };
    if (page.nextPageToken) body.next_page_token = page.nextPageToken;
    return body;
  }

  function bulkInterval(args: Args) {
    const runIds = stringList(args.run_ids ?? args.run_id, 'run_ids');
    for (const runId of runIds) runs.get(runId);
    const metrics = bulkIntervalHistory(db, {
      runIds,
      key: requireString(args.metric_key, 'metric_key'),
      startStep: args.start_step === undefined ? undefined : parseInteger(args.start_step, 'start_step'),
      endStep: args.end_step === undefined ? undefined : parseInteger(args.end_step, 'end_step'),
      maxResults: parseInteger(args.max_results, 'max_results', { fallback: 320 }),
    });
    return { metrics };
  }

  function searchDatasets(args: Args) {
    const ids = stringList(args.experiment_ids, 'experiment_ids').map((id) => parseExperimentId(id, 'experiment_ids'));
    const rows = db
      .prepare(
        `SELECT DISTINCT r.experiment_id, i.name, i.digest,
                (SELECT json_extract(t.value, '$.value') FROM json_each(i.tags) t WHERE json_extract(t.value, '$.key') = 'mlflow.data.context') AS context
         FROM run_inputs i JOIN runs r ON r.run_id = i.run_id
         WHERE r.experiment_id IN (SELECT value FROM json_each(?)) ORDER BY i.name LIMIT 1000`,
      )
      .all(JSON.stringify(ids)) as Array<{ experiment_id: number; name: string; digest: string; context: string | null }>;
    return { dataset_summaries: rows.map((row) => ({ experiment_id: String(row.experiment_id), name: row.name, digest: row.digest, ...(row.context ? { context: row.context } : {}) })) };
  }

  const routes: Route[] = [];
  for (const [method, path, handler, options] of rpc) {
    const wrapped: Handler = async (context) => handler(method === 'GET' ? queryObject(context.url) : await context.body(), context);
    const paths = path === '/mlflow/experiments/search-datasets' ? [...mlflowPaths(path), '/api/2.0mlflow/experiments/search-datasets'] : mlflowPaths(path);
    for (const fullPath of paths) routes.push({ method, path: fullPath, flavour: 'mlflow', handler: wrapped, ...options });
  }
  return routes;
}

function optionalKeys(value: unknown): string[] | undefined {
  return value === undefined || value === null ? undefined : stringList(value, 'keys');
}

function notImplemented(what: string): never {
  throw new WorkbenchError('NOT_IMPLEMENTED', `The workbench serves artifacts through its proxy (mlflow-artifacts); ${what} are not available.`);
}

export function listRunArtifacts(tracking: TrackingService, artifactUri: string, path: string) {
  const prefix = storagePrefix(artifactUri);
  if (prefix === null) throw new NotFoundError(`Artifacts of this run live at ${artifactUri}, outside this workspace.`);
  const relative = validateArtifactPath(path, 'path', { allowEmpty: true });
  const files = tracking.artifacts.list(joinPath(prefix, relative), prefix);
  return { root_uri: artifactUri, files };
}
