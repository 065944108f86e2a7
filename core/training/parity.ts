// The parity check after every training: the exported pipeline, run by onnxruntime-node on the
// raw test rows, must reproduce the in-process predictions (issue 3, item 8).
import type { Table } from '../datasets/table.js';
import { inspectModel, readSchema } from '../onnx/inspect.js';
import { createSession, runPipeline, type RowSelection } from '../onnx/session.js';
import { pipelineOutputs, type PipelineSchema } from './pipeline-onnx.js';
import type { Predictions } from './types.js';

/**
 * Largest allowed |ONNX − in-process| for probabilities. Regression values are compared relative
 * to max(1, largest |prediction|): onnxruntime sums in float32, whose spacing at 10⁴ is already
 * 10⁻³, and a prediction near 0 can be the sum of terms as large as the largest prediction.
 */
export const parityTolerance = 1e-5;

export interface ParityResult {
  rows: number;
  /** Over all probabilities (classification) or values (regression); Infinity if one side is NaN and the other is not. */
  maxAbsDifference: number;
  /** maxAbsDifference / max(1, largest |in-process value|); equals maxAbsDifference for probabilities. */
  maxRelativeDifference: number;
  labelsMatch: boolean;
  /** Rows whose ONNX label differs from the in-process argmax class. */
  labelMismatches: number;
  passed: boolean;
}

export async function checkParity(onnxBytes: Uint8Array, table: Table, testRows: RowSelection, inProcess: Predictions): Promise<ParityResult> {
  const schema = readSchema<PipelineSchema>(inspectModel(onnxBytes));
  if (!schema) throw new Error('the model has no workbench.schema metadata: it was not exported by the workbench');
  const session = await createSession(onnxBytes);
  try {
    const outputs = await runPipeline(session, table, testRows);
    const rows = testRows.length;
    if (schema.task === 'regression') {
      if (!inProcess.values) throw new Error('in-process predictions have no values for a regression model');
      const { absolute, relative } = differences(outputs[pipelineOutputs.variable].data as Float32Array, inProcess.values);
      return { rows, maxAbsDifference: absolute, maxRelativeDifference: relative, labelsMatch: true, labelMismatches: 0, passed: relative < parityTolerance };
    }
    if (!inProcess.probabilities) throw new Error('in-process predictions have no probabilities for a classifier');
    const maxAbsDifference = differences(outputs[pipelineOutputs.probabilities].data as Float32Array, inProcess.probabilities).absolute;
    const labels = outputs[pipelineOutputs.label].data as ArrayLike<bigint | string>;
    const classes = schema.classes;
    let labelMismatches = 0;
    for (let row = 0; row < rows; row++) {
      const scores = inProcess.probabilities.subarray(row * classes.length, (row + 1) * classes.length);
      let best = 0;
      for (let k = 1; k < classes.length; k++) if (scores[k] > scores[best]) best = k;
      if (String(labels[row]) === classes[best]) continue;
      // A row whose top classes tie within the tolerance (a forest's 25 of 50 votes, summed in
      // float32 by onnxruntime) may fall either way; only a real disagreement counts.
      const chosen = classes.indexOf(String(labels[row]));
      if (chosen < 0 || scores[best] - scores[chosen] >= parityTolerance) labelMismatches++;
    }
    return {
      rows,
      maxAbsDifference,
      maxRelativeDifference: maxAbsDifference,
      labelsMatch: labelMismatches === 0,
      labelMismatches,
      passed: maxAbsDifference < parityTolerance && labelMismatches === 0,
    };
  } finally {
    await session.release();
  }
}

function differences(onnx: Float32Array, inProcess: Float64Array): { absolute: number; relative: number } {
  if (onnx.length !== inProcess.length) throw new Error(`ONNX returned ${onnx.length} values, in-process ${inProcess.length}`);
  let absolute = 0;
  let scale = 1;
  for (let index = 0; index < onnx.length; index++) {
    const difference = Math.abs(onnx[index] - inProcess[index]);
    if (Number.isNaN(difference)) {
      if (Number.isNaN(onnx[index]) !== Number.isNaN(inProcess[index])) return { absolute: Infinity, relative: Infinity };
      continue;
    }
    absolute = Math.max(absolute, difference);
    scale = Math.max(scale, Math.abs(inProcess[index]));
  }
  return { absolute, relative: absolute / scale };
}
