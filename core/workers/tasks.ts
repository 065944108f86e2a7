// Work that runs inside pool threads. Each task takes and returns structured-cloneable values.
// Later capabilities (training, drift, scans) add their entries here.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parseDataset } from '../datasets/parse-dataset.js';
import { pointInTimeJoin } from '../features/pit-task.js';
import { columnDrift } from '../monitoring/drift-task.js';
import { driftExtras } from '../monitoring/report-extras.js';
import { scanOnnx } from '../onnx/scan.js';
import { governanceScore } from '../registry/checks/scoring.js';
import { writePredictions } from '../serving/prediction-store.js';
import { validateDataset } from '../validation/validate-task.js';
import { forestTrees, treeTeam } from '../training/trees/tree-tasks.js';

async function hashFile(input: { file: string }): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(input.file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export const tasks = {
  hashFile,
  parseDataset,
  treeTeam,
  forestTrees,
  scanOnnx,
  governanceScore,
  columnDrift,
  driftExtras,
  pointInTimeJoin,
  writePredictions,
  validateDataset,
} satisfies Record<string, (input: never) => Promise<unknown>>;

export type TaskName = keyof typeof tasks;
export type TaskInput<Name extends TaskName> = Parameters<(typeof tasks)[Name]>[0];
export type TaskOutput<Name extends TaskName> = Awaited<ReturnType<(typeof tasks)[Name]>>;
