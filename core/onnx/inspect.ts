// Reads what a model file declares (inputs, outputs, opsets, metadata) without running it: the
// registry shows and checks this for every uploaded or trained model.
import type onnxProto from 'onnx-proto';
import { decodeModel, elementTypes, type Dimension } from './builder.js';

export interface TensorDescription {
  name: string;
  /** Element type ("float", "int64", "string", …), or "tensor(<code>)" for ones we do not name, or the non-tensor kind. */
  type: string;
  shape: Dimension[];
}

export interface ModelDescription {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  /** Opset version per domain; the default domain is "ai.onnx". */
  opsets: Record<string, number>;
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  metadata: Record<string, string>;
  /** Operator types used, with their domain when it is not the default one (e.g. "ai.onnx.ml.Imputer"). */
  operators: string[];
}

const elementTypeNames = new Map<number, string>(Object.entries(elementTypes).map(([name, code]) => [code, name]));

type DecodedModel = ReturnType<typeof decodeModel>;
type DecodedValueInfo = onnxProto.onnx.IValueInfoProto;

export function inspectModel(data: Uint8Array): ModelDescription {
  let model: DecodedModel;
  try {
    model = decodeModel(data);
  } catch (error) {
    throw new Error(`not an ONNX model: ${(error as Error).message}`, { cause: error });
  }
  const graph = model.graph;
  if (!graph) throw new Error('not an ONNX model: it has no graph');
  const opsets: Record<string, number> = {};
  for (const opset of model.opsetImport) opsets[opset.domain || 'ai.onnx'] = Number(opset.version);
  const metadata: Record<string, string> = {};
  for (const entry of model.metadataProps) metadata[entry.key ?? ''] = entry.value ?? '';
  const operators = new Set((graph.node ?? []).map((node) => (node.domain ? `${node.domain}.${node.opType}` : `${node.opType}`)));
  // Initializers may be listed among the inputs (IR < 4 style); they are not things to feed.
  const constants = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
  return {
    irVersion: Number(model.irVersion),
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    opsets,
    inputs: (graph.input ?? []).filter((input) => !constants.has(input.name)).map(describe),
    outputs: (graph.output ?? []).map(describe),
    metadata,
    operators: [...operators].sort(),
  };
}

function describe(info: DecodedValueInfo): TensorDescription {
  const name = info.name ?? '';
  const tensorType = info.type?.tensorType;
  if (!tensorType) {
    const kind = info.type?.sequenceType ? 'sequence' : info.type?.mapType ? 'map' : 'unknown';
    return { name, type: kind, shape: [] };
  }
  const code = tensorType.elemType ?? 0;
  const shape = (tensorType.shape?.dim ?? []).map((dim): Dimension => (dim.dimParam ? dim.dimParam : Number(dim.dimValue)));
  return { name, type: elementTypeNames.get(code) ?? `tensor(${code})`, shape };
}

/** The parsed `workbench.schema` metadata of a model we exported, or undefined for other models. */
export function readSchema<Schema = unknown>(description: ModelDescription): Schema | undefined {
  const text = description.metadata['workbench.schema'];
  return text === undefined ? undefined : (JSON.parse(text) as Schema);
}
