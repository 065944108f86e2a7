import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, defaultOpsets, encodeModel, makeModel, treeEnsembleOpsets } from '../../onnx/builder.js';
import { inspectModel } from '../../onnx/inspect.js';
import { createSession } from '../../onnx/session.js';
import { classLabels } from '../pipeline-onnx.js';
import type { FeatureMatrix, Target, TrainedModel } from '../types.js';
import { RandomForest } from './forest.js';
import { GradientBoosting } from './gbdt.js';
import { makeClassification, makeFriedman, splitRows } from './synthetic-data.js';
import type { Tree } from './tree.js';

/** The model alone as a graph over one float input [N, width], run by onnxruntime-node. */
async function runOnnx(model: TrainedModel, target: Target, matrix: FeatureMatrix): Promise<{ bytes: Uint8Array; outputs: Record<string, ort.Tensor> }> {
  const graph = new GraphBuilder('trees');
  const regression = target.task === 'regression';
  for (const name of regression ? ['variable'] : ['label', 'probabilities']) graph.reserve(name);
  graph.addInput('features', 'float', ['N', matrix.width]);
  model.appendOnnx(graph, 'features', target);
  if (regression) graph.addOutput('variable', 'float', ['N', 1]);
  else {
    graph.addOutput('label', classLabels(target).type, ['N']);
    graph.addOutput('probabilities', 'float', ['N', target.classes.length]);
  }
  const bytes = encodeModel(makeModel(graph.toGraph(), { opsets: model.onnxOpsets ?? defaultOpsets }));
  const session = await createSession(bytes);
  try {
    const outputs = await session.run({ features: new ort.Tensor('float32', matrix.values, [matrix.rows, matrix.width]) });
    return { bytes, outputs: outputs as Record<string, ort.Tensor> };
  } finally {
    await session.release();
  }
}

/** Test rows plus the inputs that break careless exports: values exactly on thresholds, NaN, ±0. */
function withEdgeCases(matrix: FeatureMatrix, trees: readonly Tree[]): FeatureMatrix {
  const values = matrix.values.slice();
  const { width } = matrix;
  let row = 0;
  for (const tree of trees.slice(0, 20)) {
    for (let node = 0; node < tree.feature.length && row < matrix.rows / 2; node++) {
      if (tree.feature[node] >= 0 && Number.isFinite(tree.threshold[node])) values[row++ * width + tree.feature[node]] = tree.threshold[node];
    }
  }
  for (let feature = 0; feature < width; feature++) {
    values[row * width + feature] = Number.NaN;
    values[(row + 1) * width + feature] = -0;
    values[(row + 2) * width + feature] = 0;
    if (feature % 2 === 0) values[(row + 3) * width + feature] = Number.NaN;
  }
  return { ...matrix, values };
}

function expectClassifierParity(outputs: Record<string, ort.Tensor>, probabilities: Float64Array, classes: number, tolerance: number): void {
  const onnx = outputs.probabilities.data as Float32Array;
  expect(onnx.length).toBe(probabilities.length);
  let largest = 0;
  for (let index = 0; index < onnx.length; index++) largest = Math.max(largest, Math.abs(onnx[index] - probabilities[index]));
  expect(largest).toBeLessThan(tolerance);
  const labels = outputs.label.data as BigInt64Array;
  let mismatches = 0;
  for (let row = 0; row < labels.length; row++) {
    const p = probabilities.subarray(row * classes, (row + 1) * classes);
    if (Number(labels[row]) !== p.indexOf(Math.max(...p))) mismatches++;
  }
  expect(mismatches).toBe(0);
}

