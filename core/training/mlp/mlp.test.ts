import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, ValidationError } from '../../api/errors.js';
import { accuracy, classColumn, predictedClasses } from '../evaluation/classification.js';
import { rocAuc } from '../evaluation/ranking.js';
import { rSquared } from '../evaluation/regression.js';
import { resolveParams, type FitContext } from '../model-catalogue.js';
import { loadTf } from './backends.js';
import { mlpDefaults, mlpDefinition, trainMlp, type EpochLosses, type MlpTrainOptions } from './mlp.js';
import { blobs, curve, rowsOf, xor, type Problem } from './mlp-test-data.js';

const fast: MlpTrainOptions = { ...mlpDefaults, hiddenUnits: 16, learningRate: 0.01, batchSize: 64, epochs: 30, seed: 7, backend: 'wasm' };

function fit(problem: Problem, trainRows: number, options: Partial<MlpTrainOptions> = {}) {
  const train = rowsOf(problem, 0, trainRows);
  const validation = rowsOf(problem, trainRows, problem.matrix.rows);
  return trainMlp(train.matrix, train.target, validation.matrix, validation.target, { ...fast, ...options });
}

const layerBytes = (layers: { kernel: Float32Array; bias: Float32Array }[]) => layers.map((layer) => [...layer.kernel, ...layer.bias]).flat();

