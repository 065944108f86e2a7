// What a registered model takes and returns, in the terms every serving protocol needs: the ONNX
// inputs with their onnxruntime and Open Inference Protocol types, how a tabular record maps onto
// them, and which output is the label, the probabilities or the regression value. Computed once
// per loaded version from its ModelScan, so requests only read it.
import type { Dimension } from '../../onnx/builder.js';
import type { TensorDescription } from '../../onnx/inspect.js';
import type { ModelScan } from '../../registry/types.js';
import type { PipelineSchema } from '../../training/pipeline-onnx.js';

/** onnxruntime-node tensor element types (the `type` of `new ort.Tensor(type, …)`). */
export type OrtElementType =
  | 'float32' | 'float64' | 'float16'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'bool' | 'string';

/** Open Inference Protocol datatypes (reference §1.7). */
export type InferenceDatatype =
  | 'FP32' | 'FP64' | 'FP16'
  | 'INT8' | 'INT16' | 'INT32' | 'INT64'
  | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64'
  | 'BOOL' | 'BYTES';

const byOnnxName: Record<string, [OrtElementType, InferenceDatatype]> = {
  float: ['float32', 'FP32'],
  double: ['float64', 'FP64'],
  uint8: ['uint8', 'UINT8'],
  int32: ['int32', 'INT32'],
  int64: ['int64', 'INT64'],
  string: ['string', 'BYTES'],
  bool: ['bool', 'BOOL'],
  // The scan names only the types the builder writes; the rest arrive as their TensorProto code.
  'tensor(3)': ['int8', 'INT8'],
  'tensor(4)': ['uint16', 'UINT16'],
  'tensor(5)': ['int16', 'INT16'],
  'tensor(10)': ['float16', 'FP16'],
  'tensor(12)': ['uint32', 'UINT32'],
  'tensor(13)': ['uint64', 'UINT64'],
};

/** OIP datatype → onnxruntime element type, for checking what a V2 request declares. */
export const elementTypeByDatatype: Record<InferenceDatatype, OrtElementType> = Object.fromEntries(
  Object.values(byOnnxName).map(([element, datatype]) => [datatype, element]),
) as Record<InferenceDatatype, OrtElementType>;

export interface SignatureTensor {
  name: string;
  /** null for an input or output that is not a plain tensor (sequence, map, unknown element type). */
  elementType: OrtElementType | null;
  datatype: InferenceDatatype | null;
  /** As declared; symbolic dimensions stay names ("N"). */
  shape: Dimension[];
}

/** How one record field becomes tensor values. */
export type FieldKind = 'number' | 'datetime' | 'text';

export interface SignatureField {
  name: string;
  kind: FieldKind;
  /** The input the field feeds, and its column there (0 in column mode). */
  input: string;
  position: number;
  elementType: OrtElementType;
}

/**
 * column: one [N,1] (or [N]) input per field, named like the field (our pipelines).
 * matrix: one [N,K] input; `fields` are its K columns, named from workbench.schema when known.
 * tensor: anything else (images, several wide inputs): only V2 tensor requests can feed it.
 */
export type InputMode = 'column' | 'matrix' | 'tensor';

export type OutputRole = 'label' | 'probabilities' | 'variable' | 'other';

export interface SignatureOutput extends SignatureTensor {
  role: OutputRole;
}

export interface ModelSignature {
  mode: InputMode;
  inputs: SignatureTensor[];
  /** Record fields in model order; in matrix mode without known names they are "0", "1", … */
  fields: SignatureField[];
  /** False when a matrix model's columns have no names: records must be positional rows. */
  namedFields: boolean;
  /** Whether a missing number may be sent as NaN: our pipelines impute or route NaN in trees. */
  acceptsMissing: boolean;
  outputs: SignatureOutput[];
  task: 'classification' | 'regression' | null;
  /** Class labels in `probabilities` column order, when the model says. */
  classes: string[] | null;
}

