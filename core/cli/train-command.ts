import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DatasetService } from '../datasets/dataset-service.js';
import { JobManager } from '../jobs/job-manager.js';
import { modelDefinition, modelKinds } from '../training/model-catalogue.js';
import type { TrackingService } from '../tracking/service.js';
import { TrainService } from '../training/train-service.js';
import { keyValuePairs, parseCommand } from './args.js';
import { CommandFailure, createOutput, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';

const usage = `mlwb train (--dataset NAME[:VERSION] | --data FILE) --target COLUMN --model ${modelKinds().join('|')} [--param K=V|K=V1,V2|K=LOW..HIGH]... [--search grid|random [--trials N]] [--experiment NAME] [--seed N] [--backend wasm|cpu|webgpu|tfjs-node|tfjs-node-gpu] [--validate-suite SUITE[:VERSION] [--validation block|warn]] [--json]`;

export async function trainCommand(argv: string[]): Promise<void> {
  const { values } = parseCommand(argv, {
    dataset: { type: 'string' },
    data: { type: 'string' },
    target: { type: 'string' },
    model: { type: 'string' },
    param: { type: 'string', multiple: true },
    experiment: { type: 'string' },
    name: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    search: { type: 'string' },
    trials: { type: 'string' },
    'validate-suite': { type: 'string' },
    validation: { type: 'string' },
  });
  const output = createOutput(values.json);
  if (!values.target) throw new UsageError(`--target is required. Usage: ${usage}`);
  if (!values.model) throw new UsageError(`--model is required. Usage: ${usage}`);
  modelDefinition(values.model);
  if (!values.dataset === !values.data) throw new UsageError(`Give exactly one of --dataset or --data. Usage: ${usage}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new UsageError(`--seed must be a non-negative integer, got '${values.seed}'`);
  if (values.search !== undefined && values.search !== 'grid' && values.search !== 'random') throw new UsageError(`--search must be grid or random, got '${values.search}'`);
  const search = values.search as 'grid' | 'random' | undefined;
  const trials = values.trials === undefined ? undefined : Number(values.trials);
  if (trials !== undefined && (!Number.isInteger(trials) || trials < 1 || trials > 200)) throw new UsageError(`--trials must be an integer from 1 to 200, got '${values.trials}'`);
  if (values.validation !== undefined && values.validation !== 'block' && values.validation !== 'warn') throw new UsageError(`--validation must be block or warn, got '${values.validation}'`);
  if (values.validation !== undefined && !values['validate-suite']) throw new UsageError(`--validation applies to --validate-suite. Usage: ${usage}`);
  const params = Object.fromEntries(keyValuePairs(values.param, 'param').map(({ key, value }) => [key, value]));

  await withTracking(values, async (tracking, workspace) => {
    let dataset: string;
    let datasetVersion: number | undefined;
    if (values.data) {
      const info = await stat(values.data).catch(() => null);
      if (!info?.isFile()) throw new UsageError(`No such file: ${values.data}`);
      const imported = await new DatasetService(workspace).import({ source: createReadStream(values.data), fileName: path.basename(values.data), user: workspace.user });
      dataset = imported.version.name;
      datasetVersion = imported.version.version;
    } else {
      const [name, version] = values.dataset!.split(':');
      dataset = name;
      datasetVersion = version === undefined ? undefined : Number(version);
      if (datasetVersion !== undefined && !Number.isInteger(datasetVersion)) throw new UsageError(`--dataset expects NAME or NAME:VERSION, got '${values.dataset}'`);
    }
    const jobs = new JobManager();
    const started = await new TrainService(tracking, jobs).start({
      dataset,
      datasetVersion,
      target: values.target!,
      model: values.model!,
      params,
      experiment: values.experiment,
      runName: values.name,
      seed,
      backend: values.backend,
      search,
      trials,
      validateSuite: values['validate-suite'],
      validation: values.validation as 'block' | 'warn' | undefined,
      user: workspace.user,
    });
    const interactive = process.stderr.isTTY && !values.json;
    const cancel = () => jobs.cancel(started.job.id);
    process.once('SIGINT', cancel);
    const unsubscribe = jobs.subscribe(
      started.job.id,
      (event) => {
        if (interactive && event.type === 'progress') {
          const width = 30;
          const filled = Math.round((event.fraction ?? 0) * width);
          process.stderr.write(`\r[${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round((event.fraction ?? 0) * 100)}% ${event.message ?? ''}`.padEnd(70));
        }
      },
      () => {},
    );
    const finished = await jobs.wait(started.job.id);
    unsubscribe();
    process.off('SIGINT', cancel);
    if (interactive) process.stderr.write('\n');
    const run = tracking.runDetail(started.run_id).run;
    const onnxPath = `${run.artifact_uri}/model/model.onnx`;
    if (finished.status !== 'succeeded') {
      const message = `Training ${finished.status}: ${finished.error ?? 'cancelled'} (run ${started.run_id}, status ${run.status})`;
      throw finished.error_code === 'INVALID_PARAMETER_VALUE' ? new UsageError(message) : new CommandFailure(message);
    }
    if (search) {
      printSearch(output, tracking, started.run_id, finished.result ?? {});
      return;
    }
    const testMetrics = Object.fromEntries(Object.entries(run.metrics).filter(([key]) => key.startsWith('test_') || key === 'parity_max_abs_diff'));
    output.result({ run_id: started.run_id, experiment_id: started.experiment_id, status: run.status, metrics: testMetrics, onnx: onnxPath }, () =>
      [
        `Trained ${values.model} → run ${run.run_name} (${started.run_id})`,
        ...Object.entries(testMetrics).map(([key, value]) => `  ${key}: ${typeof value === 'number' ? value.toPrecision(6) : value}`),
        `  ONNX: ${onnxPath}  (mlwb artifacts download ${started.run_id} model/model.onnx)`,
      ].join('\n'),
    );
  });
}

interface SearchOutcome {
  trial: number;
  run_id: string;
  status: string;
  score: number | null;
  params: Record<string, unknown>;
}

/** The parent run, the best trial (with its ONNX) and one line per trial. */
function printSearch(output: ReturnType<typeof createOutput>, tracking: TrackingService, parentRunId: string, result: Record<string, unknown>): void {
  const trials = (result.trials ?? []) as SearchOutcome[];
  const metric = String(result.metric);
  const bestRunId = result.best_trial_run_id as string | null;
  const onnx = bestRunId ? `${tracking.runDetail(bestRunId).run.artifact_uri}/model/model.onnx` : null;
  const parent = tracking.runDetail(parentRunId).run;
  output.result({ run_id: parentRunId, experiment_id: parent.experiment_id, status: parent.status, metric, best_trial_run_id: bestRunId, best_score: result.best_score, onnx, trials }, () =>
    [
      `Search → parent run ${parent.run_name} (${parentRunId}), ${trials.length} trials, by ${metric}`,
      ...trials.map(
        (trial) =>
          `  ${trial.run_id === bestRunId ? '*' : ' '} trial ${trial.trial} ${trial.status.padEnd(8)} ${trial.score === null ? '—'.padEnd(8) : trial.score.toPrecision(6)}  ${Object.entries(trial.params)
            .map(([key, value]) => `${key}=${String(value)}`)
            .join(' ')}  (${trial.run_id})`,
      ),
      ...(bestRunId ? [`  best: ${bestRunId}  ONNX: ${onnx}  (mlwb artifacts download ${bestRunId} model/model.onnx)`] : []),
    ].join('\n'),
  );
}
