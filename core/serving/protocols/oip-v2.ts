// Open Inference Protocol v2 over REST (reference §1): infer requests → feeds, responses, model
// metadata and the `{"error": …}` body. Parsing is split in two so the router can read
// `parameters.routing_key` before a version (and so a signature) is chosen.
import * as ort from 'onnxruntime-node';
import { ValidationError } from '../../api/errors.js';
import { elementTypeByDatatype, fixedShape, type InferenceDatatype, type ModelSignature, type OrtElementType, type SignatureTensor } from './model-signature.js';
import type { TensorListing } from './outputs.js';
import { shown, type Feeds } from './records.js';
import { allocate, fitsInteger, floatTypes, integerTypes, storeNumber, type TensorStorage } from './tensor-values.js';

export interface InferInput {
  name: string;
  shape: number[];
  datatype: InferenceDatatype;
  /** Flat or nested, row-major, as sent. */
  data: unknown[];
}

export interface InferRequest {
  id?: string;
  parameters: Record<string, unknown>;
  inputs: InferInput[];
  /** Output names asked for; null = all. */
  outputs: string[] | null;
}

/** The request's structure (§1.4), before any model is chosen. */
export function parseInferRequest(body: unknown): InferRequest {
  if (!isObject(body)) throw new ValidationError(`the infer request must be a JSON object (got ${shown(body)})`);
  const { id, parameters, inputs, outputs } = body;
  if (id !== undefined && typeof id !== 'string') throw new ValidationError(`"id" must be a string (got ${shown(id)})`);
  if (parameters !== undefined && !isObject(parameters)) throw new ValidationError(`"parameters" must be an object (got ${shown(parameters)})`);
  if (!Array.isArray(inputs) || inputs.length === 0) throw new ValidationError('"inputs" must be a non-empty list of {name, shape, datatype, data}');
  const parsed = inputs.map((input, index): InferInput => {
    if (!isObject(input)) throw new ValidationError(`inputs[${index}] must be an object (got ${shown(input)})`);
    const label = typeof input.name === 'string' ? `input '${input.name}'` : `inputs[${index}]`;
    if (typeof input.name !== 'string' || input.name === '') throw new ValidationError(`${label} needs a "name"`);
    if (!Array.isArray(input.shape) || !input.shape.every((size) => Number.isSafeInteger(size) && (size as number) >= 0)) {
      throw new ValidationError(`${label} needs a "shape" of non-negative integers (got ${shown(input.shape)})`);
    }
    if (typeof input.datatype !== 'string' || !(input.datatype in elementTypeByDatatype)) {
      throw new ValidationError(`${label} has datatype ${shown(input.datatype)}; use one of ${Object.keys(elementTypeByDatatype).join(', ')}`);
    }
    if (!Array.isArray(input.data)) throw new ValidationError(`${label} needs "data" as a list (flat or nested)`);
    return { name: input.name, shape: input.shape as number[], datatype: input.datatype as InferenceDatatype, data: input.data };
  });
  const names = new Set<string>();
  for (const input of parsed) {
    if (names.has(input.name)) throw new ValidationError(`input '${input.name}' is given twice`);
    names.add(input.name);
  }
  let requested: string[] | null = null;
  if (outputs !== undefined) {
    if (!Array.isArray(outputs) || !outputs.every((output) => isObject(output) && typeof output.name === 'string')) {
      throw new ValidationError('"outputs" must be a list of {name}');
    }
    requested = outputs.map((output) => (output as { name: string }).name);
  }
  return { ...(id !== undefined ? { id } : {}), parameters: (parameters as Record<string, unknown> | undefined) ?? {}, inputs: parsed, outputs: requested };
}

/** Feeds for the chosen version: every model input once, datatype and shape as the model declares. */
export function inferFeeds(signature: ModelSignature, request: InferRequest): Feeds {
  const byName = new Map(signature.inputs.map((input) => [input.name, input]));
  for (const input of request.inputs) {
    if (!byName.has(input.name)) throw new ValidationError(`unknown input '${input.name}'; the model takes ${quoted(signature.inputs.map((known) => known.name))}`);
  }
  const given = new Map(request.inputs.map((input) => [input.name, input]));
  const missing = signature.inputs.filter((input) => !given.has(input.name)).map((input) => input.name);
  if (missing.length > 0) throw new ValidationError(`missing input${missing.length > 1 ? 's' : ''} ${quoted(missing)}`);
  const feeds: Record<string, ort.Tensor> = {};
  // Inputs sharing a symbolic dimension (the batch "N") must agree on it, or onnxruntime fails later with a 500.
  const symbols = new Map<string, { size: number; input: string }>();
  for (const model of signature.inputs) {
    const input = given.get(model.name)!;
    checkShape(model, input, symbols);
    feeds[model.name] = new ort.Tensor(model.elementType!, fill(model, input, signature.acceptsMissing), input.shape);
  }
  const first = request.inputs[0];
  return { feeds, rows: first.shape.length > 0 ? first.shape[0] : 1 };
}

