// GPU check of the MLP trainer: trains the same network (core/training/mlp/mlp.ts trainMlp) on
// the same seeded rows once per backend (webgpu, then the wasm baseline; cpu only when asked
// for), prints one JSON line per figure on stdout and progress on stderr, and checks that the
// WebGPU run learns what the wasm run learns. Built for a lent GPU machine without Node.js
// (bench/gpu/pack.sh, bench/gpu/run-on-device.sh); it also runs here through tsx.
//
// Exit status: 0 when every backend trained and webgpu agreed with wasm; 1 when the webgpu
// backend did not come up (the probe's reason is printed), a run failed, or they disagreed;
// 2 on a bad environment variable.
import { detectBackends } from '../../core/training/mlp/backends.js';
import { mlpDefaults, trainMlp, type MlpParams } from '../../core/training/mlp/mlp.js';
import { makeClassification, splitRows, type Dataset } from '../../core/training/trees/synthetic-data.js';

function integerFromEnvironment(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`${name} must be a positive integer, got '${text}'\n`);
    process.exit(2);
  }
  return value;
}

const trainRows = integerFromEnvironment('MLWB_GPU_CHECK_ROWS', 100_000);
const validationRows = Math.max(1, Math.round(trainRows / 10));
const features = 32;
const epochs = integerFromEnvironment('MLWB_GPU_CHECK_EPOCHS', 5);
const requested = (process.env.MLWB_GPU_CHECK_BACKENDS ?? 'webgpu,wasm').split(',').map((name) => name.trim()).filter(Boolean);
/** Largest relative difference of the final training loss, webgpu against wasm. */
const lossTolerance = Number(process.env.MLWB_GPU_CHECK_LOSS_TOLERANCE ?? '0.05');
const params: MlpParams = { ...mlpDefaults, hiddenUnits: 256, hiddenLayers: 2, batchSize: 1024, epochs, patience: 0 };
const seed = 1;

const note = (message: string) => process.stderr.write(`[gpu] ${message}\n`);
const emit = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: 'gpu', ...line })}\n`);
const round = (value: number, digits = 4) => (Number.isFinite(value) ? Number(value.toPrecision(digits)) : value);

/** Churn-like rows: make_classification with 5% label noise, standardised with the training rows' statistics. */
function makeData(): { train: Dataset; validation: Dataset } {
  const data = makeClassification({ rows: trainRows + validationRows, features, informative: 12, redundant: 4, flip: 0.05, seed: 7 });
  const { train, test } = splitRows(data, trainRows);
  const mean = new Float64Array(features);
  const spread = new Float64Array(features);
  const values = train.matrix.values;
  for (let index = 0; index < values.length; index++) mean[index % features] += values[index] / trainRows;
  for (let index = 0; index < values.length; index++) spread[index % features] += (values[index] - mean[index % features]) ** 2 / trainRows;
  for (let column = 0; column < features; column++) spread[column] = spread[column] > 0 ? Math.sqrt(spread[column]) : 1;
  for (const part of [values, test.matrix.values]) {
    for (let index = 0; index < part.length; index++) part[index] = (part[index] - mean[index % features]) / spread[index % features];
  }
  return { train, validation: test };
}

interface Run {
  backend: string;
  device: string;
  /** Seconds of each epoch; epoch 1 is timed from the call, so it includes the backend switch, upload and first-use shaders. */
  epochSeconds: number[];
  trainLosses: number[];
  validationLoss: number;
  accuracy: number;
  /** Predicted class per validation row. */
  labels: Uint8Array;
  /** Every row's probabilities lie in [0, 1] and sum to 1. */
  probabilitiesValid: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Steady-state seconds per epoch: the median of epochs 2.., or epoch 1 when only one ran. */
const steadySeconds = (run: Run) => median(run.epochSeconds.length > 1 ? run.epochSeconds.slice(1) : run.epochSeconds);

async function train(backend: string, data: { train: Dataset; validation: Dataset }): Promise<Run> {
  const epochSeconds: number[] = [];
  const trainLosses: number[] = [];
  let validationLoss = Number.NaN;
  let last = performance.now();
  const result = await trainMlp(data.train.matrix, data.train.target, data.validation.matrix, data.validation.target, {
    ...params,
    seed,
    backend,
    onEpoch: (epoch, losses) => {
      const now = performance.now();
      epochSeconds.push((now - last) / 1000);
      last = now;
      trainLosses.push(losses.train_loss);
      validationLoss = losses.validation_loss;
      note(`${backend}: epoch ${epoch}, ${epochSeconds[epoch - 1].toFixed(3)} s, train loss ${losses.train_loss.toFixed(5)}, validation loss ${losses.validation_loss.toFixed(5)}`);
    },
  });
  const { rows } = data.validation.matrix;
  const probabilities = result.model.predict(data.validation.matrix).probabilities!;
  const labels = new Uint8Array(rows);
  let probabilitiesValid = probabilities.length === rows * 2;
  let correct = 0;
  for (let row = 0; row < rows; row++) {
    const [p0, p1] = [probabilities[2 * row], probabilities[2 * row + 1]];
    if (!(p0 >= 0 && p0 <= 1 && p1 >= 0 && p1 <= 1 && Math.abs(p0 + p1 - 1) < 1e-6)) probabilitiesValid = false;
    labels[row] = p1 > 0.5 ? 1 : 0;
    if (labels[row] === data.validation.target.values[row]) correct++;
  }
  return { backend: result.backend, device: result.device, epochSeconds, trainLosses, validationLoss, accuracy: correct / rows, labels, probabilitiesValid };
}

const workload = `MLP (trainMlp) on ${trainRows.toLocaleString('en-US')} train + ${validationRows.toLocaleString('en-US')} validation rows × ${features} standardised make_classification features (12 informative, 4 redundant, 5% label noise, seed 7), ${params.hiddenLayers} × ${params.hiddenUnits} relu, Adam lr ${params.learningRate}, l2 ${params.l2}, batch ${params.batchSize}, ${epochs} epochs, seed ${seed}; value: median of epochs 2..${epochs} (epoch 1 reported apart)`;

const probes = await detectBackends();
emit({ metric: 'backends', probes });
const webgpu = probes.find((probe) => probe.name === 'webgpu')!;
if (requested.includes('webgpu') && !webgpu.available) {
  note(`the webgpu backend did not come up: ${webgpu.reason}`);
  emit({ metric: 'webgpu_available', value: false, reason: webgpu.reason, flags: process.env.MLWB_WEBGPU_FLAGS ?? '' });
  process.exit(1);
}
if (webgpu.available) note(`webgpu: ${webgpu.device}${webgpu.reason ? ` (${webgpu.reason})` : ''}`);

note(`generating ${trainRows + validationRows} rows × ${features} features`);
const data = makeData();
const runs = new Map<string, Run>();
let failed = false;
for (const backend of requested) {
  try {
    runs.set(backend, await train(backend, data));
  } catch (error) {
    failed = true;
    note(`${backend}: training failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    emit({ metric: 'mlp_seconds_per_epoch', backend, value: null, unit: 's', error: String(error instanceof Error ? error.message : error).split('\n')[0] });
  }
}

