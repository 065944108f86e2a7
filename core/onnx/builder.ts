// A small ONNX model builder in the spirit of Python's `onnx.helper` (reference §1.7): tensors,
// attributes, nodes, value infos, graphs and models as onnx-proto messages, encoded to bytes that
// onnxruntime loads. No maintained JS builder exists, so this is ours.
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
type TensorProto = onnxProto.onnx.ITensorProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;
type NodeProto = onnxProto.onnx.INodeProto;
type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
type GraphProto = onnxProto.onnx.IGraphProto;
type ModelProto = onnxProto.onnx.IModelProto;

export const mlDomain = 'ai.onnx.ml';

/** Element types we write; the numbers are TensorProto.DataType. */
export const elementTypes = { float: 1, uint8: 2, int32: 6, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type ElementType = keyof typeof elementTypes;

/** A dimension: a fixed size or a symbolic name such as "N" (the batch). */
export type Dimension = number | string;

export interface Opsets {
  irVersion: number;
  /** Version of the default domain `ai.onnx`. */
  onnx: number;
  /** Version of `ai.onnx.ml`. */
  ml: number;
}

/** Reference §1.1: the ONNX 1.13 pairing that skl2onnx writes by default. */
export const defaultOpsets: Opsets = { irVersion: 8, onnx: 18, ml: 3 };
/** Reference §1.1, `treeOpset=5`: TreeEnsemble (ml 5) with explicit post-processing. */
export const treeEnsembleOpsets: Opsets = { irVersion: 10, onnx: 21, ml: 5 };

export const producerName = 'ml-workbench';

const textEncoder = new TextEncoder();
const bytes = (text: string): Uint8Array => textEncoder.encode(text);

export function makeTensor(
  name: string,
  type: ElementType,
  dims: readonly number[],
  values: ArrayLike<number> | readonly string[],
): TensorProto {
  const count = dims.reduce((product, size) => product * size, 1);
  if (values.length !== count) throw new RangeError(`tensor ${name}: ${values.length} values for shape [${dims.join(', ')}]`);
  const tensor: TensorProto = { name, dataType: elementTypes[type], dims: [...dims] };
  if (type === 'string') {
    tensor.stringData = Array.from(values as readonly string[], (value) => bytes(value));
    return tensor;
  }
  const numbers = Array.from(values as ArrayLike<number>);
  if (type === 'float') tensor.floatData = numbers;
  else if (type === 'double') tensor.doubleData = numbers;
  else if (type === 'int64') tensor.int64Data = numbers;
  // int32, uint8 and bool all travel in int32_data (onnx.proto: "int32_data ... for UINT8, BOOL, ...").
  else tensor.int32Data = numbers;
  return tensor;
}

/** Attribute values carry their type, since a JS number does not say whether it is an int. */
export type AttributeValue =
  | { float: number }
  | { int: number }
  | { string: string }
  | { tensor: TensorProto }
  | { floats: ArrayLike<number> }
  | { ints: ArrayLike<number> }
  | { strings: readonly string[] };

export const attr = {
  float: (value: number): AttributeValue => ({ float: value }),
  int: (value: number): AttributeValue => ({ int: value }),
  string: (value: string): AttributeValue => ({ string: value }),
  tensor: (value: TensorProto): AttributeValue => ({ tensor: value }),
  floats: (values: ArrayLike<number>): AttributeValue => ({ floats: values }),
  ints: (values: ArrayLike<number>): AttributeValue => ({ ints: values }),
  strings: (values: readonly string[]): AttributeValue => ({ strings: values }),
};

export function makeAttribute(name: string, value: AttributeValue): AttributeProto {
  const type = onnx.AttributeProto.AttributeType;
  if ('float' in value) return { name, type: type.FLOAT, f: value.float };
  if ('int' in value) return { name, type: type.INT, i: value.int };
  if ('string' in value) return { name, type: type.STRING, s: bytes(value.string) };
  if ('tensor' in value) return { name, type: type.TENSOR, t: value.tensor };
  if ('floats' in value) return { name, type: type.FLOATS, floats: Array.from(value.floats) };
  if ('ints' in value) return { name, type: type.INTS, ints: Array.from(value.ints) };
  return { name, type: type.STRINGS, strings: value.strings.map(bytes) };
}

export interface NodeOptions {
  name?: string;
  domain?: string;
}

export function makeNode(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Record<string, AttributeValue> = {},
  options: NodeOptions = {},
): NodeProto {
  return {
    opType,
    input: [...inputs],
    output: [...outputs],
    name: options.name ?? outputs[0],
    domain: options.domain ?? '',
    attribute: Object.entries(attributes).map(([name, value]) => makeAttribute(name, value)),
  };
}

export function valueInfo(name: string, type: ElementType, shape: readonly Dimension[]): ValueInfoProto {
  const dim = shape.map((size) => (typeof size === 'number' ? { dimValue: size } : { dimParam: size }));
  return { name, type: { tensorType: { elemType: elementTypes[type], shape: { dim } } } };
}

export interface GraphParts {
  name: string;
  nodes: NodeProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  initializers?: TensorProto[];
}

export function makeGraph({ name, nodes, inputs, outputs, initializers = [] }: GraphParts): GraphProto {
  return { name, node: nodes, input: inputs, output: outputs, initializer: initializers };
}

export interface ModelOptions {
  opsets?: Opsets;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export function makeModel(graph: GraphProto, options: ModelOptions = {}): ModelProto {
  const opsets = options.opsets ?? defaultOpsets;
  return {
    irVersion: opsets.irVersion,
    opsetImport: [
      { domain: '', version: opsets.onnx },
      { domain: mlDomain, version: opsets.ml },
    ],
    producerName,
    producerVersion: options.producerVersion ?? '',
    docString: options.docString ?? '',
    graph,
    // Sorted, so the same model always encodes to the same bytes.
    metadataProps: Object.entries(options.metadata ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value })),
  };
}

