import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { CancelledError, ValidationError, WorkbenchError, type ErrorCode } from '../api/errors.js';
import { version as workbenchVersion } from '../api/version.js';
import { loadDatasetTable } from '../datasets/dataset-service.js';
import type { DatasetVersionRecord } from '../datasets/dataset-store.js';
import type { Table } from '../datasets/table.js';
import type { JobManager, JobSummary } from '../jobs/job-manager.js';
import { selectBackend } from './mlp/backends.js';
import type { TrackingService } from '../tracking/service.js';
import { workerEntry } from '../workers/worker-script.js';
import { mlmodelYaml } from './mlmodel.js';
import { modelDefinition, resolveParams } from './model-catalogue.js';
import { runSearch, type TrialContext } from './search/search-job.js';
import { defaultRandomTrials, describeSearchValues, describeSpace, gridTrials, parseSearchSpace, randomTrials, type SearchKind } from './search/search-space.js';
import { checkTrainingData, type ValidationMode } from '../validation/training-gate.js';
import { validateRequest, type TrainRequest, type TrainResult } from './train-pipeline.js';
import type { Task } from './types.js';
import type { TrainWorkerMessage } from './train-worker.js';

export interface TrainInput {
  dataset: string;
  datasetVersion?: number;
  target: string;
  model: string;
  /** Model parameters; with `search`, a value may be a list `0.1,1` or a range `0.01..0.3`. */
  params?: Record<string, unknown>;
  features?: string[];
  experiment?: string;
  runName?: string;
  seed?: number;
  /** tfjs backend for networks (wasm, cpu, webgpu, tfjs-node, tfjs-node-gpu); default automatic. */
  backend?: string;
  /** Hyperparameter search: one parent run, one child run per trial. */
  search?: SearchKind;
  /** Random search: how many trials (default 10). Grid search runs every combination. */
  trials?: number;
  /** An expectation suite (NAME or NAME:VERSION) the dataset version must pass before any run exists. */
  validateSuite?: string;
  /** block (default): a failed suite refuses the training; warn: it trains and tags the run. */
  validation?: ValidationMode;
  user: string;
}

export interface TrainStarted {
  job: JobSummary;
  run_id: string;
  experiment_id: string;
}

/** A request checked against its dataset, ready to create runs and train. */
interface Prepared {
  input: TrainInput;
  table: Table;
  version: DatasetVersionRecord;
  seed: number;
  task: Task;
  features: string[];
  /** mlwb.validation.* tags when a suite was checked. */
  validationTags: Array<{ key: string; value: string }>;
}

const metricFlushMs = 250;

/**
 * Starts trainings as background jobs: checks the request against the data first (bad input
 * creates no run), records the run, trains on a worker thread, stores the artifacts only once
 * training succeeded, and ends the run FINISHED, FAILED or KILLED, never left RUNNING. A search
 * is one job whose trials are such trainings, each into a child run of the search's parent run.
 */
export class TrainService {
  constructor(
    private readonly tracking: TrackingService,
    private readonly jobs: JobManager,
  ) {}

  async start(input: TrainInput): Promise<TrainStarted> {
    if (input.search) return this.startSearch(input, input.search);
    if (input.trials !== undefined) throw new ValidationError("trials applies to a search: add search 'random' (CLI --search random).", { field: 'trials' });
    const params = input.params ?? {};
    const searchValues = describeSearchValues(params);
    if (searchValues) {
      throw new ValidationError(`Several values given (${searchValues}): add search 'grid' or 'random' (CLI --search grid|random) to try them.`, { field: 'params' });
    }
    const { prepared, params: resolved } = await this.prepare(input, params);
    const experimentId = this.experimentId(input);
    const { version } = prepared;
    const runId = this.createRun(prepared, experimentId, {
      runName: input.runName ?? `${input.model}-${version.name}-v${version.version}`,
      params: Object.entries(resolved).map(([key, value]) => ({ key, value: String(value) })),
    });
    const job = this.jobs.start({ kind: 'train', title: `Train ${input.model} on ${version.name} → ${input.target}`, user: input.user }, async (context) => {
      context.attachRun(runId);
      const result = await this.trainInto(prepared, runId, params, context);
      return { run_id: runId, metrics: result.evaluation.metrics, parity_max_abs_diff: result.parity.maxAbsDifference, seconds: result.seconds };
    });
    return { job, run_id: runId, experiment_id: String(experimentId) };
  }

