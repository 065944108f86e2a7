// A trained MLP as plain float32 weights: it predicts in process and exports itself as ai.onnx
// Gemm / Relu nodes with the outputs of reference §1.4 (MLP row, assembled as in the ml 5 row).
// No tensor outlives a call: prediction uploads the (small) weights, runs in batches and
// disposes everything, so a fitted model needs no dispose and survives a change of backend.
import { ValidationError } from '../../api/errors.js';
import { attr, type GraphBuilder } from '../../onnx/builder.js';
import { classLabels, pipelineOutputs } from '../pipeline-onnx.js';
import type { FeatureMatrix, Predictions, Target, Task, TrainedModel } from '../types.js';
import type { Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from './backends.js';
import { sigmoid, softmaxInPlace } from '../activations.js';

/** Backends that can read results back synchronously (predict is synchronous); WebGPU in Node cannot. */
const synchronousBackends = new Set(['wasm', 'cpu', 'tensorflow']);
const predictBatchRows = 8192;

export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** Row-major [inputs, outputs], as tf.layers.dense stores its kernel and Gemm takes B. */
  kernel: Float32Array;
  bias: Float32Array;
  activation: 'relu' | 'linear';
}

export interface MlpSpec {
  task: Task;
  /**
   * Hidden layers (relu), then the output layer: one logit (binary), C logits (multiclass), or
   * the predicted value itself (regression; the target scaling used in training is folded in).
   */
  layers: DenseLayer[];
}

export class MlpModel implements TrainedModel {
  /**
   * With `tf`, predictions run on its active backend where that backend reads back synchronously;
   * otherwise (no tfjs, or WebGPU) in TypeScript. Both agree to float32 rounding.
   */
  constructor(
    readonly spec: MlpSpec,
    private readonly tf?: Tf,
  ) {}

  predict(matrix: FeatureMatrix): Predictions {
    const { layers, task } = this.spec;
    if (matrix.width !== layers[0].inputs) throw new ValidationError(`the model takes ${layers[0].inputs} features; the data has ${matrix.width}`);
    const outputs = layers[layers.length - 1].outputs;
    const scores = this.tf && synchronousBackends.has(this.tf.getBackend()) ? scoresWithTf(this.tf, layers, matrix) : scoresInTypeScript(layers, matrix);
    if (task === 'regression') return { values: scores };
    if (task === 'binary') {
      const probabilities = new Float64Array(matrix.rows * 2);
      for (let row = 0; row < matrix.rows; row++) {
        const p = sigmoid(scores[row]);
        probabilities[2 * row] = 1 - p;
        probabilities[2 * row + 1] = p;
      }
      return { probabilities };
    }
    for (let row = 0; row < matrix.rows; row++) softmaxInPlace(scores.subarray(row * outputs, (row + 1) * outputs));
    return { probabilities: scores };
  }

  /**
   * Gemm (+ Relu) per layer, float32 weights as initializers; then Sigmoid → Concat(1 − p, p)
   * (binary) or Softmax (multiclass), and label = Gather(class labels, ArgMax(probabilities)),
   * which picks the first class on ties as the in-process argmax does. Regression: the last
   * Gemm writes `variable` [N, 1].
   */
  appendOnnx(graph: GraphBuilder, featureTensor: string, target: Target): void {
    const { layers, task } = this.spec;
    let current = featureTensor;
    layers.forEach((layer, index) => {
      const kernel = graph.addInitializer(`mlp_kernel_${index}`, 'float', [layer.inputs, layer.outputs], layer.kernel);
      const bias = graph.addInitializer(`mlp_bias_${index}`, 'float', [layer.outputs], layer.bias);
      const last = index === layers.length - 1;
      [current] = graph.addNode('Gemm', [current, kernel, bias], [last && task === 'regression' ? pipelineOutputs.variable : undefined]);
      if (layer.activation === 'relu') [current] = graph.addNode('Relu', [current]);
    });
    if (task === 'regression') return;
    if (task === 'binary') {
      const [positive] = graph.addNode('Sigmoid', [current]);
      const one = graph.addInitializer('mlp_one', 'float', [1], [1]);
      const [negative] = graph.addNode('Sub', [one, positive]);
      graph.addNode('Concat', [negative, positive], [pipelineOutputs.probabilities], { axis: attr.int(1) });
    } else {
      graph.addNode('Softmax', [current], [pipelineOutputs.probabilities], { axis: attr.int(1) });
    }
    const [best] = graph.addNode('ArgMax', [pipelineOutputs.probabilities], [undefined], { axis: attr.int(1), keepdims: attr.int(0) });
    const labels = classLabels(target);
    const table = graph.addInitializer('mlp_class_labels', labels.type, [labels.values.length], labels.values);
    graph.addNode('Gather', [table, best], [pipelineOutputs.label], { axis: attr.int(0) });
  }
}

/** Output-layer scores [rows × outputs]: fused matmul + bias + activation per layer, in batches. */
function scoresWithTf(tf: Tf, layers: DenseLayer[], matrix: FeatureMatrix): Float64Array {
  const outputs = layers[layers.length - 1].outputs;
  const scores = new Float64Array(matrix.rows * outputs);
  tf.tidy(() => {
    const weights = layers.map((layer) => ({
      kernel: tf.tensor2d(layer.kernel, [layer.inputs, layer.outputs]),
      bias: tf.tensor1d(layer.bias),
      activation: layer.activation,
    }));
    for (let start = 0; start < matrix.rows; start += predictBatchRows) {
      const size = Math.min(predictBatchRows, matrix.rows - start);
      const batch = tf.tidy(() => {
        let current: Tensor2D = tf.tensor2d(matrix.values.subarray(start * matrix.width, (start + size) * matrix.width), [size, matrix.width]);
        for (const { kernel, bias, activation } of weights) current = tf.fused.matMul({ a: current, b: kernel, bias, activation }) as Tensor2D;
        return current;
      });
      scores.set(batch.dataSync(), start * outputs);
      batch.dispose();
    }
  });
  return scores;
}

function scoresInTypeScript(layers: DenseLayer[], matrix: FeatureMatrix): Float64Array {
  const outputs = layers[layers.length - 1].outputs;
  const widest = Math.max(...layers.map((layer) => Math.max(layer.inputs, layer.outputs)));
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  const scores = new Float64Array(matrix.rows * outputs);
  for (let row = 0; row < matrix.rows; row++) {
    for (let j = 0; j < matrix.width; j++) input[j] = matrix.values[row * matrix.width + j];
    for (const layer of layers) {
      forward(layer, input, output);
      [input, output] = [output, input];
    }
    for (let k = 0; k < outputs; k++) scores[row * outputs + k] = input[k];
  }
  return scores;
}

/** output = activation(input · kernel + bias), in float64 over the float32 weights. */
function forward(layer: DenseLayer, input: Float64Array, output: Float64Array): void {
  const { inputs, outputs, kernel, bias } = layer;
  for (let k = 0; k < outputs; k++) output[k] = bias[k];
  for (let j = 0; j < inputs; j++) {
    const x = input[j];
    if (x === 0) continue;
    const offset = j * outputs;
    for (let k = 0; k < outputs; k++) output[k] += x * kernel[offset + k];
  }
  if (layer.activation === 'relu') for (let k = 0; k < outputs; k++) if (output[k] < 0) output[k] = 0;
}


