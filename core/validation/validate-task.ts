// The worker-pool entry for validation (ARCHITECTURE rule 3): a suite over millions of rows must
// not stall the core's event loop. Input and output are plain JSON values, so they cross threads
// by structured clone; the file is read inside the worker, so the table never crosses at all.
import { readColumnarFile } from '../datasets/columnar-file.js';
import type { ExpectationSuite, JsonObject, ResultFormatInput, SuiteValidationResult } from './model.js';
import { readSuite } from './suite.js';
import { validateTable } from './validate.js';

export interface ValidateDatasetInput {
  /** A stored columnar file (core/datasets/columnar-file.ts). */
  datasetFile: string;
  /** The internal model (GX 1.x JSON); it is re-read, so a suite edited by hand is checked again. */
  suite: ExpectationSuite;
  resultFormat?: ResultFormatInput;
  parameters?: JsonObject;
  batchId?: string;
}

export async function validateDataset(input: ValidateDatasetInput): Promise<SuiteValidationResult> {
  const { suite } = readSuite(input.suite);
  const table = await readColumnarFile(input.datasetFile);
  return validateTable(table, suite, { resultFormat: input.resultFormat, parameters: input.parameters, batchId: input.batchId });
}
