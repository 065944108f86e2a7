// The registry's import scan: what an ONNX file declares and uses, read by walking its protobuf
// structure with positioned reads and skipping every tensor payload by its length, so a model of
// any size is scanned in bounded memory (field numbers from onnx.proto, as onnx-proto encodes them).
import { open } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ValidationError } from '../api/errors.js';
import type { ModelScan } from '../registry/types.js';
import { elementTypes, type Dimension } from './builder.js';
import type { TensorDescription } from './inspect.js';
import { WireReader, type ByteSource } from './protobuf-reader.js';

export type ModelStructure = Omit<ModelScan, 'sha256'>;

const defaultDomain = 'ai.onnx';
const runnableDomains = new Set([defaultDomain, 'ai.onnx.ml']);
/** Subgraphs (If, Loop, Scan bodies) nest; a file nesting deeper than this is built to exhaust the stack. */
const maxGraphDepth = 64;
const externalLocation = 1; // TensorProto.DataLocation.EXTERNAL

const fieldNames: Record<string, Record<number, string>> = {
  ModelProto: { 1: 'ir_version', 2: 'producer_name', 3: 'producer_version', 6: 'doc_string', 7: 'graph', 8: 'opset_import', 14: 'metadata_props', 25: 'functions' },
  GraphProto: { 1: 'node', 2: 'name', 5: 'initializer', 10: 'doc_string', 11: 'input', 12: 'output', 13: 'value_info', 15: 'sparse_initializer' },
  NodeProto: { 1: 'input', 2: 'output', 3: 'name', 4: 'op_type', 5: 'attribute', 7: 'domain' },
  AttributeProto: { 1: 'name', 5: 't', 6: 'g', 10: 'tensors', 11: 'graphs', 22: 'sparse_tensor', 23: 'sparse_tensors' },
  TensorProto: { 1: 'dims', 4: 'float_data', 8: 'name', 9: 'raw_data', 13: 'external_data', 14: 'data_location' },
  SparseTensorProto: { 1: 'values', 2: 'indices' },
  ValueInfoProto: { 1: 'name', 2: 'type' },
  TypeProto: { 1: 'tensor_type', 4: 'sequence_type', 5: 'map_type' },
  'TypeProto.Tensor': { 1: 'elem_type', 2: 'shape' },
  TensorShapeProto: { 1: 'dim' },
  'TensorShapeProto.Dimension': { 1: 'dim_value', 2: 'dim_param' },
  OperatorSetIdProto: { 1: 'domain', 2: 'version' },
  StringStringEntryProto: { 1: 'key', 2: 'value' },
  FunctionProto: { 1: 'name', 7: 'node', 10: 'domain' },
};

function nameField(message: string, number: number): string {
  const name = fieldNames[message]?.[number];
  return name ? `${message}.${name}` : `${message} field ${number}`;
}

const elementTypeNames = new Map<number, string>(Object.entries(elementTypes).map(([name, code]) => [code, name]));

/** What the walk gathers across the main graph, its subgraphs and the model's functions. */
interface Findings {
  domains: Set<string>;
  operators: Set<string>;
  externalData: Array<{ tensor: string; location: string }>;
  initializerCount: number;
  nodeCount: number;
}

/** The main graph's interface; subgraphs have inputs and outputs too, but nobody feeds them. */
interface Interface {
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  constants: Set<string>;
}

export async function scanModelFile(file: string): Promise<ModelStructure> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    return await scanModelSource({ size, read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position) });
  } finally {
    await handle.close();
  }
}

