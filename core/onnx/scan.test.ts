import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLargeOnnxModel } from '../../bench/registry/large-model.js';
import { ValidationError } from '../api/errors.js';
import { WorkerPool } from '../workers/pool.js';
import { attr, encodeModel, GraphBuilder, makeGraph, makeModel, makeNode, makeTensor, mlDomain, onnx, valueInfo } from './builder.js';
import { inspectModel } from './inspect.js';
import type { ByteSource } from './protobuf-reader.js';
import { checkModelLoads, importProblems, scanModelFile, scanModelSource, scanOnnx } from './scan.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-scan-'));
let fileCount = 0;

function writeModel(bytes: Uint8Array | string): string {
  const file = path.join(folder, `model-${fileCount++}.onnx`);
  writeFileSync(file, bytes);
  return file;
}

/** A small pipeline of default-domain and ai.onnx.ml operators, IR < 4 style (an initializer listed as an input too). */
function normalModel(): Uint8Array {
  const builder = new GraphBuilder('normal');
  builder.addInput('x', 'float', ['N', 3]);
  const weights = builder.addInitializer('w', 'float', [3, 1], [0.5, -1, 2]);
  builder.inputs.push(valueInfo(weights, 'float', [3, 1]));
  const bias = builder.addInitializer('b', 'float', [1], [0.25]);
  const [product] = builder.addNode('MatMul', ['x', weights]);
  const [sum] = builder.addNode('Add', [product, bias]);
  builder.addNode('Binarizer', [sum], [builder.reserve('label')], { threshold: attr.float(0) }, mlDomain);
  builder.addOutput('label', 'float', ['N', 1]);
  return encodeModel(makeModel(builder.toGraph(), { producerVersion: '1.2.3', metadata: { owner: 'ana', 'workbench.schema': '{"columns":["x"]}' } }));
}

function singleNodeModel(node: ReturnType<typeof makeNode>, initializers: ReturnType<typeof makeTensor>[] = []): Uint8Array {
  const graph = makeGraph({ name: 'single', nodes: [node], inputs: [valueInfo('x', 'float', ['N', 3])], outputs: [valueInfo('y', 'float', ['N', 3])], initializers });
  return encodeModel(makeModel(graph));
}

function externalTensor(name: string, location: string): ReturnType<typeof makeTensor> {
  return {
    name,
    dataType: onnx.TensorProto.DataType.FLOAT,
    dims: [3],
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: '0' },
    ],
  };
}

