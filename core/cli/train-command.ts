import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DatasetService } from '../datasets/dataset-service.js';
import { JobManager } from '../jobs/job-manager.js';
import { modelDefinition, modelKinds } from '../training/model-catalogue.js';
import { TrainService } from '../training/train-service.js';
import { keyValuePairs, parseCommand } from './args.js';
import { CommandFailure, createOutput, UsageError } from './output.js';
import { withTracking } from './workspace-option.js';

const usage = `mlwb train (--dataset NAME[:VERSION] | --data FILE) --target COLUMN --model ${modelKinds().join('|')} [--param K=V]... [--experiment NAME] [--seed N] [--backend wasm|cpu|webgpu|tfjs-node|tfjs-node-gpu] [--json]`;

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
  });
  const output = createOutput(values.json);
  if (!values.target) throw new UsageError(`--target is required. Usage: ${usage}`);
  if (!values.model) throw new UsageError(`--model is required. Usage: ${usage}`);
  modelDefinition(values.model);
  if (!values.dataset === !values.data) throw new UsageError(`Give exactly one of --dataset or --data. Usage: ${usage}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new UsageError(`--seed must be a non-negative integer, got '${values.seed}'`);
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