/** The scan over any positioned byte source (a file handle; tests count the bytes it hands out). */
export async function scanModelSource(source: ByteSource): Promise<ModelStructure> {
  if (source.size === 0) throw new ValidationError('not an ONNX model: the file is empty');
  const reader = new WireReader(source, nameField);
  const findings: Findings = { domains: new Set(), operators: new Set(), externalData: [], initializerCount: 0, nodeCount: 0 };
  const face: Interface = { inputs: [], outputs: [], constants: new Set() };
  const structure: ModelStructure = {
    size: source.size,
    irVersion: 0,
    producerName: '',
    producerVersion: '',
    opsets: {},
    domains: [],
    operators: [],
    inputs: [],
    outputs: [],
    metadata: {},
    externalData: findings.externalData,
    initializerCount: 0,
    nodeCount: 0,
  };
  let hasGraph = false;
  const end = source.size;
  while (reader.position < end) {
    const field = await reader.nextField('ModelProto', end);
    if (field.number === 1) structure.irVersion = await reader.varint(field, end);
    else if (field.number === 2) structure.producerName = await reader.string(field, end);
    else if (field.number === 3) structure.producerVersion = await reader.string(field, end);
    else if (field.number === 7) {
      hasGraph = true;
      await readGraph(reader, await reader.enter(field, end), findings, face, 0);
    } else if (field.number === 8) {
      const opset = await readOpset(reader, await reader.enter(field, end));
      structure.opsets[opset.domain] = opset.version;
      findings.domains.add(opset.domain);
    } else if (field.number === 14) {
      const entry = await readEntry(reader, await reader.enter(field, end));
      structure.metadata[entry.key] = entry.value;
    } else if (field.number === 25) await readFunction(reader, await reader.enter(field, end), findings);
    // training_info (20) holds training graphs onnxruntime never runs for inference: skipped with the rest.
    else await reader.skip(field, end);
  }
  if (!hasGraph) throw new ValidationError('not an ONNX model: it has no graph');
  structure.domains = [...findings.domains].sort();
  structure.operators = [...findings.operators].sort();
  // IR < 4 models list initializers among the inputs; they are constants, not things to feed.
  structure.inputs = face.inputs.filter((input) => !face.constants.has(input.name));
  structure.outputs = face.outputs;
  structure.initializerCount = findings.initializerCount;
  structure.nodeCount = findings.nodeCount;
  return structure;
}

/** Reads a graph; `face` is given for the main graph only. */
async function readGraph(reader: WireReader, end: number, findings: Findings, face: Interface | undefined, depth: number): Promise<void> {
  if (depth > maxGraphDepth) throw new ValidationError(`not an ONNX model: subgraphs nest deeper than ${maxGraphDepth} levels`);
  while (reader.position < end) {
    const field = await reader.nextField('GraphProto', end);
    if (field.number === 1) {
      findings.nodeCount++;
      await readNode(reader, await reader.enter(field, end), findings, depth);
    } else if (field.number === 5) {
      findings.initializerCount++;
      const name = await readTensor(reader, await reader.enter(field, end), findings, '');
      face?.constants.add(name);
    } else if (field.number === 15) {
      findings.initializerCount++;
      const name = await readSparseTensor(reader, await reader.enter(field, end), findings, '');
      face?.constants.add(name);
    } else if (face && field.number === 11) face.inputs.push(await readValueInfo(reader, await reader.enter(field, end)));
    else if (face && field.number === 12) face.outputs.push(await readValueInfo(reader, await reader.enter(field, end)));
    else await reader.skip(field, end);
  }
}

async function readNode(reader: WireReader, end: number, findings: Findings, depth: number): Promise<void> {
  let opType = '';
  let domain = '';
  let name = '';
  while (reader.position < end) {
    const field = await reader.nextField('NodeProto', end);
    if (field.number === 4) opType = await reader.string(field, end);
    else if (field.number === 7) domain = await reader.string(field, end);
    else if (field.number === 3) name = await reader.string(field, end);
    else if (field.number === 5) await readAttribute(reader, await reader.enter(field, end), findings, depth, name || opType);
    else await reader.skip(field, end);
  }
  const owner = domain || defaultDomain;
  findings.domains.add(owner);
  findings.operators.add(owner === defaultDomain ? opType : `${owner}.${opType}`);
}