  /** Every trial is planned and checked before the parent run exists: a bad space creates nothing. */
  private async startSearch(input: TrainInput, search: SearchKind): Promise<TrainStarted> {
    if (search === 'grid' && input.trials !== undefined) {
      throw new ValidationError('trials applies to random search; grid search runs every combination of the lists.', { field: 'trials' });
    }
    const params = input.params ?? {};
    const { prepared } = await this.prepare(input, {});
    const definition = modelDefinition(input.model);
    const space = parseSearchSpace(params, definition, prepared.task, search);
    const trials = search === 'grid' ? gridTrials(space) : randomTrials(space, input.trials ?? defaultRandomTrials, prepared.seed);
    const resolved = trials.map((trial) => resolveParams(definition, prepared.task, trial));
    const experimentId = this.experimentId(input);
    const { version } = prepared;
    const parentName = input.runName ?? `${input.model}-${search}-search-${version.name}-v${version.version}`;
    const parentRunId = this.createRun(prepared, experimentId, {
      runName: parentName,
      tags: [{ key: 'mlwb.search', value: search }],
      params: [
        ...Object.entries(space.fixed).map(([key, value]) => ({ key, value: String(value) })),
        { key: 'search', value: search },
        { key: 'search_trials', value: String(trials.length) },
        { key: 'search_space', value: JSON.stringify(describeSpace(space)).slice(0, 6000) },
      ],
    });
    const title = `${search === 'grid' ? 'Grid' : 'Random'} search: ${trials.length} × ${input.model} on ${version.name} → ${input.target}`;
    const job = this.jobs.start({ kind: 'train-search', title, user: input.user }, async (context) => {
      context.attachRun(parentRunId);
      try {
        return await runSearch(
          {
            parentRunId,
            task: prepared.task,
            trials,
            createTrialRun: (index) =>
              this.createRun(prepared, experimentId, {
                runName: `${parentName}-trial-${index + 1}`,
                tags: [
                  { key: 'mlflow.parentRunId', value: parentRunId },
                  { key: 'mlwb.search.trial', value: String(index + 1) },
                ],
                params: Object.entries(resolved[index]).map(([key, value]) => ({ key, value: String(value) })),
              }),
            trainTrial: (index, runId, trialContext) => this.trainInto(prepared, runId, trials[index], trialContext),
          },
          this.tracking.runs,
          context,
        );
      } catch (error) {
        // runSearch ends the parent itself; this covers a failure in its own bookkeeping.
        if (this.tracking.runs.get(parentRunId).status === 'RUNNING') this.tracking.runs.update(parentRunId, { status: 'FAILED', endTime: Date.now() });
        throw error;
      }
    });
    return { job, run_id: parentRunId, experiment_id: String(experimentId) };
  }

  /** Loads the dataset and checks the request (with `params`) against it; creates nothing. */
  private async prepare(input: TrainInput, params: Record<string, unknown>): Promise<{ prepared: Prepared; params: Record<string, number | boolean> }> {
    const { table, version } = await loadDatasetTable(this.tracking.workspace, input.dataset, input.datasetVersion);
    const seed = input.seed ?? 42;
    const checked = validateRequest(table, { target: input.target, model: input.model, params, features: input.features, seed });
    // A requested accelerator that is missing is refused now, before a run exists.
    if (input.backend && input.model === 'mlp') await selectBackend(input.backend);
    const validationTags = input.validateSuite
      ? await checkTrainingData(this.tracking.workspace, { suite: input.validateSuite, dataset: version.name, datasetVersion: version.version, mode: input.validation ?? 'block', user: input.user })
      : [];
    return { prepared: { input, table, version, seed, task: checked.task, features: checked.features, validationTags }, params: checked.params };
  }

  private experimentId(input: TrainInput): number {
    const { experiments } = this.tracking;
    const experimentName = input.experiment ?? input.dataset;
    try {
      return experiments.getByName(experimentName).experiment_id;
    } catch {
      return experiments.create({ name: experimentName, user: input.user });
    }
  }

