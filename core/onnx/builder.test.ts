import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, attr, encodeModel, makeGraph, makeModel, makeNode, makeTensor, valueInfo } from './builder.js';
import { createSession } from './session.js';
import { inspectModel, readSchema } from './inspect.js';

describe('ONNX builder', () => {
  it('writes an Add graph that onnxruntime loads and runs', async () => {
    const graph = makeGraph({
      name: 'add',
      nodes: [makeNode('Add', ['x', 'offset'], ['y'])],
      inputs: [valueInfo('x', 'float', ['N', 2])],
      outputs: [valueInfo('y', 'float', ['N', 2])],
      initializers: [makeTensor('offset', 'float', [2], [10, 20])],
    });
    const session = await createSession(encodeModel(makeModel(graph)));
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [2, 2]) });
    expect(Array.from(y.data as Float32Array)).toEqual([11, 22, 13, 24]);
    expect(y.dims).toEqual([2, 2]);
  });

  it('declares IR 8, ai.onnx 18, ai.onnx.ml 3, the producer and sorted metadata', () => {
    const graph = new GraphBuilder('identity');
    graph.addInput('text', 'string', ['N', 1]);
    graph.addNode('Identity', ['text'], ['copy']);
    graph.addOutput('copy', 'string', ['N', 1]);
    const bytes = encodeModel(makeModel(graph.toGraph(), { metadata: { 'z.last': '2', 'a.first': '1' }, producerVersion: '0.1.0' }));
    const description = inspectModel(bytes);
    expect(description).toMatchObject({
      irVersion: 8,
      producerName: 'ml-workbench',
      producerVersion: '0.1.0',
      opsets: { 'ai.onnx': 18, 'ai.onnx.ml': 3 },
      inputs: [{ name: 'text', type: 'string', shape: ['N', 1] }],
      outputs: [{ name: 'copy', type: 'string', shape: ['N', 1] }],
      metadata: { 'a.first': '1', 'z.last': '2' },
      operators: ['Identity'],
    });
    expect(readSchema(description)).toBeUndefined();
    // Same parts, same bytes: exported pipelines must be byte-identical run to run.
    const again = encodeModel(makeModel(graph.toGraph(), { metadata: { 'a.first': '1', 'z.last': '2' }, producerVersion: '0.1.0' }));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('hands out unique tensor names and refuses a duplicate fixed name', () => {
    const graph = new GraphBuilder();
    expect([graph.uniqueName('x'), graph.uniqueName('x'), graph.uniqueName('x')]).toEqual(['x', 'x_1', 'x_2']);
    graph.reserve('label');
    expect(() => graph.reserve('label')).toThrow(/already used/);
  });

  it('writes typed attributes and string, int64 and double tensors that onnxruntime reads back', async () => {
    const graph = new GraphBuilder('types');
    graph.addInput('x', 'float', ['N', 1]);
    const labels = graph.addInitializer('labels', 'string', [2], ['no', 'yes']);
    const indices = graph.addInitializer('indices', 'int64', [2], [1, 0]);
    const [picked] = graph.addNode('Gather', [labels, indices], ['picked'], { axis: attr.int(0) });
    const [scaled] = graph.addNode('Scaler', ['x'], ['scaled'], { offset: attr.floats([1]), scale: attr.floats([0.5]) }, 'ai.onnx.ml');
    const [castDouble] = graph.addNode('Cast', [scaled], ['as_double'], { to: attr.int(11) });
    graph.addOutput(picked, 'string', [2]);
    graph.addOutput(castDouble, 'double', ['N', 1]);
    const session = await createSession(encodeModel(makeModel(graph.toGraph())));
    const outputs = await session.run({ x: new ort.Tensor('float32', Float32Array.from([5]), [1, 1]) });
    expect(outputs.picked.data).toEqual(['yes', 'no']);
    expect(Array.from(outputs.as_double.data as Float64Array)).toEqual([2]);
  });

  it('rejects a tensor whose values do not fill its shape', () => {
    expect(() => makeTensor('bad', 'float', [2, 2], [1, 2, 3])).toThrow(/3 values for shape \[2, 2\]/);
  });

  it('describes a model that is not ONNX with a clear error', () => {
    expect(() => inspectModel(Uint8Array.from([0xff, 0xff, 0xff, 0xff]))).toThrow(/not an ONNX model/);
  });
});
