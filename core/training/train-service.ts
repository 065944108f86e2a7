import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { CancelledError, ValidationError, WorkbenchError, type ErrorCode } from '../api/errors.js';
import { version as workbenchVersion } from '../api/version.js';
import { loadDatasetTable } from '../datasets/dataset-service.js';
import type { JobContext, JobManager, JobSummary } from '../jobs/job-manager.js';
import { selectBackend } from './mlp/backends.js';
import type { TrackingService } from '../tracking/service.js';
import { workerEntry } from '../workers/worker-script.js';
import { mlmodelYaml } from './mlmodel.js';
import { validateRequest, type TrainRequest, type TrainResult } from './train-pipeline.js';
import type { TrainWorkerMessage } from './train-worker.js';

export interface TrainInput {
  dataset: string;
  datasetVersion?: number;
  target: string;
  model: string;
  params?: Record<string, unknown>;
  features?: string[];
  experiment?: string;
  runName?: string;
  seed?: number;
  /** tfjs backend for networks (wasm, cpu, webgpu, tfjs-node, tfjs-node-gpu); default automatic. */
  backend?: string;
  user: string;
}

export interface TrainStarted {
  job: JobSummary;
  run_id: string;
  experiment_id: string;
}

const metricFlushMs = 250;

/**
 * Starts trainings as background jobs: checks the request against the data first (bad input
 * creates no run), records the run, trains on a worker thread, stores the artifacts only once
 * training succeeded, and ends the run FINISHED, FAILED or KILLED, never left RUNNING.
 */
export class TrainService {
  constructor(
    private readonly tracking: TrackingService,
    private readonly jobs: JobManager,
  ) {}

  async start(input: TrainInput): Promise<TrainStarted> {
    const { table, version } = await loadDatasetTable(this.tracking.workspace, input.dataset, input.datasetVersion);
    const seed = input.seed ?? 42;
    const checked = validateRequest(table, { target: input.target, model: input.model, params: input.params ?? {}, features: input.features, seed });
    // A requested accelerator that is missing is refused now, before a run exists.
    if (input.backend && input.model === 'mlp') await selectBackend(input.backend);
    const { experiments, runs } = this.tracking;
    const experimentName = input.experiment ?? input.dataset;
    let experimentId: number;
    try {
      experimentId = experiments.getByName(experimentName).experiment_id;
    } catch {
      experimentId = experiments.create({ name: experimentName, user: input.user });
    }
    const run = runs.create({
      experimentId,
      runName: input.runName ?? `${input.model}-${version.name}-v${version.version}`,
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
      ],
    });
    runs.logBatch(run.run_id, {
      params: [
        { key: 'model', value: input.model },
        { key: 'task', value: checked.task },
        { key: 'target', value: input.target },
        { key: 'dataset', value: version.name },
        { key: 'dataset_version', value: String(version.version) },
        { key: 'seed', value: String(seed) },
        { key: 'features', value: checked.features.join(',').slice(0, 6000) },
        ...Object.entries(checked.params).map(([key, value]) => ({ key, value: String(value) })),
      ],
    });
    runs.logInputs(run.run_id, [
      {
        dataset: { name: version.name, digest: version.sha256.slice(0, 32), source_type: 'workbench', source: `${version.name}:${version.version}` },
        tags: [{ key: 'mlflow.data.context', value: 'train' }],
      },
    ]);

    const request: TrainRequest = {
      target: input.target,
      model: input.model,
      params: input.params ?? {},
      features: checked.features,
      task: checked.task,
      seed,
      trainerVersion: workbenchVersion,
      metadata: { 'workbench.run_id': run.run_id, 'workbench.dataset': `${version.name}:${version.version}`, 'workbench.dataset_sha256': version.sha256 },
    };
    const job = this.jobs.start({ kind: 'train', title: `Train ${input.model} on ${version.name} → ${input.target}`, user: input.user }, async (context) => {
      context.attachRun(run.run_id);
      try {
        const result = await this.runWorker(table, request, run.run_id, context, input.backend);
        await this.record(run.run_id, result);
        if (!result.parity.passed) {
          throw new ValidationError(
            `ONNX parity check failed: max |difference| ${result.parity.maxAbsDifference} (relative ${result.parity.maxRelativeDifference}; limit 1e-5), labels ${result.parity.labelsMatch ? 'match' : 'differ'}.`,
          );
        }
        runs.update(run.run_id, { status: 'FINISHED', endTime: Date.now() });
        return { run_id: run.run_id, metrics: result.evaluation.metrics, parity_max_abs_diff: result.parity.maxAbsDifference, seconds: result.seconds };
      } catch (error) {
        const status = error instanceof CancelledError ? 'KILLED' : 'FAILED';
        if (runs.get(run.run_id).status === 'RUNNING') {
          runs.logBatch(run.run_id, { tags: [{ key: 'mlwb.error', value: (error as Error).message.slice(0, 8000) }] });
          runs.update(run.run_id, { status, endTime: Date.now() });
        }
        throw error;
      }
    });
    return { job, run_id: run.run_id, experiment_id: String(experimentId) };
  }

  private runWorker(table: unknown, request: TrainRequest, runId: string, context: JobContext, backend: string | undefined): Promise<TrainResult> {
    const { file, options } = workerEntry('train-worker', new URL('./train-worker.ts', import.meta.url));
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
  private async record(runId: string, result: TrainResult): Promise<void> {
    const { runs, artifacts } = this.tracking;
    const run = runs.get(runId);
    const prefix = `${run.artifact_uri.replace(/^mlflow-artifacts:\/*/, '')}`;
    const store = (path: string, body: Uint8Array | string) => artifacts.put(`${prefix}/${path}`, Readable.from([typeof body === 'string' ? Buffer.from(body) : Buffer.from(body)]), run.user_id);
    await store('model/model.onnx', result.onnx);
    await store('model/MLmodel', mlmodelYaml({ runId, onnxSize: result.onnx.length, preprocessing: result.preprocessing, task: result.task, classes: result.classes }));
    await store('evaluation.json', JSON.stringify(result.evaluation, null, 2));
    await store('feature_importance.json', JSON.stringify(result.importance, null, 2));
    await store('preprocessing.json', JSON.stringify(result.preprocessing, null, 2));
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
