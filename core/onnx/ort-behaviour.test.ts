// Regression tests for onnxruntime-node behaviour the exporter relies on (reference **obs** items).
// If an onnxruntime upgrade changes one of these, the export contract needs another look.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, attr, encodeModel, makeModel, mlDomain, type Opsets } from './builder.js';
import { createSession } from './session.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** A binary LinearClassifier in the exporter's layout: rows [−w, +w], intercepts [−b, +b]. */
function binaryClassifier(weights: number[], bias: number, withZipMap = false): Uint8Array {
  const graph = new GraphBuilder('binary');
  graph.addInput('x', 'float', ['N', weights.length]);
  graph.addNode('LinearClassifier', ['x'], ['label', 'probabilities'], {
    coefficients: attr.floats([...weights.map((w) => -w), ...weights]),
    intercepts: attr.floats([-bias, bias]),
    classlabels_ints: attr.ints([0, 1]),
    post_transform: attr.string('LOGISTIC'),
  }, mlDomain);
  graph.addOutput('label', 'int64', ['N']);
  if (withZipMap) {
    graph.addNode('ZipMap', ['probabilities'], ['output_probability'], { classlabels_int64s: attr.ints([0, 1]) }, mlDomain);
    graph.outputs.push({ name: 'output_probability', type: { sequenceType: { elemType: { mapType: { keyType: 7, valueType: { tensorType: { elemType: 1 } } } } } } });
  } else {
    graph.addOutput('probabilities', 'float', ['N', 2]);
  }
  return encodeModel(makeModel(graph.toGraph()));
}

describe('onnxruntime-node behaviour the exporter relies on', () => {
  it('LinearClassifier with [−w, +w], [−b, +b] and LOGISTIC gives [σ(−z), σ(z)] and label = z > 0', async () => {
    const session = await createSession(binaryClassifier([0.5, -2], 0.25));
    const rows = [[1, 0], [0, 1], [2, 0.625], [-3, 4]];
    const { label, probabilities } = await session.run({ x: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 2]) });
    const p = probabilities.data as Float32Array;
    rows.forEach(([a, b], row) => {
      const z = 0.5 * a - 2 * b + 0.25;
      expect(p[2 * row + 1]).toBeCloseTo(sigmoid(z), 6);
      expect(p[2 * row]).toBeCloseTo(sigmoid(-z), 6);
      expect(label.data[row]).toBe(z > 0 ? 1n : 0n);
    });
    expect(probabilities.dims).toEqual([4, 2]);
    expect(label.type).toBe('int64');
  });

  it('cannot return ZipMap outputs (seq(map)), so pipelines never emit ZipMap', async () => {
    const attempt = async () => {
      const session = await createSession(binaryClassifier([1], 0, true));
      await session.run({ x: new ort.Tensor('float32', Float32Array.from([1]), [1, 1]) });
    };
    await expect(attempt()).rejects.toThrow(/Non tensor type is temporarily not supported/);
  });

  it('loads ai.onnx 26 / ai.onnx.ml 5 / IR 13 and rejects ai.onnx 27 and ai.onnx.ml 6', async () => {
    const identity = (opsets: Opsets) => {
      const graph = new GraphBuilder('identity');
      graph.addInput('x', 'float', ['N', 1]);
      graph.addNode('Identity', ['x'], ['y']);
      graph.addOutput('y', 'float', ['N', 1]);
      return encodeModel(makeModel(graph.toGraph(), { opsets }));
    };
    await expect(createSession(identity({ irVersion: 13, onnx: 26, ml: 5 }))).resolves.toBeDefined();
    await expect(createSession(identity({ irVersion: 13, onnx: 27, ml: 5 }))).rejects.toThrow();
    await expect(createSession(identity({ irVersion: 13, onnx: 26, ml: 6 }))).rejects.toThrow();
  });

  it('OneHotEncoder with zeros=1 maps an unknown or empty category to all zeros and outputs [N, 1, K]', async () => {
    const graph = new GraphBuilder('onehot');
    graph.addInput('color', 'string', ['N', 1]);
    graph.addNode('OneHotEncoder', ['color'], ['encoded'], { cats_strings: attr.strings(['blue', 'red']), zeros: attr.int(1) }, mlDomain);
    graph.addOutput('encoded', 'float', ['N', 1, 2]);
    const session = await createSession(encodeModel(makeModel(graph.toGraph())));
    const { encoded } = await session.run({ color: new ort.Tensor('string', ['red', 'green', '', 'blue'], [4, 1]) });
    expect(encoded.dims).toEqual([4, 1, 2]);
    expect(Array.from(encoded.data as Float32Array)).toEqual([0, 1, 0, 0, 0, 0, 1, 0]);
  });
});