describe('MLP training', () => {
  it('learns XOR quadrants, which no linear model can (test AUC > 0.95), reporting both losses every epoch', async () => {
    const data = xor(3000, 1);
    const curves: Array<[number, EpochLosses]> = [];
    const result = await fit(rowsOf(data, 0, 2500), 2000, { onEpoch: (epoch, losses) => curves.push([epoch, losses]) });
    const test = rowsOf(data, 2500, 3000);
    const scores = classColumn(result.model.predict(test.matrix).probabilities!, 2, 1);
    expect(rocAuc(test.target.values, scores)).toBeGreaterThan(0.95);
    expect(curves.map(([epoch]) => epoch)).toEqual(Array.from({ length: result.epochsRun }, (_, index) => index + 1));
    expect(curves.every(([, losses]) => losses.train_loss > 0 && losses.validation_loss > 0)).toBe(true);
    expect(curves.at(-1)![1].train_loss).toBeLessThan(curves[0][1].train_loss / 2);
    expect(result).toMatchObject({ backend: 'wasm' });
    expect(result.bestEpoch).toBeGreaterThan(0);
    expect(result.bestEpoch).toBeLessThanOrEqual(result.epochsRun);
  });

  it('multiclass: softmax probabilities that sum to 1 and separate three blobs', async () => {
    const data = blobs(1500, 2);
    const result = await fit(rowsOf(data, 0, 1200), 1000, { epochs: 15 });
    const test = rowsOf(data, 1200, 1500);
    const probabilities = result.model.predict(test.matrix).probabilities!;
    expect(probabilities.length).toBe(300 * 3);
    for (let row = 0; row < 300; row++) expect(probabilities[3 * row] + probabilities[3 * row + 1] + probabilities[3 * row + 2]).toBeCloseTo(1, 12);
    expect(accuracy(test.target.values, predictedClasses(probabilities, 3))).toBeGreaterThan(0.93);
  });

  it('regression: learns a curve with a large offset (the target is standardised, then folded back)', async () => {
    const data = curve(1500, 3);
    const curves: EpochLosses[] = [];
    const result = await fit(rowsOf(data, 0, 1200), 1000, { onEpoch: (_, losses) => curves.push(losses) });
    const test = rowsOf(data, 1200, 1500);
    const values = result.model.predict(test.matrix).values!;
    expect(rSquared(test.target.values, values)).toBeGreaterThan(0.99);
    // Losses are MSE in target units: y varies by ~ 10⁵ (variance), the noise by 25.
    expect(curves.at(-1)!.validation_loss).toBeLessThan(500);
  });

  it('same seed and data give the same weights on wasm and on cpu (and nearly the same across them); another seed does not', async () => {
    const data = xor(600, 4);
    const options = { epochs: 3, patience: 0 };
    const first = await fit(data, 500, options);
    const again = await fit(data, 500, options);
    expect(layerBytes(again.model.spec.layers)).toEqual(layerBytes(first.model.spec.layers));
    const cpu = await fit(data, 500, { ...options, backend: 'cpu' });
    const cpuAgain = await fit(data, 500, { ...options, backend: 'cpu' });
    expect(cpu.backend).toBe('cpu');
    expect(layerBytes(cpuAgain.model.spec.layers)).toEqual(layerBytes(cpu.model.spec.layers));
    // Across backends only float32 rounding differs (same initial weights, same batches).
    const cpuWeights = layerBytes(cpu.model.spec.layers);
    expect(Math.max(...layerBytes(first.model.spec.layers).map((value, index) => Math.abs(value - cpuWeights[index])))).toBeLessThan(1e-4);
    const reseeded = await fit(data, 500, { ...options, seed: 8 });
    expect(layerBytes(reseeded.model.spec.layers)).not.toEqual(layerBytes(first.model.spec.layers));
  });

  it('leaves no tensors behind after training and prediction, and predicts the same in TypeScript', async () => {
    const tf = await loadTf();
    const data = xor(20_000, 5);
    const before = tf.memory().numTensors;
    const result = await fit(rowsOf(data, 0, 2000), 1500, { epochs: 2 });
    // 20,000 rows: more than one prediction batch.
    const withTf = result.model.predict(data.matrix).probabilities!;
    expect(tf.memory().numTensors).toBe(before);
    const { MlpModel } = await import('./mlp-model.js');
    const inTypeScript = new MlpModel(result.model.spec).predict(data.matrix).probabilities!;
    let largest = 0;
    for (let index = 0; index < withTf.length; index++) largest = Math.max(largest, Math.abs(withTf[index] - inTypeScript[index]));
    expect(largest).toBeLessThan(1e-5);
  });

  it('stops early when the validation loss stops improving, keeping the best epoch', async () => {
    const data = xor(400, 6);
    // Labels unrelated to the features: the validation loss bottoms out almost at once.
    data.target.values.forEach((_, row) => (data.target.values[row] = row % 2));
    const result = await fit(data, 300, { epochs: 200, patience: 3, learningRate: 0.05 });
    expect(result.epochsRun).toBeLessThan(200);
    expect(result.epochsRun - result.bestEpoch).toBe(3);
  });

  it('stops with CancelledError when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fit(xor(200, 7), 150, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('mlpDefinition', () => {
  const saved = process.env.MLWB_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.MLWB_BACKEND;
    else process.env.MLWB_BACKEND = saved;
  });

  function context(problem: Problem, iterations: Array<[number, Record<string, number>]>): FitContext {
    const train = rowsOf(problem, 0, 400);
    const validation = rowsOf(problem, 400, 500);
    return {
      train: train.matrix,
      trainTarget: train.target,
      validation: validation.matrix,
      validationTarget: validation.target,
      seed: 3,
      onIteration: (step, metrics) => iterations.push([step, metrics]),
      signal: new AbortController().signal,
    };
  }

  it('offers the same parameters with defaults for every task and rejects bad values by name', () => {
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      expect(resolveParams(mlpDefinition, task, {})).toEqual({ hidden_units: 64, hidden_layers: 2, learning_rate: 0.001, epochs: 50, batch_size: 256, l2: 0.0001, patience: 5 });
    }
    expect(resolveParams(mlpDefinition, 'binary', { hidden_units: '8', epochs: 3 })).toMatchObject({ hidden_units: 8, epochs: 3 });
    expect(() => resolveParams(mlpDefinition, 'binary', { learning_rate: 0 })).toThrow(/learning_rate.*out of range/);
    expect(() => resolveParams(mlpDefinition, 'binary', { backend: 'wasm' })).toThrow(/Valid parameters: hidden_units, hidden_layers/);
    expect(mlpDefinition).toMatchObject({ kind: 'mlp', label: 'Neural network (MLP)', forTrees: false });
  });

  it('fits through the catalogue interface, recording backend, device and epochs; MLWB_BACKEND overrides the choice', async () => {
    process.env.MLWB_BACKEND = 'cpu';
    const iterations: Array<[number, Record<string, number>]> = [];
    const params = resolveParams(mlpDefinition, 'binary', { epochs: 2, hidden_units: 8 });
    const fitted = await mlpDefinition.fit(params, context(xor(500, 8), iterations));
    expect(fitted.details).toMatchObject({ backend: 'cpu', epochs_run: 2 });
    expect(String(fitted.details.device)).toContain('JavaScript');
    expect(iterations.map(([step, metrics]) => [step, Object.keys(metrics)])).toEqual([
      [1, ['train_loss', 'validation_loss']],
      [2, ['train_loss', 'validation_loss']],
    ]);

    process.env.MLWB_BACKEND = 'webgpu';
    await expect(mlpDefinition.fit(params, context(xor(500, 8), []))).rejects.toThrow(ValidationError);
  });
});