export function encodeModel(model: ModelProto): Uint8Array {
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new Error(`invalid ONNX model: ${problem}`);
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

export function decodeModel(data: Uint8Array): onnxProto.onnx.ModelProto {
  return onnx.ModelProto.decode(data);
}

/**
 * A graph under construction that several parts (preprocessing, then a model) append to.
 * Tensor names are unique: `uniqueName` hands out fresh ones with a readable prefix.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly taken = new Set<string>();

  constructor(readonly name = 'pipeline') {}

  /** Reserves `prefix` itself when free, else `prefix_1`, `prefix_2`, … */
  uniqueName(prefix: string): string {
    let candidate = prefix;
    for (let suffix = 1; this.taken.has(candidate); suffix++) candidate = `${prefix}_${suffix}`;
    this.taken.add(candidate);
    return candidate;
  }

  /** Marks a name as used (a graph input or a fixed output name such as `label`). */
  reserve(name: string): string {
    if (this.taken.has(name)) throw new Error(`tensor name ${name} is already used in graph ${this.name}`);
    this.taken.add(name);
    return name;
  }

  addInput(name: string, type: ElementType, shape: readonly Dimension[]): string {
    this.reserve(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Declares a graph output; the tensor itself is produced by a node added before or after. */
  addOutput(name: string, type: ElementType, shape: readonly Dimension[]): string {
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Adds a constant and returns its (unique) name. */
  addInitializer(prefix: string, type: ElementType, dims: readonly number[], values: ArrayLike<number> | readonly string[]): string {
    const name = this.uniqueName(prefix);
    this.initializers.push(makeTensor(name, type, dims, values));
    return name;
  }

  /**
   * Adds a node. Outputs given as names are used as is (reserve fixed names such as `label`
   * first); each output left as `undefined` gets a fresh name derived from the op type.
   */
  addNode(
    opType: string,
    inputs: readonly string[],
    outputs: readonly (string | undefined)[] = [undefined],
    attributes: Record<string, AttributeValue> = {},
    domain = '',
  ): string[] {
    const names = outputs.map((output) => output ?? this.uniqueName(opType.toLowerCase()));
    this.nodes.push(makeNode(opType, inputs, names, attributes, { domain, name: this.uniqueName(`${opType}_node`) }));
    return names;
  }

  toGraph(): GraphProto {
    return makeGraph({ name: this.name, nodes: this.nodes, inputs: this.inputs, outputs: this.outputs, initializers: this.initializers });
  }
}