  /** A RUNNING run with the trainer's provenance tags, the request's params and its dataset input. */
  private createRun(
    prepared: Prepared,
    experimentId: number,
    options: { runName: string; params: Array<{ key: string; value: string }>; tags?: Array<{ key: string; value: string }> },
  ): string {
    const { input, version, seed, task, features } = prepared;
    const { runs } = this.tracking;
    const run = runs.create({
      experimentId,
      runName: options.runName,
      user: input.user,
      tags: [
        { key: 'mlflow.source.name', value: 'ml-workbench trainer' },
        { key: 'mlwb.model', value: input.model },
        { key: 'mlwb.backend', value: input.model === 'mlp' ? `tfjs ${input.backend ?? 'auto'}` : 'cpu (TypeScript)' },
        { key: 'mlwb.dataset', value: `${version.name}:${version.version}` },
        { key: 'mlwb.dataset.sha256', value: version.sha256 },
        { key: 'mlwb.trainer.version', value: workbenchVersion },
        { key: 'mlwb.packages', value: JSON.stringify(packageVersions()) },
        ...(codeVersion() ? [{ key: 'mlflow.source.git.commit', value: codeVersion()! }] : []),
        ...prepared.validationTags,
        ...(options.tags ?? []),
      ],
    });
    runs.logBatch(run.run_id, {
      params: [
        { key: 'model', value: input.model },
        { key: 'task', value: task },
        { key: 'target', value: input.target },
        { key: 'dataset', value: version.name },
        { key: 'dataset_version', value: String(version.version) },
        { key: 'seed', value: String(seed) },
        { key: 'features', value: features.join(',').slice(0, 6000) },
        ...options.params,
      ],
    });
    runs.logInputs(run.run_id, [
      {
        dataset: { name: version.name, digest: version.sha256.slice(0, 32), source_type: 'workbench', source: `${version.name}:${version.version}` },
        tags: [{ key: 'mlflow.data.context', value: 'train' }],
      },
    ]);
    return run.run_id;
  }

  /** One training into a RUNNING run on a worker thread; the run ends FINISHED, or FAILED/KILLED and the error is rethrown. */
  private async trainInto(prepared: Prepared, runId: string, params: Record<string, unknown>, context: TrialContext): Promise<TrainResult> {
    const { input, version } = prepared;
    const { runs } = this.tracking;
    const request: TrainRequest = {
      target: input.target,
      model: input.model,
      params,
      features: prepared.features,
      task: prepared.task,
      seed: prepared.seed,
      trainerVersion: workbenchVersion,
      metadata: { 'workbench.run_id': runId, 'workbench.dataset': `${version.name}:${version.version}`, 'workbench.dataset_sha256': version.sha256 },
    };
    try {
      const result = await this.runWorker(prepared.table, request, runId, context, input.backend);
      await this.record(runId, result, prepared.version);
      if (!result.parity.passed) {
        throw new ValidationError(
          `ONNX parity check failed: max |difference| ${result.parity.maxAbsDifference} (relative ${result.parity.maxRelativeDifference}; limit 1e-5), labels ${result.parity.labelsMatch ? 'match' : 'differ'}.`,
        );
      }
      runs.update(runId, { status: 'FINISHED', endTime: Date.now() });
      return result;
    } catch (error) {
      const status = error instanceof CancelledError ? 'KILLED' : 'FAILED';
      if (runs.get(runId).status === 'RUNNING') {
        runs.logBatch(runId, { tags: [{ key: 'mlwb.error', value: (error as Error).message.slice(0, 8000) }] });
        runs.update(runId, { status, endTime: Date.now() });
      }
      throw error;
    }
  }

