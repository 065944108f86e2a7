// The MLmodel file of an exported pipeline, in MLflow's model layout (reference §13), so the
// folder reads as an MLflow ONNX model and the signature travels with it.
import { randomUUID } from 'node:crypto';
import type { PreprocessorSpec } from './preprocessing.js';
import type { Task } from './types.js';

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function signatureColumns(preprocessing: PreprocessorSpec): Array<{ name: string; type: 'float' | 'string'; required: boolean }> {
  return [
    ...preprocessing.numeric.map((feature) => ({ name: feature.column, type: 'float' as const, required: false })),
    ...preprocessing.categorical.map((feature) => ({ name: feature.column, type: 'string' as const, required: false })),
  ];
}

export function mlmodelYaml(input: { runId: string; onnxSize: number; preprocessing: PreprocessorSpec; task: Task; classes: string[] }): string {
  const outputs =
    input.task === 'regression'
      ? [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 1] }, name: 'variable' }]
      : [
          { type: 'tensor', 'tensor-spec': { dtype: 'int64', shape: [-1] }, name: 'label' },
          { type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, input.classes.length] }, name: 'probabilities' },
        ];
  const created = new Date().toISOString().replace('T', ' ').replace('Z', '000');
  return [
    'artifact_path: model',
    'flavors:',
    '  onnx:',
    '    data: model.onnx',
    '    providers:',
    '    - CPUExecutionProvider',
    '  python_function:',
    '    data: model.onnx',
    '    loader_module: mlflow.onnx',
    `model_size_bytes: ${input.onnxSize}`,
    `model_uuid: ${randomUUID().replace(/-/g, '')}`,
    `run_id: ${input.runId}`,
    'signature:',
    `  inputs: ${quote(JSON.stringify(signatureColumns(input.preprocessing)))}`,
    `  outputs: ${quote(JSON.stringify(outputs))}`,
    '  params: null',
    `utc_time_created: ${quote(created)}`,
    '',
  ].join('\n');
}