/** Deterministic "random" bytes, so the test means the same thing on every run. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let block = createHash('sha256').update('not a model').digest();
  for (let offset = 0; offset < length; offset += block.length) {
    bytes.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    block = createHash('sha256').update(block).digest();
  }
  return bytes;
}

describe('scanModelFile', () => {
  it('reports what inspectModel reports, plus counts, domains and size', async () => {
    const bytes = normalModel();
    const scan = await scanModelFile(writeModel(bytes));
    const inspected = inspectModel(bytes);
    expect(scan.inputs).toEqual(inspected.inputs);
    expect(scan.inputs.map((input) => input.name)).toEqual(['x']);
    expect(scan.outputs).toEqual(inspected.outputs);
    expect(scan.opsets).toEqual(inspected.opsets);
    expect(scan.operators).toEqual(inspected.operators);
    expect(scan.operators).toEqual(['Add', 'MatMul', 'ai.onnx.ml.Binarizer']);
    expect(scan.metadata).toEqual(inspected.metadata);
    expect(scan).toMatchObject({
      size: bytes.length,
      irVersion: inspected.irVersion,
      producerName: 'ml-workbench',
      producerVersion: '1.2.3',
      domains: ['ai.onnx', 'ai.onnx.ml'],
      externalData: [],
      initializerCount: 2,
      nodeCount: 3,
    });
    expect(importProblems(scan)).toEqual([]);
  });

  it('finds operators and domains inside If branches', async () => {
    const thenBranch = makeGraph({ name: 'then', nodes: [makeNode('Inner', ['x'], ['t'], {}, { domain: 'com.example' })], inputs: [], outputs: [valueInfo('t', 'float', ['N', 3])] });
    const elseBranch = makeGraph({ name: 'else', nodes: [makeNode('Identity', ['x'], ['e'])], inputs: [], outputs: [valueInfo('e', 'float', ['N', 3])] });
    const branch = makeNode('If', ['condition'], ['y']);
    branch.attribute = [
      { name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: thenBranch },
      { name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: elseBranch },
    ];
    const graph = makeGraph({
      name: 'branching',
      nodes: [branch],
      inputs: [valueInfo('condition', 'bool', []), valueInfo('x', 'float', ['N', 3])],
      outputs: [valueInfo('y', 'float', ['N', 3])],
    });
    const scan = await scanModelFile(writeModel(encodeModel(makeModel(graph))));
    expect(scan.operators).toEqual(['Identity', 'If', 'com.example.Inner']);
    expect(scan.domains).toEqual(['ai.onnx', 'ai.onnx.ml', 'com.example']);
    expect(scan.nodeCount).toBe(3);
    expect(scan.inputs).toEqual([
      { name: 'condition', type: 'bool', shape: [] },
      { name: 'x', type: 'float', shape: ['N', 3] },
    ]);
    expect(importProblems(scan)).toEqual(["uses custom operator domain 'com.example' (ops: Inner)"]);
  });

  it('names custom operator domains as import problems', async () => {
    const scan = await scanModelFile(writeModel(singleNodeModel(makeNode('Foo', ['x'], ['y'], {}, { domain: 'com.example' }))));
    expect(scan.operators).toEqual(['com.example.Foo']);
    expect(importProblems(scan)).toEqual(["uses custom operator domain 'com.example' (ops: Foo)"]);
  });

  it('reports external data, and refuses locations outside the model folder', async () => {
    const node = makeNode('Add', ['x', 'inside'], ['y']);
    const tensors = [externalTensor('inside', 'weights/w.bin'), externalTensor('parent', '../x.bin'), externalTensor('absolute', '/etc/passwd'), externalTensor('drive', 'C:\\w.bin')];
    const scan = await scanModelFile(writeModel(singleNodeModel(node, tensors)));
    expect(scan.externalData).toEqual([
      { tensor: 'inside', location: 'weights/w.bin' },
      { tensor: 'parent', location: '../x.bin' },
      { tensor: 'absolute', location: '/etc/passwd' },
      { tensor: 'drive', location: 'C:\\w.bin' },
    ]);
    expect(importProblems(scan)).toEqual([
      "tensor 'inside' needs external data file 'weights/w.bin', which was not imported with the model",
      "tensor 'parent' reads external data from '../x.bin', outside the model folder",
      "tensor 'absolute' reads external data from '/etc/passwd', outside the model folder",
      "tensor 'drive' reads external data from 'C:\\w.bin', outside the model folder",
    ]);
  });

  it('says a cut-off file is truncated, wherever it is cut, and never hangs or crashes', async () => {
    const bytes = normalModel();
    for (const cut of [1, 3, Math.floor(bytes.length / 3), Math.floor(bytes.length / 2), bytes.length - 1]) {
      await expect(scanModelFile(writeModel(bytes.subarray(0, cut)))).rejects.toThrow(
        new RegExp(`^truncated ONNX file: .+ at byte \\d+ runs past the end \\(file is ${cut} bytes\\)$`),
      );
    }
    // A cut that falls between two top-level fields leaves a valid, shorter model; every other cut is an error we name.
    const file = writeModel(bytes);
    const handle = await open(file, 'r');
    for (let cut = 1; cut < bytes.length; cut++) {
      const source: ByteSource = { size: cut, read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position) };
      await scanModelSource(source).then(
        (scan) => expect(scan.size).toBe(cut),
        (error) => expect(error).toBeInstanceOf(ValidationError),
      );
    }
    await handle.close();
  });

  it('refuses random bytes, text, an empty file, wrong wire types and a model without a graph', async () => {
    const notOnnx = /^not an ONNX model: /;
    await expect(scanModelFile(writeModel(noise(4096)))).rejects.toThrow(notOnnx);
    await expect(scanModelFile(writeModel('name,age\nalice,30\nbob,41\n'))).rejects.toThrow(notOnnx);
    await expect(scanModelFile(writeModel(''))).rejects.toThrow('not an ONNX model: the file is empty');
    await expect(scanModelFile(writeModel(Uint8Array.from([0x38, 0x01])))).rejects.toThrow(
      'not an ONNX model: field ModelProto.graph at byte 0 has wire type 0 (varint) where 2 (length-delimited) is expected',
    );
    const graphless = encodeModel({ ...makeModel(makeGraph({ name: 'g', nodes: [], inputs: [], outputs: [] })), graph: undefined });
    await expect(scanModelFile(writeModel(graphless))).rejects.toThrow('not an ONNX model: it has no graph');
    await expect(scanModelFile(writeModel(noise(4096)))).rejects.toBeInstanceOf(ValidationError);
  });

  it('scans a model with 30 MB of weights while reading a small fraction of its bytes', async () => {
    const file = path.join(folder, 'large.onnx');
    await writeLargeOnnxModel(file, 30);
    const handle = await open(file, 'r');
    const { size } = await handle.stat();
    let bytesRead = 0;
    const counting: ByteSource = {
      size,
      read: async (buffer, offset, length, position) => {
        const result = await handle.read(buffer, offset, length, position);
        bytesRead += result.bytesRead;
        return result;
      },
    };
    const scan = await scanModelSource(counting).finally(() => handle.close());
    expect(size).toBeGreaterThan(30 * 1024 * 1024);
    // One 1 MiB window at the start, one after the skipped weights.
    expect(bytesRead).toBeLessThan(size / 10);
    expect(scan).toMatchObject({ size, initializerCount: 1, nodeCount: 1, operators: ['MatMul'], outputs: [{ name: 'Y', type: 'float', shape: ['N', 7680] }] });
  });
});

describe('writeLargeOnnxModel', () => {
  it('writes a model of about the asked size that scans, inspects and loads', async () => {
    const file = path.join(folder, 'five.onnx');
    await writeLargeOnnxModel(file, 5);
    const bytes = readFileSync(file);
    expect(Math.abs(bytes.length - 5 * 1024 * 1024)).toBeLessThan(4096);
    const scan = await scanModelFile(file);
    const inspected = inspectModel(bytes);
    expect(scan.inputs).toEqual(inspected.inputs);
    expect(scan.outputs).toEqual(inspected.outputs);
    expect(scan.inputs).toEqual([{ name: 'X', type: 'float', shape: ['N', 1024] }]);
    expect(importProblems(scan)).toEqual([]);
    await expect(checkModelLoads(file)).resolves.toBeUndefined();
  });
});

describe('checkModelLoads', () => {
  it('accepts a model onnxruntime loads and rejects ones it refuses, with its reason', async () => {
    await expect(checkModelLoads(writeModel(normalModel()))).resolves.toBeUndefined();
    const wrongArity = writeModel(singleNodeModel(makeNode('MatMul', ['x'], ['y'])));
    await expect(checkModelLoads(wrongArity)).rejects.toThrow(/^onnxruntime cannot load the model: .+/);
    await expect(checkModelLoads(wrongArity)).rejects.toBeInstanceOf(ValidationError);
    const custom = writeModel(singleNodeModel(makeNode('Foo', ['x'], ['y'], {}, { domain: 'com.example' })));
    await expect(checkModelLoads(custom)).rejects.toThrow(/^onnxruntime cannot load the model: .*com\.example/);
  });
});

describe('scanOnnx on the worker pool', () => {
  const pool = new WorkerPool(1);
  afterAll(() => pool.close());

  it('returns the structure of a good model and refuses a custom-domain one with a ValidationError', async () => {
    const good = writeModel(normalModel());
    expect(await pool.run('scanOnnx', { file: good })).toEqual(await scanModelFile(good));
    const custom = writeModel(singleNodeModel(makeNode('Foo', ['x'], ['y'], {}, { domain: 'com.example' })));
    const failure = await pool.run('scanOnnx', { file: custom }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect(failure).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: "uses custom operator domain 'com.example' (ops: Foo)" });
    await expect(scanOnnx({ file: custom })).rejects.toThrow("uses custom operator domain 'com.example' (ops: Foo)");
  });
});
