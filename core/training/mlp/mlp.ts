// The MLP: a tf.layers dense stack (relu hidden layers, seeded Glorot-uniform kernels), trained
// by Adam on the imputed, scaled features, with L2 on the kernels and early stopping on the
// validation loss. The loop is our own instead of model.fit: the data is uploaded once, every
// batch is gathered on the device, and the loss is read back once per epoch, because model.fit's
// per-batch readbacks and callbacks leave GPU backends waiting (issue 3, item 4).
import type { Scalar, Sequential, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import { CancelledError, ValidationError } from '../../api/errors.js';
import { SeededRandom, shuffleInPlace } from '../evaluation/random.js';
import type { ModelDefinition, ParamSpec } from '../model-catalogue.js';
import type { FeatureMatrix, Target, Task } from '../types.js';
import { selectBackend, type BackendName, type Tf } from './backends.js';
import { MlpModel, type DenseLayer } from './mlp-model.js';

export interface MlpParams {
  hiddenUnits: number;
  hiddenLayers: number;
  /** Adam's step size. */
  learningRate: number;
  epochs: number;
  batchSize: number;
  /** Keras-style kernel penalty: l2 · Σ w², added to the mean batch loss (biases are not penalised). */
  l2: number;
  /** Epochs without a lower validation loss before training stops; 0 never stops early. */
  patience: number;
}

export const mlpDefaults: MlpParams = { hiddenUnits: 64, hiddenLayers: 2, learningRate: 0.001, epochs: 50, batchSize: 256, l2: 0.0001, patience: 5 };

export interface EpochLosses {
  /** Mean data loss over the epoch's batches (log-loss, or MSE in target units); the L2 penalty is not included. */
  train_loss: number;
  /** The same loss on the validation rows after the epoch (equal to train_loss when there are none). */
  validation_loss: number;
}

export interface MlpTrainOptions extends MlpParams {
  seed: number;
  /** A backend name or "auto" (the default): see selectBackend. */
  backend?: string;
  onEpoch?(epoch: number, losses: EpochLosses): void;
  signal?: AbortSignal;
}

export interface MlpTrainResult {
  /** Weights of the epoch with the lowest validation loss. */
  model: MlpModel;
  backend: BackendName;
  device: string;
  epochsRun: number;
  bestEpoch: number;
  secondsPerEpoch: number;
}

/** Rows per forward pass when computing the validation loss. */
const validationChunkRows = 16_384;

export async function trainMlp(train: FeatureMatrix, trainTarget: Target, validation: FeatureMatrix, validationTarget: Target, options: MlpTrainOptions): Promise<MlpTrainResult> {
  const { task } = trainTarget;
  if (train.rows === 0) throw new ValidationError('the training split has no rows');
  for (const name of ['hiddenUnits', 'hiddenLayers', 'epochs', 'batchSize'] as const) {
    const least = name === 'hiddenLayers' ? 0 : 1;
    if (!(Number.isInteger(options[name]) && options[name] >= least)) throw new ValidationError(`MLP parameter ${name} must be an integer ≥ ${least}, got ${options[name]}`);
  }
  if (task !== 'regression' && trainTarget.classes.length < 2) throw new ValidationError('classification needs at least two classes in the training split');
  const { tf, name: backend, device } = await selectBackend(options.backend);
  const outputs = task === 'multiclass' ? trainTarget.classes.length : 1;
  // Regression learns a standardised target, so Adam's small steps suit any scale; the scaling
  // is folded back into the output layer afterwards.
  const scaling = task === 'regression' ? targetScaling(trainTarget.values) : { mean: 0, std: 1 };
  const lossScale = scaling.std * scaling.std;
  const random = new SeededRandom(options.seed);
  const model = buildNetwork(tf, train.width, outputs, options, random);
  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
  const kernels = variables.filter((variable) => variable.rank === 2);
  const optimizer = tf.train.adam(options.learningRate);
  const owned: Tensor[] = [];
  const own = <T extends Tensor>(tensor: T): T => (owned.push(tensor), tensor);
  let best: Tensor[] = [];
  try {
    const x = own(tf.tensor2d(train.values, [train.rows, train.width]));
    const y = own(targetTensor(tf, trainTarget, outputs, scaling));
    const hasValidation = validation.rows > 0;
    const xValidation = hasValidation ? own(tf.tensor2d(validation.values, [validation.rows, validation.width])) : x;
    const yValidation = hasValidation ? own(targetTensor(tf, validationTarget, outputs, scaling)) : y;
    const lossOf = (logits: Tensor, labels: Tensor, reduction: number): Scalar => {
      if (task === 'binary') return tf.losses.sigmoidCrossEntropy(labels, logits, undefined, 0, reduction) as Scalar;
      if (task === 'multiclass') return tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0, reduction) as Scalar;
      return tf.losses.meanSquaredError(labels, logits, undefined, reduction) as Scalar;
    };
    const penalty = () => tf.mul(options.l2, tf.addN(kernels.map((kernel) => tf.sum(tf.square(kernel))))) as Scalar;

    const batchSize = Math.min(options.batchSize, train.rows);
    const order = Uint32Array.from({ length: train.rows }, (_, index) => index);
    let bestLoss = Infinity;
    let bestEpoch = 0;
    let epochsRun = 0;
    const started = performance.now();
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      if (options.signal?.aborted) throw new CancelledError('Training was cancelled');
      shuffleInPlace(order, random);
      const permutation = tf.tensor1d(Int32Array.from(order), 'int32');
      let trainSum: Scalar = tf.scalar(0);
      for (let start = 0; start < train.rows; start += batchSize) {
        const size = Math.min(batchSize, train.rows - start);
        let dataLoss: Scalar | undefined;
        const next = tf.tidy(() => {
          const indices = permutation.slice(start, size);
          const xBatch = tf.gather(x, indices);
          const yBatch = tf.gather(y, indices);
          const cost = optimizer.minimize(
            () => {
              const loss = lossOf(model.apply(xBatch, { training: true }) as Tensor, yBatch, tf.Reduction.MEAN);
              if (options.l2 === 0) return loss;
              dataLoss = tf.keep(loss);
              return tf.add(loss, penalty());
            },
            true,
            variables,
          )!;
          return tf.add(trainSum, tf.mul(dataLoss ?? cost, size)) as Scalar;
        });
        (dataLoss as Scalar | undefined)?.dispose();
        trainSum.dispose();
        trainSum = next;
      }
      permutation.dispose();
      const validationSum = hasValidation ? summedLoss(tf, model, xValidation, yValidation, lossOf) : null;
      const sums = tf.stack(validationSum ? [trainSum, validationSum] : [trainSum]);
      // The epoch's one readback.
      const values = await sums.data();
      tf.dispose([sums, trainSum, ...(validationSum ? [validationSum] : [])]);
      epochsRun = epoch;
      const trainLoss = (values[0] / train.rows) * lossScale;
      const validationLoss = hasValidation ? (values[1] / validation.rows) * lossScale : trainLoss;
      if (!Number.isFinite(trainLoss) || !Number.isFinite(validationLoss)) {
        throw new ValidationError(`The network diverged in epoch ${epoch} (loss is ${trainLoss}); lower learning_rate.`, { field: 'params.learning_rate' });
      }
      options.onEpoch?.(epoch, { train_loss: trainLoss, validation_loss: validationLoss });
      if (validationLoss < bestLoss) {
        bestLoss = validationLoss;
        bestEpoch = epoch;
        // On-device copies: Adam assigns new values to the variables, the clones keep these.
        tf.dispose(best);
        best = variables.map((variable) => tf.clone(variable));
      } else if (options.patience > 0 && epoch - bestEpoch >= options.patience) {
        break;
      }
    }
    const secondsPerEpoch = (performance.now() - started) / 1000 / epochsRun;
    const layers = await readLayers(best, scaling);
    return { model: new MlpModel({ task, layers }, tf), backend, device, epochsRun, bestEpoch, secondsPerEpoch };
  } finally {
    tf.dispose([...owned, ...best]);
    optimizer.dispose();
    model.dispose();
  }
}

