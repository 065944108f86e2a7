// onnxruntime outputs → what the protocols return: one result per row (product API, V1), one
// object per row keyed by output name (MLflow), or the plain tensors (V2).
import type * as ort from 'onnxruntime-node';
import { ValidationError } from '../../api/errors.js';
import type { InferenceDatatype, ModelSignature, OrtElementType } from './model-signature.js';

export type OutputTensors = Record<string, ort.Tensor>;
export type Scalar = number | string | boolean;

export interface RowResult {
  /** The predicted class label (as the model writes it: number or text) or the regression value. */
  prediction: Scalar;
  /** Classifiers: the probability of the positive (second) class for two classes, else of the predicted class. */
  probability?: number;
  /** Classifiers, when asked for: probability per class label. */
  probabilities?: Record<string, number>;
}

export interface ResultOptions {
  probabilities?: boolean;
}

export function rowResults(signature: ModelSignature, outputs: OutputTensors, rows: number, options: ResultOptions = {}): RowResult[] {
  const label = tensorWithRole(signature, outputs, 'label');
  const probabilities = tensorWithRole(signature, outputs, 'probabilities');
  const variable = tensorWithRole(signature, outputs, 'variable') ?? (label || probabilities ? undefined : firstNarrowTensor(outputs, rows));
  const results = new Array<RowResult>(rows);
  if (variable) {
    for (let row = 0; row < rows; row++) results[row] = { prediction: valueAt(variable, row) };
    return results;
  }
  if (!probabilities) {
    if (!label) throw new ValidationError('the model has no output this endpoint can report per row; use the V2 infer protocol to get its tensors');
    for (let row = 0; row < rows; row++) results[row] = { prediction: valueAt(label, row) };
    return results;
  }
  const classCount = probabilities.dims[1] ?? 1;
  const values = probabilities.data as Float32Array;
  const keys = signature.classes && signature.classes.length === classCount ? signature.classes : Array.from({ length: classCount }, (_, index) => String(index));
  for (let row = 0; row < rows; row++) {
    const offset = row * classCount;
    let best = 0;
    for (let column = 1; column < classCount; column++) if (values[offset + column] > values[offset + best]) best = column;
    const result: RowResult = {
      prediction: label ? valueAt(label, row) : labelOf(signature, keys[best]),
      probability: classCount === 2 ? values[offset + 1] : values[offset + best],
    };
    if (options.probabilities) {
      const byClass: Record<string, number> = {};
      for (let column = 0; column < classCount; column++) byClass[keys[column]] = values[offset + column];
      result.probabilities = byClass;
    }
    results[row] = result;
  }
  return results;
}

/**
 * One object per row keyed by output name, as MLflow's pandas `records` orientation writes a frame
 * with one column per output: a [N] or [N,1] output gives a value, a wider one a list.
 */
export function outputRecords(signature: ModelSignature, outputs: OutputTensors, rows: number): Array<Record<string, Scalar | Scalar[]>> {
  const tensors = signature.outputs.filter((output) => outputs[output.name]).map((output) => [output.name, outputs[output.name]] as const);
  const records = new Array<Record<string, Scalar | Scalar[]>>(rows);
  for (let row = 0; row < rows; row++) {
    const record: Record<string, Scalar | Scalar[]> = {};
    for (const [name, tensor] of tensors) {
      const width = tensor.dims[0] === rows ? tensor.size / Math.max(rows, 1) : 0;
      if (width === 1) record[name] = valueAt(tensor, row);
      else if (width > 1) record[name] = Array.from({ length: width }, (_, column) => valueAt(tensor, row * width + column));
    }
    records[row] = record;
  }
  return records;
}

export interface TensorListing {
  name: string;
  datatype: InferenceDatatype;
  shape: number[];
  /** Flat, row-major. */
  data: Scalar[];
}

const datatypeByElement: Record<OrtElementType, InferenceDatatype> = {
  float32: 'FP32', float64: 'FP64', float16: 'FP16',
  int8: 'INT8', int16: 'INT16', int32: 'INT32', int64: 'INT64',
  uint8: 'UINT8', uint16: 'UINT16', uint32: 'UINT32', uint64: 'UINT64',
  bool: 'BOOL', string: 'BYTES',
};

/** The model's outputs (or the named ones, in that order) as V2 response tensors. */
export function outputTensors(outputs: OutputTensors, names: readonly string[]): TensorListing[] {
  return names.map((name) => {
    const tensor = outputs[name];
    const datatype = datatypeByElement[tensor.type as OrtElementType];
    if (!datatype) throw new Error(`output "${name}" has type ${tensor.type}, which the V2 protocol cannot carry`);
    return { name, datatype, shape: [...tensor.dims], data: flatValues(tensor) };
  });
}

function flatValues(tensor: ort.Tensor): Scalar[] {
  const data = tensor.data;
  // JSON has no BigInt; int64 labels and counts are far inside the safe-integer range.
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Array.from(data, Number);
  if (tensor.type === 'bool') return Array.from(data as Uint8Array, Boolean);
  return Array.from(data as ArrayLike<Scalar>);
}

function valueAt(tensor: ort.Tensor, index: number): Scalar {
  const value = (tensor.data as ArrayLike<Scalar | bigint>)[index];
  if (typeof value === 'bigint') return Number(value);
  return tensor.type === 'bool' ? Boolean(value) : (value as Scalar);
}

function tensorWithRole(signature: ModelSignature, outputs: OutputTensors, role: 'label' | 'probabilities' | 'variable'): ort.Tensor | undefined {
  const output = signature.outputs.find((candidate) => candidate.role === role);
  return output ? outputs[output.name] : undefined;
}

/** An imported model's one-value-per-row output (regressors from other exporters). */
function firstNarrowTensor(outputs: OutputTensors, rows: number): ort.Tensor | undefined {
  return Object.values(outputs).find((tensor) => tensor.dims[0] === rows && tensor.size === rows && tensor.type !== 'string');
}

/** A class label as the model's own `label` output would give it: numbers for integer labels. */
function labelOf(signature: ModelSignature, key: string): Scalar {
  if (!signature.classes) return Number(key); // no class names: the column index is the label
  return /^-?(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
}
