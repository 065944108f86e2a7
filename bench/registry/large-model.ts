// Writes large but valid ONNX models for the registry import benchmark: Y = X · W with W a float
// initializer of the requested size. The protobuf framing is written by hand around the weights,
// which are streamed in chunks, so writing a 200 MB model never holds 200 MB in memory.
import { open } from 'node:fs/promises';
import { defaultOpsets, makeGraph, makeModel, makeNode, onnx, valueInfo } from '../../core/onnx/builder.js';

/** Rows of W; its columns grow with the requested size. */
const innerSize = 1024;
const chunkFloats = 1 << 18; // 1 MiB of weights per write

export async function writeLargeOnnxModel(file: string, megabytes: number): Promise<void> {
  const columns = Math.max(1, Math.round((megabytes * 1024 * 1024) / (4 * innerSize)));
  const weightCount = innerSize * columns;
  const payloadLength = weightCount * 4;

  const graph = makeGraph({
    name: 'large_matmul',
    nodes: [makeNode('MatMul', ['X', 'W'], ['Y'])],
    inputs: [valueInfo('X', 'float', ['N', innerSize])],
    outputs: [valueInfo('Y', 'float', ['N', columns])],
  });
  const graphHead = onnx.GraphProto.encode(onnx.GraphProto.create(graph)).finish();
  const tensorHead = onnx.TensorProto.encode(onnx.TensorProto.create({ name: 'W', dataType: onnx.TensorProto.DataType.FLOAT, dims: [innerSize, columns] })).finish();
  const model = { ...makeModel(graph, { opsets: defaultOpsets, metadata: { purpose: 'registry import benchmark' } }), graph: undefined };
  const modelHead = onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();

  // Field order does not matter to protobuf: the initializer (GraphProto field 5) follows the
  // graph's other fields and the graph (ModelProto field 7) follows the model's, which lets each
  // length be computed before the payload is written.
  const rawDataHead = [...tag(9), ...varint(payloadLength)]; // TensorProto.raw_data
  const tensorLength = tensorHead.length + rawDataHead.length + payloadLength;
  const initializerHead = [...tag(5), ...varint(tensorLength)]; // GraphProto.initializer
  const graphLength = graphHead.length + initializerHead.length + tensorLength;
  const graphFieldHead = [...tag(7), ...varint(graphLength)]; // ModelProto.graph

  const handle = await open(file, 'w');
  try {
    await handle.write(modelHead);
    await handle.write(Uint8Array.from(graphFieldHead));
    await handle.write(graphHead);
    await handle.write(Uint8Array.from(initializerHead));
    await handle.write(tensorHead);
    await handle.write(Uint8Array.from(rawDataHead));
    const chunk = new Float32Array(chunkFloats);
    for (let written = 0; written < weightCount; written += chunkFloats) {
      const count = Math.min(chunkFloats, weightCount - written);
      // Small varied values (not zeros), so nothing downstream can treat the weights as trivial.
      for (let index = 0; index < count; index++) chunk[index] = (((written + index) % 17) - 8) / 64;
      // Float32Array is little-endian on every platform onnxruntime-node ships for, as raw_data requires.
      await handle.write(new Uint8Array(chunk.buffer, 0, count * 4));
    }
  } finally {
    await handle.close();
  }
}

/** A length-delimited field's tag (wire type 2). */
function tag(fieldNumber: number): number[] {
  return varint(fieldNumber * 8 + 2);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}