const baseline = runs.get('wasm');
for (const run of runs.values()) {
  const value = steadySeconds(run);
  const base = baseline && run !== baseline ? steadySeconds(baseline) : null;
  emit({
    metric: 'mlp_seconds_per_epoch',
    backend: run.backend,
    device: run.device,
    value: round(value),
    unit: 's',
    baseline: base === null ? null : round(base),
    baseline_label: base === null ? undefined : `wasm on ${baseline!.device}`,
    ratio: base === null ? null : round(value / base),
    first_epoch_seconds: round(run.epochSeconds[0]),
    final_train_loss: round(run.trainLosses[run.trainLosses.length - 1], 6),
    validation_loss: round(run.validationLoss, 6),
    validation_accuracy: round(run.accuracy),
    probabilities_valid: run.probabilitiesValid,
    workload,
  });
  if (!run.probabilitiesValid) failed = true;
}

const gpu = runs.get('webgpu');
if (gpu && baseline) {
  const gpuLoss = gpu.trainLosses[gpu.trainLosses.length - 1];
  const baseLoss = baseline.trainLosses[baseline.trainLosses.length - 1];
  const relative = Math.abs(gpuLoss - baseLoss) / baseLoss;
  let agreeing = 0;
  for (let row = 0; row < gpu.labels.length; row++) if (gpu.labels[row] === baseline.labels[row]) agreeing++;
  const pass = relative <= lossTolerance && gpu.probabilitiesValid && baseline.probabilitiesValid;
  emit({
    metric: 'mlp_final_train_loss',
    backend: 'webgpu',
    device: gpu.device,
    value: round(gpuLoss, 6),
    baseline: round(baseLoss, 6),
    baseline_label: 'wasm, same rows, seed and network',
    relative_difference: round(relative, 3),
    tolerance: lossTolerance,
    validation_accuracy: round(gpu.accuracy),
    baseline_validation_accuracy: round(baseline.accuracy),
    validation_label_agreement: round(agreeing / gpu.labels.length),
    probabilities_valid: gpu.probabilitiesValid && baseline.probabilitiesValid,
    pass,
  });
  if (!pass) {
    failed = true;
    note(`webgpu and wasm disagree: final train loss ${gpuLoss} against ${baseLoss} (relative ${relative.toFixed(4)}, tolerance ${lossTolerance})`);
  }
}
process.exit(failed ? 1 : 0);