function buildNetwork(tf: Tf, width: number, outputs: number, params: MlpParams, random: SeededRandom): Sequential {
  const model = tf.sequential();
  // Each layer gets its own seed, or equal-shaped layers would start equal.
  const glorot = () => tf.initializers.glorotUniform({ seed: random.nextUint32() });
  for (let layer = 0; layer < params.hiddenLayers; layer++) {
    model.add(tf.layers.dense({ units: params.hiddenUnits, activation: 'relu', kernelInitializer: glorot(), biasInitializer: 'zeros', ...(layer === 0 ? { inputShape: [width] } : {}) }));
  }
  model.add(tf.layers.dense({ units: outputs, activation: 'linear', kernelInitializer: glorot(), biasInitializer: 'zeros', ...(params.hiddenLayers === 0 ? { inputShape: [width] } : {}) }));
  return model;
}

/** Binary: [N, 1] of 0/1; multiclass: one-hot [N, C]; regression: the standardised value [N, 1]. */
function targetTensor(tf: Tf, target: Target, outputs: number, scaling: { mean: number; std: number }): Tensor2D {
  const rows = target.values.length;
  const values = new Float32Array(rows * outputs);
  for (let row = 0; row < rows; row++) {
    const value = target.values[row];
    if (target.task === 'regression') {
      if (!Number.isFinite(value)) throw new ValidationError(`target value in row ${row} is missing or not finite`);
      values[row] = (value - scaling.mean) / scaling.std;
    } else {
      if (!(Number.isInteger(value) && value >= 0 && value < target.classes.length)) throw new ValidationError(`target in row ${row} is missing or not a class index`);
      if (target.task === 'binary') values[row] = value;
      else values[row * outputs + value] = 1;
    }
  }
  return tf.tensor2d(values, [rows, outputs]);
}