/** Attributes carry subgraphs (If, Loop, Scan) and constant tensors, which may name external data too. */
async function readAttribute(reader: WireReader, end: number, findings: Findings, depth: number, node: string): Promise<void> {
  let name = '';
  while (reader.position < end) {
    const field = await reader.nextField('AttributeProto', end);
    const owner = `${node}.${name}`; // attribute tensors are often unnamed; say whose they are
    if (field.number === 1) name = await reader.string(field, end);
    else if (field.number === 6 || field.number === 11) await readGraph(reader, await reader.enter(field, end), findings, undefined, depth + 1);
    else if (field.number === 5 || field.number === 10) await readTensor(reader, await reader.enter(field, end), findings, owner);
    else if (field.number === 22 || field.number === 23) await readSparseTensor(reader, await reader.enter(field, end), findings, owner);
    else await reader.skip(field, end);
  }
}

/** Returns the tensor's name; records where its bytes live when outside the file. Never reads the data. */
async function readTensor(reader: WireReader, end: number, findings: Findings, fallbackName: string): Promise<string> {
  let name = '';
  let location = 0;
  let file: string | undefined;
  while (reader.position < end) {
    const field = await reader.nextField('TensorProto', end);
    if (field.number === 8) name = await reader.string(field, end);
    else if (field.number === 14) location = await reader.varint(field, end);
    else if (field.number === 13) {
      const entry = await readEntry(reader, await reader.enter(field, end));
      if (entry.key === 'location') file = entry.value;
    } else await reader.skip(field, end); // raw_data, float_data, …: the weights, skipped by length
  }
  if (location === externalLocation) findings.externalData.push({ tensor: name || fallbackName, location: file ?? '' });
  return name;
}

async function readSparseTensor(reader: WireReader, end: number, findings: Findings, fallbackName: string): Promise<string> {
  let name = '';
  while (reader.position < end) {
    const field = await reader.nextField('SparseTensorProto', end);
    if (field.number === 1) name = await readTensor(reader, await reader.enter(field, end), findings, fallbackName);
    else if (field.number === 2) await readTensor(reader, await reader.enter(field, end), findings, `${name || fallbackName}.indices`);
    else await reader.skip(field, end);
  }
  return name;
}

/** Model-local functions expand into ordinary nodes; their bodies say which operators really run. */
async function readFunction(reader: WireReader, end: number, findings: Findings): Promise<void> {
  while (reader.position < end) {
    const field = await reader.nextField('FunctionProto', end);
    if (field.number === 7) await readNode(reader, await reader.enter(field, end), findings, 0);
    else await reader.skip(field, end);
  }
}

async function readOpset(reader: WireReader, end: number): Promise<{ domain: string; version: number }> {
  let domain = '';
  let version = 0;
  while (reader.position < end) {
    const field = await reader.nextField('OperatorSetIdProto', end);
    if (field.number === 1) domain = await reader.string(field, end);
    else if (field.number === 2) version = await reader.varint(field, end);
    else await reader.skip(field, end);
  }
  return { domain: domain || defaultDomain, version };
}

async function readEntry(reader: WireReader, end: number): Promise<{ key: string; value: string }> {
  let key = '';
  let value = '';
  while (reader.position < end) {
    const field = await reader.nextField('StringStringEntryProto', end);
    if (field.number === 1) key = await reader.string(field, end);
    else if (field.number === 2) value = await reader.string(field, end);
    else await reader.skip(field, end);
  }
  return { key, value };
}

/** Described as inspectModel describes it, so a scan and an inspection of one model agree. */
async function readValueInfo(reader: WireReader, end: number): Promise<TensorDescription> {
  let name = '';
  let type: Omit<TensorDescription, 'name'> = { type: 'unknown', shape: [] };
  while (reader.position < end) {
    const field = await reader.nextField('ValueInfoProto', end);
    if (field.number === 1) name = await reader.string(field, end);
    else if (field.number === 2) type = await readType(reader, await reader.enter(field, end));
    else await reader.skip(field, end);
  }
  return { name, ...type };
}

async function readType(reader: WireReader, end: number): Promise<Omit<TensorDescription, 'name'>> {
  let tensor: Omit<TensorDescription, 'name'> | undefined;
  let kind = 'unknown';
  while (reader.position < end) {
    const field = await reader.nextField('TypeProto', end);
    if (field.number === 1) tensor = await readTensorType(reader, await reader.enter(field, end));
    else {
      if (field.number === 4 && kind === 'unknown') kind = 'sequence';
      else if (field.number === 5 && kind === 'unknown') kind = 'map';
      await reader.skip(field, end);
    }
  }
  return tensor ?? { type: kind, shape: [] };
}