export function signatureOf(scan: ModelScan): ModelSignature {
  const schema = pipelineSchema(scan.metadata);
  const inputs = scan.inputs.map(tensorOf);
  const mode = inputMode(inputs);
  const kinds = new Map((schema?.inputs ?? []).map((input) => [input.name, input.encoding === 'epoch_days' ? 'datetime' : input.type === 'string' ? 'text' : 'number'] as const));
  let fields: SignatureField[] = [];
  let namedFields = true;
  if (mode === 'column') {
    fields = inputs.map((input) => ({
      name: input.name,
      kind: kinds.get(input.name) ?? (input.elementType === 'string' ? 'text' : 'number'),
      input: input.name,
      position: 0,
      elementType: input.elementType!,
    }));
  } else if (mode === 'matrix') {
    const [input] = inputs;
    const width = input.shape[1];
    const names = schema && typeof width === 'number' && schema.inputs.length === width ? schema.inputs.map((column) => column.name) : null;
    namedFields = names !== null;
    if (typeof width === 'number') {
      fields = Array.from({ length: width }, (_, position) => {
        const name = names ? names[position] : String(position);
        return { name, kind: kinds.get(name) ?? (input.elementType === 'string' ? 'text' : 'number'), input: input.name, position, elementType: input.elementType! };
      });
    }
  }
  const outputs = scan.outputs.map((output): SignatureOutput => ({ ...tensorOf(output), role: outputRole(output) }));
  const hasVariable = outputs.some((output) => output.role === 'variable');
  const hasProbabilities = outputs.some((output) => output.role === 'probabilities' || output.role === 'label');
  const task = schema ? (schema.task === 'regression' ? 'regression' : 'classification') : hasVariable ? 'regression' : hasProbabilities ? 'classification' : null;
  return {
    mode,
    inputs,
    fields,
    namedFields,
    acceptsMissing: schema !== undefined || scan.operators.some((operator) => operator.endsWith('Imputer')),
    outputs,
    task,
    classes: schema && schema.classes.length > 0 ? [...schema.classes] : null,
  };
}

/** The workbench.schema of our own exports; a model whose metadata is unreadable counts as imported. */
function pipelineSchema(metadata: Record<string, string>): PipelineSchema | undefined {
  const text = metadata['workbench.schema'];
  if (text === undefined) return undefined;
  try {
    const schema = JSON.parse(text) as PipelineSchema;
    return Array.isArray(schema.inputs) && Array.isArray(schema.classes) ? schema : undefined;
  } catch {
    return undefined;
  }
}

function tensorOf(description: TensorDescription): SignatureTensor {
  const types = byOnnxName[description.type];
  return { name: description.name, elementType: types?.[0] ?? null, datatype: types?.[1] ?? null, shape: description.shape };
}

function inputMode(inputs: SignatureTensor[]): InputMode {
  if (inputs.length === 0 || inputs.some((input) => input.elementType === null)) return 'tensor';
  const perColumn = inputs.every((input) => input.shape.length === 1 || (input.shape.length === 2 && input.shape[1] === 1));
  // A lone [N,1] input is both; reading it as a named column lets records use its name.
  if (perColumn) return 'column';
  if (inputs.length === 1 && inputs[0].shape.length === 2 && typeof inputs[0].shape[1] === 'number') return 'matrix';
  return 'tensor';
}

// Names our pipelines write, and the ones skl2onnx uses ("output_label", "output_probability"),
// which cover most imported classifiers; a lone float output of an imported model is taken as the
// regression value ("variable" is skl2onnx's name for it too).
function outputRole(output: TensorDescription): OutputRole {
  const name = output.name.toLowerCase();
  const isTensor = output.type in byOnnxName;
  if (!isTensor) return 'other';
  if (name === 'label' || name === 'output_label') return 'label';
  if ((name === 'probabilities' || name === 'output_probability') && output.shape.length === 2) return 'probabilities';
  if (name === 'variable') return 'variable';
  return 'other';
}

/** The dimension sizes a fixed-shape check may rely on: -1 wherever the model left the size open. */
export function fixedShape(shape: readonly Dimension[]): number[] {
  return shape.map((size) => (typeof size === 'number' && size > 0 ? size : -1));
}