function targetScaling(values: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (const value of values) mean += value / values.length;
  let variance = 0;
  for (const value of values) variance += (value - mean) ** 2 / values.length;
  return { mean, std: variance > 0 ? Math.sqrt(variance) : 1 };
}

/** The summed (not mean) loss over all rows, in chunks, as one scalar left on the device. */
function summedLoss(tf: Tf, model: Sequential, x: Tensor2D, y: Tensor2D, lossOf: (logits: Tensor, labels: Tensor, reduction: number) => Scalar): Scalar {
  return tf.tidy(() => {
    const rows = x.shape[0];
    const parts: Scalar[] = [];
    for (let start = 0; start < rows; start += validationChunkRows) {
      const size = Math.min(validationChunkRows, rows - start);
      const logits = model.apply(x.slice([start, 0], [size, -1]), { training: false }) as Tensor;
      parts.push(lossOf(logits, y.slice([start, 0], [size, -1]), tf.Reduction.SUM));
    }
    return parts.length === 1 ? parts[0] : (tf.addN(parts) as Scalar);
  });
}

/** The weights (kernel, bias per layer) read back once, with the regression scaling folded in. */
async function readLayers(weights: Tensor[], scaling: { mean: number; std: number }): Promise<DenseLayer[]> {
  const layers: DenseLayer[] = [];
  for (let index = 0; index < weights.length; index += 2) {
    const [inputs, outputs] = weights[index].shape;
    // Copies: some backends hand out their own buffer.
    const kernel = Float32Array.from((await weights[index].data()) as Float32Array);
    const bias = Float32Array.from((await weights[index + 1].data()) as Float32Array);
    const last = index === weights.length - 2;
    if (last && (scaling.mean !== 0 || scaling.std !== 1)) {
      for (let k = 0; k < kernel.length; k++) kernel[k] *= scaling.std;
      for (let k = 0; k < bias.length; k++) bias[k] = bias[k] * scaling.std + scaling.mean;
    }
    layers.push({ inputs, outputs, kernel, bias, activation: last ? 'linear' : 'relu' });
  }
  return layers;
}

const paramSpecs: ParamSpec[] = [
  { name: 'hidden_units', type: 'integer', default: mlpDefaults.hiddenUnits, min: 1, max: 4096, description: 'units in each hidden layer' },
  { name: 'hidden_layers', type: 'integer', default: mlpDefaults.hiddenLayers, min: 1, max: 16, description: 'hidden layers (relu)' },
  { name: 'learning_rate', type: 'number', default: mlpDefaults.learningRate, min: 0, minInclusive: false, max: 1, description: 'Adam step size' },
  { name: 'epochs', type: 'integer', default: mlpDefaults.epochs, min: 1, max: 10_000, description: 'passes over the training rows at most' },
  { name: 'batch_size', type: 'integer', default: mlpDefaults.batchSize, min: 1, max: 1_048_576, description: 'rows per gradient step' },
  { name: 'l2', type: 'number', default: mlpDefaults.l2, min: 0, description: 'L2 penalty on the weights (Keras l2)' },
  { name: 'patience', type: 'integer', default: mlpDefaults.patience, min: 0, max: 10_000, description: 'epochs without a better validation loss before stopping (0: never stop early)' },
];

/**
 * The catalogue entry. The backend is not a parameter (parameters are numbers or booleans):
 * MLWB_BACKEND picks it, which the CLI's --backend sets for the training worker.
 */
export const mlpDefinition: ModelDefinition = {
  kind: 'mlp',
  label: 'Neural network (MLP)',
  forTrees: false,
  params(_task: Task) {
    return paramSpecs;
  },
  async fit(params, context) {
    const result = await trainMlp(context.train, context.trainTarget, context.validation, context.validationTarget, {
      hiddenUnits: params.hidden_units as number,
      hiddenLayers: params.hidden_layers as number,
      learningRate: params.learning_rate as number,
      epochs: params.epochs as number,
      batchSize: params.batch_size as number,
      l2: params.l2 as number,
      patience: params.patience as number,
      seed: context.seed,
      backend: process.env.MLWB_BACKEND,
      signal: context.signal,
      onEpoch: (epoch, losses) => context.onIteration(epoch, { ...losses }),
    });
    return {
      model: result.model,
      details: {
        backend: result.backend,
        device: result.device,
        epochs_run: result.epochsRun,
        best_epoch: result.bestEpoch,
        seconds_per_epoch: Number(result.secondsPerEpoch.toFixed(4)),
      },
    };
  },
};
