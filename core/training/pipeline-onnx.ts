// One ONNX graph per trained pipeline (reference §1.1, §1.2): one named input per raw column, the
// preprocessing nodes, then the model's nodes, and plain-tensor outputs `label` + `probabilities`
// (classifiers) or `variable` (regressors). The model signature travels as `workbench.schema`.
import { ValidationError } from '../api/errors.js';
import { GraphBuilder, defaultOpsets, encodeModel, makeModel, type ElementType } from '../onnx/builder.js';
import { dayMs } from '../onnx/session.js';
import type { PipelineInput, Preprocessor } from './preprocessing.js';
import type { OnnxExportable, Target, Task } from './types.js';

export const pipelineOutputs = { label: 'label', probabilities: 'probabilities', variable: 'variable' } as const;

export type ClassLabels = { type: 'int64'; values: number[] } | { type: 'string'; values: string[] };

/**
 * How class labels appear in ONNX attributes and the `label` output: int64 when every label is
 * an integer written canonically ("0", "1", "-3"), so 0/1 targets give 0/1 labels; else strings.
 */
export function classLabels(target: Target): ClassLabels {
  const integers = target.classes.every((label) => /^-?(0|[1-9]\d*)$/.test(label) && Number.isSafeInteger(Number(label)));
  return integers ? { type: 'int64', values: target.classes.map(Number) } : { type: 'string', values: [...target.classes] };
}

/** The `workbench.schema` metadata: what to feed a pipeline and what it returns. */
export interface PipelineSchema {
  format: 1;
  task: Task;
  inputs: PipelineInput[];
  outputs: { name: string; type: ElementType; shape: (number | string)[] }[];
  /** Columns of the feature tensor after the final Concat, in order. */
  features: string[];
  /** Class labels in `probabilities` column order (classification). */
  classes: string[];
  labelType: 'int64' | 'string' | null;
  /** float32 epoch days that datetime ages count back from; null without datetime inputs. */
  referenceDays: number | null;
  referenceDate: string | null;
  preprocessing: { forTrees: boolean; imputation: string; scale: boolean };
  warnings: string[];
  trainer: { name: 'ml-workbench'; version: string };
}

export interface ExportOptions {
  /** The workbench version that trained the model (producer_version and schema). */
  trainerVersion?: string;
  /** Extra metadata_props, e.g. run id and dataset hash. */
  metadata?: Record<string, string>;
}

export function exportPipeline(preprocessor: Preprocessor, model: OnnxExportable, target: Target, options: ExportOptions = {}): Uint8Array {
  const outputs = pipelineOutputSpecs(target);
  for (const input of preprocessor.inputs) {
    if (outputs.some((output) => output.name === input.name)) {
      throw new ValidationError(`feature column "${input.name}" has the name of a pipeline output; rename the column to export the model`, { column: input.name });
    }
  }
  const graph = new GraphBuilder('ml_workbench_pipeline');
  // Reserved first, so no intermediate tensor can take an output's name.
  for (const output of outputs) graph.reserve(output.name);
  const features = preprocessor.appendOnnx(graph);
  model.appendOnnx(graph, features, target);
  for (const output of outputs) {
    if (!graph.nodes.some((node) => node.output?.includes(output.name))) throw new Error(`the model did not produce pipeline output "${output.name}"`);
    graph.addOutput(output.name, output.type, output.shape);
  }

  const version = options.trainerVersion ?? '';
  const labels = target.task === 'regression' ? null : classLabels(target);
  const { referenceDays, forTrees, imputation, scale } = preprocessor.spec;
  const schema: PipelineSchema = {
    format: 1,
    task: target.task,
    inputs: preprocessor.inputs,
    outputs,
    features: preprocessor.featureNames,
    classes: target.task === 'regression' ? [] : [...target.classes],
    labelType: labels?.type ?? null,
    referenceDays,
    referenceDate: referenceDays === null ? null : new Date(referenceDays * dayMs).toISOString(),
    preprocessing: { forTrees, imputation, scale },
    warnings: preprocessor.warnings,
    trainer: { name: 'ml-workbench', version },
  };
  const metadata = { ...options.metadata, 'workbench.schema': JSON.stringify(schema) };
  return encodeModel(makeModel(graph.toGraph(), { opsets: model.onnxOpsets ?? defaultOpsets, producerVersion: version, metadata }));
}

function pipelineOutputSpecs(target: Target): PipelineSchema['outputs'] {
  if (target.task === 'regression') return [{ name: pipelineOutputs.variable, type: 'float', shape: ['N', 1] }];
  return [
    { name: pipelineOutputs.label, type: classLabels(target).type, shape: ['N'] },
    { name: pipelineOutputs.probabilities, type: 'float', shape: ['N', target.classes.length] },
  ];
}
