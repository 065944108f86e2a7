// A model file opened for governance scoring: which outputs carry the label, the probabilities
// or the regression value, its classes, and predictions over many rows in bounded batches.
// Workbench pipelines name their outputs; imported models (e.g. skl2onnx with zipmap=False)
// usually use the same names, and otherwise the first output of the right kind is taken.
import { readFile } from 'node:fs/promises';
import type { Table } from '../../datasets/table.js';
import { inspectModel, readSchema, type ModelDescription, type TensorDescription } from '../../onnx/inspect.js';
import { createSession, pipelineFeeds, type OutputTensor, type Session } from '../../onnx/session.js';
import { predictedClasses } from '../../training/evaluation/classification.js';
import type { PipelineSchema } from '../../training/pipeline-onnx.js';

/** Rows per session.run: large enough to amortise the call, small enough to bound feed memory. */
const batchRows = 16_384;

export interface ScoredModel {
  session: Session;
  description: ModelDescription;
  task: 'classification' | 'regression';
  /** Class labels in probability-column order, from the workbench schema when the model has one. */
  schemaClasses: string[] | null;
  labelOutput: string | null;
  probabilitiesOutput: string | null;
  valueOutput: string | null;
}

export interface ModelPredictions {
  /** rows × classes, row-major (classifiers with a probabilities output). */
  probabilities: Float64Array | null;
  /** The label output as text, for classifiers without probabilities. */
  labels: string[] | null;
  /** Regression values. */
  values: Float64Array | null;
}

export async function openScoredModel(file: string): Promise<ScoredModel> {
  const bytes = await readFile(file);
  const description = inspectModel(bytes);
  const schema = readSchema<PipelineSchema>(description);
  const outputs = description.outputs;
  const named = (name: string) => outputs.find((output) => output.name === name);
  const labelOutput = named('label') ?? outputs.find((output) => output.type === 'int64' || output.type === 'string');
  const probabilitiesOutput = named('probabilities') ?? outputs.find((output) => output !== labelOutput && isFloat(output) && isClassMatrix(output));
  const valueOutput = named('variable') ?? outputs.find((output) => isFloat(output));
  const task = schema ? (schema.task === 'regression' ? 'regression' : 'classification') : labelOutput ? 'classification' : 'regression';
  if (task === 'regression' && !valueOutput) throw new Error('the model has no float output to read a regression value from');
  if (task === 'classification' && !labelOutput && !probabilitiesOutput) throw new Error('the model has neither a label nor a probabilities output');
  return {
    session: await createSession(bytes),
    description,
    task,
    schemaClasses: schema && schema.task !== 'regression' ? schema.classes : null,
    labelOutput: task === 'classification' ? (labelOutput?.name ?? null) : null,
    probabilitiesOutput: task === 'classification' ? (probabilitiesOutput?.name ?? null) : null,
    valueOutput: task === 'regression' ? valueOutput!.name : null,
  };
}

/** Runs the model over `rows` of the table in batches and gathers what it predicted. */
export async function predictRows(model: ScoredModel, table: Table, rows: Uint32Array, classCount: number): Promise<ModelPredictions> {
  const total = rows.length;
  const probabilities = model.probabilitiesOutput ? new Float64Array(total * classCount) : null;
  const labels = !model.probabilitiesOutput && model.labelOutput ? new Array<string>(total) : null;
  const values = model.valueOutput ? new Float64Array(total) : null;
  const fetches = [model.probabilitiesOutput ?? model.labelOutput ?? model.valueOutput!];
  for (let start = 0; start < total; start += batchRows) {
    const batch = rows.subarray(start, Math.min(total, start + batchRows));
    const outputs = await model.session.run(pipelineFeeds(model.session, table, batch), fetches);
    const tensor = outputs[fetches[0]];
    if (probabilities) copyProbabilities(tensor, probabilities, start, batch.length, classCount);
    else if (labels) copyLabels(tensor, labels, start, batch.length);
    else copyValues(tensor, values!, start, batch.length);
  }
  return { probabilities, labels, values };
}

/** Runs one batch of prepared feeds and returns the output scoring reads (used by permutation). */
export async function runFeeds(model: ScoredModel, feeds: Parameters<Session['run']>[0]): Promise<OutputTensor> {
  const name = model.probabilitiesOutput ?? model.labelOutput ?? model.valueOutput!;
  return (await model.session.run(feeds, [name]))[name];
}

export function copyProbabilities(tensor: OutputTensor, target: Float64Array, startRow: number, rows: number, classCount: number): void {
  if (tensor.dims.length !== 2 || tensor.dims[0] !== rows || tensor.dims[1] !== classCount) {
    throw new Error(`the probabilities output has shape [${tensor.dims.join(', ')}], expected [${rows}, ${classCount}] for ${classCount} classes`);
  }
  target.set(tensor.data as Float32Array | Float64Array, startRow * classCount);
}

export function copyLabels(tensor: OutputTensor, target: string[], startRow: number, rows: number): void {
  const data = tensor.data as ArrayLike<unknown>;
  if (data.length !== rows) throw new Error(`the label output has ${data.length} values for ${rows} rows`);
  for (let index = 0; index < rows; index++) target[startRow + index] = String(data[index]);
}

export function copyValues(tensor: OutputTensor, target: Float64Array, startRow: number, rows: number): void {
  const data = tensor.data as Float32Array | Float64Array;
  if (data.length !== rows) throw new Error(`the regression output has ${data.length} values for ${rows} rows; expected one per row`);
  target.set(data, startRow);
}

/**
 * The class each row is assigned: the most probable one (first on ties, as ONNX ArgMax and the
 * trainer's evaluation), or the label output looked up among the classes (−1 when unknown).
 */
export function predictedClassIndices(predictions: ModelPredictions, classes: readonly string[]): Int32Array {
  if (predictions.probabilities) return Int32Array.from(predictedClasses(predictions.probabilities, classes.length));
  const index = new Map(classes.map((label, position) => [label, position]));
  return Int32Array.from(predictions.labels!, (label) => index.get(label) ?? -1);
}

function isFloat(output: TensorDescription): boolean {
  return output.type === 'float' || output.type === 'double';
}

function isClassMatrix(output: TensorDescription): boolean {
  return output.shape.length === 2 && output.shape[1] !== 1;
}