/** The output names to fetch: those asked for (each must exist), or every tensor output. */
export function requestedOutputs(signature: ModelSignature, request: InferRequest): string[] {
  const known = signature.outputs.filter((output) => output.datatype !== null).map((output) => output.name);
  if (request.outputs === null) return known;
  for (const name of request.outputs) {
    if (!known.includes(name)) throw new ValidationError(`unknown output '${name}'; the model returns ${quoted(known)}`);
  }
  return request.outputs;
}

export interface RouteParameters {
  variant: string;
  rollout_id: string;
  bucket: number | null;
}

export interface InferResponse {
  model_name: string;
  model_version: string;
  id?: string;
  parameters: RouteParameters;
  outputs: TensorListing[];
}

export function inferResponse(response: { modelName: string; modelVersion: string | number; id?: string; route: RouteParameters; outputs: TensorListing[] }): InferResponse {
  return {
    model_name: response.modelName,
    model_version: String(response.modelVersion),
    ...(response.id !== undefined ? { id: response.id } : {}),
    parameters: response.route,
    outputs: response.outputs,
  };
}

export interface TensorMetadata {
  name: string;
  datatype: InferenceDatatype;
  shape: number[];
}

export interface ModelMetadata {
  name: string;
  versions: string[];
  platform: 'onnx_onnxv1';
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

/** §1.3; outputs that are not plain tensors (e.g. skl2onnx's ZipMap) cannot travel over V2 and are left out. */
export function modelMetadata(name: string, versions: ReadonlyArray<string | number>, signature: ModelSignature): ModelMetadata {
  const describe = (tensors: SignatureTensor[]) =>
    tensors.filter((tensor) => tensor.datatype !== null).map((tensor) => ({ name: tensor.name, datatype: tensor.datatype!, shape: fixedShape(tensor.shape) }));
  return { name, versions: versions.map(String), platform: 'onnx_onnxv1', inputs: describe(signature.inputs), outputs: describe(signature.outputs) };
}

/** The V2 (and V1) error body (§1.6). */
export function errorBody(error: unknown): { error: string } {
  return { error: error instanceof Error ? error.message : String(error) };
}

function checkShape(model: SignatureTensor, input: InferInput, symbols: Map<string, { size: number; input: string }>): void {
  if (input.datatype !== model.datatype) throw new ValidationError(`input '${input.name}' has datatype ${input.datatype}; the model takes ${model.datatype}`);
  const expected = `[${fixedShape(model.shape).join(', ')}]`;
  if (input.shape.length !== model.shape.length) throw new ValidationError(`input '${input.name}' has shape [${input.shape.join(', ')}]; the model takes ${expected}`);
  model.shape.forEach((size, axis) => {
    const sent = input.shape[axis];
    if (typeof size === 'number' && size > 0 && sent !== size) throw new ValidationError(`input '${input.name}' has shape [${input.shape.join(', ')}]; the model takes ${expected}`);
    if (typeof size === 'string' && size !== '') {
      const seen = symbols.get(size);
      if (seen && seen.size !== sent) throw new ValidationError(`input '${input.name}' has ${sent} for dimension "${size}", but input '${seen.input}' has ${seen.size}`);
      symbols.set(size, { size: sent, input: input.name });
    }
  });
}

/** Flattens `data` (flat or nested, row-major) straight into the typed array onnxruntime takes. */
function fill(model: SignatureTensor, input: InferInput, acceptsMissing: boolean): TensorStorage {
  const type = model.elementType!;
  const expected = input.shape.reduce((product, size) => product * size, 1);
  const storage = allocate(type, expected);
  let count = 0;
  const put = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) put(item);
      return;
    }
    const index = count++;
    if (index >= expected) return;
    const problem = storeElement(type, storage, index, value, acceptsMissing);
    if (problem) throw new ValidationError(`input '${input.name}' element ${index} ${problem} (got ${shown(value)})`);
  };
  for (const item of input.data) put(item);
  if (count !== expected) throw new ValidationError(`input '${input.name}' has ${count} elements; shape [${input.shape.join(', ')}] needs ${expected}`);
  return storage;
}

function storeElement(type: OrtElementType, storage: TensorStorage, index: number, value: unknown, acceptsMissing: boolean): string | null {
  if (type === 'string') {
    if (typeof value !== 'string') return 'must be a string for BYTES';
    (storage as string[])[index] = value;
  } else if (type === 'bool') {
    if (typeof value !== 'boolean') return 'must be true or false for BOOL';
    (storage as Uint8Array)[index] = value ? 1 : 0;
  } else if (value === null && floatTypes.has(type)) {
    // JSON has no NaN; null is the only way to send a missing number.
    if (!acceptsMissing) return 'is null, and this model does not accept missing values';
    storeNumber(type, storage, index, Number.NaN);
  } else if (typeof value !== 'number') {
    return 'must be a number';
  } else if (integerTypes.has(type) && !fitsInteger(type, value)) {
    return `must be an integer that fits ${type}`;
  } else storeNumber(type, storage, index, value);
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}