  private runWorker(table: Table, request: TrainRequest, runId: string, context: TrialContext, backend: string | undefined): Promise<TrainResult> {
    const { file, options } = workerEntry('train-worker', new URL('./train-worker.ts', import.meta.url));
    // Mesa reads EGL_PLATFORM from the real process environment, which a worker thread cannot
    // change: a headless WebGPU-on-OpenGL-ES run needs it set here, before the worker starts.
    if ((process.env.MLWB_WEBGPU_FLAGS ?? '').includes('backend=opengles')) process.env.EGL_PLATFORM ??= 'surfaceless';
    const env = backend ? { ...process.env, MLWB_BACKEND: backend } : process.env;
    const worker = new Worker(file, { ...options, workerData: { table, request }, env });
    let pending: Array<{ key: string; value: number; step: number; timestamp: number }> = [];
    const flush = () => {
      if (pending.length === 0) return;
      const metrics = pending;
      pending = [];
      this.tracking.runs.logBatch(runId, { metrics });
    };
    const timer = setInterval(flush, metricFlushMs);
    return new Promise<TrainResult>((resolve, reject) => {
      const settle = (action: () => void) => {
        clearInterval(timer);
        flush();
        context.signal.removeEventListener('abort', abort);
        action();
      };
      const abort = () => {
        void worker.terminate();
        settle(() => reject(new CancelledError('Training was cancelled')));
      };
      context.signal.addEventListener('abort', abort);
      worker.on('message', (message: TrainWorkerMessage) => {
        if (message.type === 'progress') context.progress(message.fraction, message.message);
        else if (message.type === 'metric') {
          const timestamp = Date.now();
          for (const [key, value] of Object.entries(message.metrics)) pending.push({ key, value, step: message.step, timestamp });
          context.emit({ type: 'metric', data: { step: message.step, ...message.metrics } });
        } else if (message.type === 'result') settle(() => resolve(message.result));
        else {
          settle(() =>
            reject(message.code ? new WorkbenchError(message.code as ErrorCode, message.message, message.details) : Object.assign(new Error(message.message), { stack: message.stack })),
          );
        }
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => {
        if (code !== 0 && !context.signal.aborted) settle(() => reject(new Error(`Training worker exited with code ${code}`)));
      });
    });
  }

  /** Final metrics and artifacts of a successful training, the ONNX model in MLflow's layout. */
  private async record(runId: string, result: TrainResult, dataset: DatasetVersionRecord): Promise<void> {
    const { runs, artifacts } = this.tracking;
    const run = runs.get(runId);
    const prefix = `${run.artifact_uri.replace(/^mlflow-artifacts:\/*/, '')}`;
    const store = (path: string, body: Uint8Array | string) => artifacts.put(`${prefix}/${path}`, Readable.from([typeof body === 'string' ? Buffer.from(body) : Buffer.from(body)]), run.user_id);
    await store('model/model.onnx', result.onnx);
    await store('model/MLmodel', mlmodelYaml({ runId, onnxSize: result.onnx.length, preprocessing: result.preprocessing, task: result.task, classes: result.classes }));
    await store('evaluation.json', JSON.stringify(result.evaluation, null, 2));
    await store('feature_importance.json', JSON.stringify(result.importance, null, 2));
    await store('preprocessing.json', JSON.stringify(result.preprocessing, null, 2));
    // The profile of the data the model learned from, kept with the run (drift monitoring compares against it).
    await store('data_profile.json', JSON.stringify({ dataset: `${dataset.name}:${dataset.version}`, sha256: dataset.sha256, rows: dataset.row_count, split: result.rows, schema: dataset.schema, stats: dataset.stats }, null, 2));
    const now = Date.now();
    const metrics = Object.entries(result.evaluation.metrics)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
      .map(([key, value]) => ({ key: `test_${key}`, value, step: 0, timestamp: now }));
    metrics.push(
      { key: 'parity_max_abs_diff', value: result.parity.maxAbsDifference, step: 0, timestamp: now },
      // Regression compares relative to the prediction's size (float32 outputs), hence a verdict metric.
      { key: 'parity_max_relative_diff', value: result.parity.maxRelativeDifference, step: 0, timestamp: now },
      { key: 'parity_passed', value: result.parity.passed ? 1 : 0, step: 0, timestamp: now },
      { key: 'training_seconds', value: result.seconds, step: 0, timestamp: now },
      { key: 'train_rows', value: result.rows.train, step: 0, timestamp: now },
    );
    const tags = Object.entries(result.details).map(([key, value]) => ({ key: `mlwb.fit.${key}`, value: String(value) }));
    if (result.details.backend) tags.push({ key: 'mlwb.backend', value: `tfjs ${result.details.backend} (${result.details.device})` });
    if (result.warnings.length > 0) tags.push({ key: 'mlwb.warnings', value: result.warnings.join('\n').slice(0, 8000) });
    runs.logBatch(runId, { metrics, tags });
  }
}

let cachedCodeVersion: string | null | undefined;
/** The git commit of the workbench checkout, when it runs from one. */
function codeVersion(): string | null {
  if (cachedCodeVersion !== undefined) return cachedCodeVersion;
  try {
    cachedCodeVersion = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: new URL('.', import.meta.url), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    cachedCodeVersion = null;
  }
  return cachedCodeVersion;
}

function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = { node: process.versions.node };
  for (const name of ['onnxruntime-node', '@tensorflow/tfjs']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string };
      versions[name] = manifest.version;
    } catch {
      // a bundled location without node_modules next to it: leave the package out
    }
  }
  return versions;
}