describe('tree ensembles in ONNX', () => {
  it('binary GBDT: TreeEnsembleClassifier (ml 3), LOGISTIC on f0 + leaf sums, exact threshold routing', async () => {
    const { train, test } = splitRows(makeClassification({ rows: 6000, features: 6, informative: 4, missing: 0.05, seed: 31 }), 5000);
    const model = await GradientBoosting.fit(train.matrix, train.target, { maxIter: 40 });
    expect(model.onnxOpsets).toBeUndefined();
    const matrix = withEdgeCases(test.matrix, model.ensemble.trees);
    const { bytes, outputs } = await runOnnx(model, train.target, matrix);
    expect(inspectModel(bytes).operators).toEqual(['ai.onnx.ml.TreeEnsembleClassifier']);
    expectClassifierParity(outputs, model.predict(matrix).probabilities!, 2, 1e-6);
  });

  it('binary GBDT whose leaves are all ≥ 0 goes through TreeEnsemble (ml 5), not onnxruntime’s probability path', async () => {
    // A stump with non-negative leaf values: as ml 3 onnxruntime would cut its label at 0.5 of the raw sum.
    const stump: Tree = {
      feature: Int32Array.of(0, -1, -1),
      threshold: Float32Array.of(0.25, 0, 0),
      splitBin: Uint8Array.of(0, 0, 0),
      nanLeft: Uint8Array.of(1, 0, 0),
      left: Int32Array.of(1, -1, -1),
      right: Int32Array.of(2, -1, -1),
      value: Float64Array.of(0, 0.1, Math.fround(0.7)),
      outputs: 1,
      gain: Float64Array.of(1, 0, 0),
      cover: Float64Array.of(10, 5, 5),
    };
    const leaf: Tree = { ...stump, feature: Int32Array.of(-1), threshold: Float32Array.of(0), splitBin: Uint8Array.of(0), nanLeft: Uint8Array.of(0), left: Int32Array.of(-1), right: Int32Array.of(-1), value: Float64Array.of(Math.fround(0.05)), gain: Float64Array.of(0), cover: Float64Array.of(10) };
    const model = new GradientBoosting({ loss: 'log-loss', outputs: 1, features: 2, baseline: [Math.fround(-0.5)], trees: [stump, leaf], learningRate: 0.1, iterations: 2, stoppedEarly: false, trainLoss: [], validationLoss: null });
    expect(model.onnxOpsets).toEqual(treeEnsembleOpsets);
    const target: Target = { task: 'binary', values: new Float64Array(0), classes: ['no', 'yes'] };
    const matrix: FeatureMatrix = { rows: 5, width: 2, values: Float32Array.of(0, 9, 0.25, 9, 0.2500001, 9, Number.NaN, 9, 3, 9), names: ['a', 'b'] };
    const { bytes, outputs } = await runOnnx(model, target, matrix);
    expect(inspectModel(bytes).operators).toContain('ai.onnx.ml.TreeEnsemble');
    const probabilities = model.predict(matrix).probabilities!;
    const onnx = outputs.probabilities.data as Float32Array;
    for (let index = 0; index < onnx.length; index++) expect(Math.abs(onnx[index] - probabilities[index])).toBeLessThan(1e-6);
    // Margins −0.5 + 0.1 + 0.05 < 0 (rows 0, 1, 3: NaN goes left) and −0.5 + 0.7 + 0.05 > 0.
    expect(Array.from(outputs.label.data as string[])).toEqual(['no', 'no', 'yes', 'no', 'yes']);
  });

  it('multiclass GBDT: one vote per tree for its class, SOFTMAX over the log-prior base values', async () => {
    const { train, test } = splitRows(makeClassification({ rows: 4000, features: 7, informative: 4, classes: 3, clustersPerClass: 1, missing: 0.03, seed: 32 }), 3000);
    const model = await GradientBoosting.fit(train.matrix, train.target, { maxIter: 15 });
    const matrix = withEdgeCases(test.matrix, model.ensemble.trees);
    const { outputs } = await runOnnx(model, train.target, matrix);
    expectClassifierParity(outputs, model.predict(matrix).probabilities!, 3, 1e-6);
  });

  it('GBDT regression: TreeEnsembleRegressor summing leaf values onto the mean', async () => {
    const { train, test } = splitRows(makeFriedman({ rows: 3000, features: 6, noise: 1, seed: 33 }), 2500);
    const model = await GradientBoosting.fit(train.matrix, train.target, { maxIter: 50 });
    const matrix = withEdgeCases(test.matrix, model.ensemble.trees);
    const { outputs } = await runOnnx(model, train.target, matrix);
    const onnx = outputs.variable.data as Float32Array;
    const values = model.predict(matrix).values!;
    expect(outputs.variable.dims).toEqual([matrix.rows, 1]);
    for (let row = 0; row < matrix.rows; row++) expect(Math.abs(onnx[row] - values[row]) / Math.max(1, Math.abs(values[row]))).toBeLessThan(1e-5);
  });

  it('random forests: class fractions / n_estimators with no post-transform, and AVERAGE for regression', async () => {
    const binary = splitRows(makeClassification({ rows: 3000, features: 5, informative: 3, missing: 0.05, seed: 34 }), 2500);
    const forest = await RandomForest.fit(binary.train.matrix, binary.train.target, { nEstimators: 15 });
    let matrix = withEdgeCases(binary.test.matrix, forest.spec.trees);
    expectClassifierParity((await runOnnx(forest, binary.train.target, matrix)).outputs, forest.predict(matrix).probabilities!, 2, 1e-6);

    const multi = splitRows(makeClassification({ rows: 3000, features: 7, informative: 4, classes: 4, clustersPerClass: 1, seed: 35 }), 2500);
    const multiForest = await RandomForest.fit(multi.train.matrix, multi.train.target, { nEstimators: 15 });
    matrix = withEdgeCases(multi.test.matrix, multiForest.spec.trees);
    expectClassifierParity((await runOnnx(multiForest, multi.train.target, matrix)).outputs, multiForest.predict(matrix).probabilities!, 4, 1e-6);

    const regression = splitRows(makeFriedman({ rows: 2000, features: 5, noise: 1, seed: 36 }), 1500);
    const regressor = await RandomForest.fit(regression.train.matrix, regression.train.target, { nEstimators: 10 });
    matrix = withEdgeCases(regression.test.matrix, regressor.spec.trees);
    const onnx = (await runOnnx(regressor, regression.train.target, matrix)).outputs.variable.data as Float32Array;
    const values = regressor.predict(matrix).values!;
    for (let row = 0; row < matrix.rows; row++) expect(Math.abs(onnx[row] - values[row]) / Math.max(1, Math.abs(values[row]))).toBeLessThan(1e-5);
  });
});