async function readTensorType(reader: WireReader, end: number): Promise<Omit<TensorDescription, 'name'>> {
  let code = 0;
  const shape: Dimension[] = [];
  while (reader.position < end) {
    const field = await reader.nextField('TypeProto.Tensor', end);
    if (field.number === 1) code = await reader.varint(field, end);
    else if (field.number === 2) {
      const shapeEnd = await reader.enter(field, end);
      while (reader.position < shapeEnd) {
        const dim = await reader.nextField('TensorShapeProto', shapeEnd);
        if (dim.number === 1) shape.push(await readDimension(reader, await reader.enter(dim, shapeEnd)));
        else await reader.skip(dim, shapeEnd);
      }
    } else await reader.skip(field, end);
  }
  return { type: elementTypeNames.get(code) ?? `tensor(${code})`, shape };
}

async function readDimension(reader: WireReader, end: number): Promise<Dimension> {
  let value = 0;
  let parameter = '';
  while (reader.position < end) {
    const field = await reader.nextField('TensorShapeProto.Dimension', end);
    if (field.number === 1) value = await reader.varint(field, end);
    else if (field.number === 2) parameter = await reader.string(field, end);
    else await reader.skip(field, end);
  }
  return parameter || value;
}

/** Reasons to refuse a model at import; empty when it can be imported as a single file. */
export function importProblems(scan: ModelStructure): string[] {
  const problems: string[] = [];
  // Longest domain first, so "ai.onnx.ml.Imputer" belongs to ai.onnx.ml and not to ai.onnx.
  const domains = [...scan.domains].sort((a, b) => b.length - a.length);
  const operatorsByDomain = new Map<string, string[]>();
  for (const operator of scan.operators) {
    const prefix = domains.find((candidate) => operator.startsWith(`${candidate}.`));
    const domain = prefix ?? defaultDomain;
    const opType = prefix ? operator.slice(prefix.length + 1) : operator;
    operatorsByDomain.set(domain, [...(operatorsByDomain.get(domain) ?? []), opType]);
  }
  // A domain only imported (no node uses it) costs nothing at run time, so only used ones count.
  for (const [domain, operators] of operatorsByDomain) {
    if (!runnableDomains.has(domain)) problems.push(`uses custom operator domain '${domain}' (ops: ${operators.join(', ')})`);
  }
  for (const { tensor, location } of scan.externalData) {
    if (location === '') problems.push(`tensor '${tensor}' is stored as external data but names no file`);
    else if (escapesFolder(location)) problems.push(`tensor '${tensor}' reads external data from '${location}', outside the model folder`);
    else problems.push(`tensor '${tensor}' needs external data file '${location}', which was not imported with the model`);
  }
  return problems;
}

function escapesFolder(location: string): boolean {
  if (path.posix.isAbsolute(location) || path.win32.isAbsolute(location) || /^[a-zA-Z]:/.test(location)) return true;
  return location.split(/[\\/]/).includes('..');
}

/** Loads the model into onnxruntime as serving would (cpu), to refuse what it cannot load at import. */
export async function checkModelLoads(file: string): Promise<void> {
  let session: ort.InferenceSession;
  try {
    // Errors only: load-time advice (e.g. initializers listed as inputs) is not the importer's to act on.
    session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], intraOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 });
  } catch (error) {
    throw new ValidationError(`onnxruntime cannot load the model: ${(error as Error).message}`);
  }
  await session.release();
}

/** The worker-pool task behind model import: scan, refuse what cannot be imported, then load. */
export async function scanOnnx(input: { file: string }): Promise<ModelStructure> {
  const structure = await scanModelFile(input.file);
  const problems = importProblems(structure);
  if (problems.length > 0) throw new ValidationError(problems.join('; '), { problems });
  await checkModelLoads(input.file);
  return structure;
}
