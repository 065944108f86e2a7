// One training from table to exported pipeline: label and split, preprocess on the training rows,
// fit, evaluate on the test rows, export ONE ONNX graph and check it against onnxruntime. Pure
// work with no I/O, so it runs in a worker thread and in tests alike.
import { CancelledError, ValidationError } from '../api/errors.js';
import { columnByName, type Table } from '../datasets/table.js';
import { evaluate, type EvaluationReport } from './evaluation/report.js';
import { defaultScorer, permutationImportance } from './evaluation/importance.js';
import { trainValidationTestSplit } from './evaluation/splits.js';
import { modelDefinition, resolveParams } from './model-catalogue.js';
import { checkParity } from './parity.js';
import { exportPipeline } from './pipeline-onnx.js';
import { encodeTarget, fitPreprocessor, type PreprocessorSpec } from './preprocessing.js';
import type { Target, Task } from './types.js';

const permutationSampleRows = 5000;

export interface TrainRequest {
  target: string;
  model: string;
  params: Record<string, unknown>;
  /** Columns to learn from; default every column but the target and text columns. */
  features?: string[];
  task?: Task;
  seed: number;
  /** Recorded in the ONNX metadata (run id, dataset version, trainer version). */
  metadata?: Record<string, string>;
  trainerVersion?: string;
}

export interface TrainResult {
  task: Task;
  classes: string[];
  params: Record<string, number | boolean>;
  features: string[];
  rows: { train: number; validation: number; test: number; dropped_missing_target: number };
  evaluation: EvaluationReport;
  importance: Array<{ feature: string; gain: number | null; permutation_mean: number; permutation_std: number }>;
  preprocessing: PreprocessorSpec;
  onnx: Uint8Array;
  parity: { maxAbsDifference: number; maxRelativeDifference: number; labelsMatch: boolean; passed: boolean };
  details: Record<string, string | number | boolean>;
  warnings: string[];
  seconds: number;
}

export interface TrainHooks {
  signal: AbortSignal;
  progress(fraction: number, message: string): void;
  metric(step: number, metrics: Record<string, number>): void;
}

/** Checks a request against the table before any run is created: bad input leaves nothing behind. */
export function validateRequest(table: Table, request: TrainRequest): { task: Task; features: string[]; params: Record<string, number | boolean> } {
  const targetColumn = columnByName(table, request.target);
  if (!targetColumn) {
    throw new ValidationError(`Target column '${request.target}' is not in the dataset. Columns: ${table.columns.map((column) => column.name).join(', ')}.`, { field: 'target' });
  }
  const features = request.features ?? defaultFeatures(table, request.target);
  for (const name of features) {
    if (!columnByName(table, name)) throw new ValidationError(`Feature column '${name}' is not in the dataset.`, { field: 'features' });
    if (name === request.target) throw new ValidationError(`The target '${name}' cannot also be a feature.`, { field: 'features' });
  }
  if (features.length === 0) throw new ValidationError('No feature columns to learn from.', { field: 'features' });
  const labelled = labelledRows(table, request.target);
  if (labelled.length === 0) throw new ValidationError(`Target column '${request.target}' has no values.`, { field: 'target' });
  const target = encodeTarget(targetColumn, labelled, { task: request.task });
  if (target.task === 'regression' && isConstant(target.values)) {
    throw new ValidationError(`Target column '${request.target}' is constant; there is nothing to learn.`, { field: 'target' });
  }
  const definition = modelDefinition(request.model);
  return { task: target.task, features, params: resolveParams(definition, target.task, request.params) };
}

export async function trainPipeline(table: Table, request: TrainRequest, hooks: TrainHooks): Promise<TrainResult> {
  const started = performance.now();
  const checkCancelled = () => {
    if (hooks.signal.aborted) throw new CancelledError('Training was cancelled');
  };
  const { task, features, params } = validateRequest(table, request);
  const definition = modelDefinition(request.model);
  const labelled = labelledRows(table, request.target);
  const target = encodeTarget(columnByName(table, request.target)!, labelled, { task });
  hooks.progress(0.05, 'Splitting');
  const split = trainValidationTestSplit(target, { seed: request.seed });
  const tableRows = (indices: Uint32Array) => Uint32Array.from(indices, (index) => labelled[index]);
  const subset = (indices: Uint32Array): Target => ({ ...target, values: Float64Array.from(indices, (index) => target.values[index]) });
  const trainRows = tableRows(split.train);
  const validationRows = tableRows(split.validation);
  const testRows = tableRows(split.test);

  hooks.progress(0.1, 'Preprocessing');
  const preprocessor = fitPreprocessor(table, features, trainRows, { forTrees: definition.forTrees });
  const train = preprocessor.transform(table, trainRows);
  const validation = preprocessor.transform(table, validationRows);
  const test = preprocessor.transform(table, testRows);
  checkCancelled();

  hooks.progress(0.15, 'Fitting');
  const fitted = await definition.fit(params, {
    train,
    trainTarget: subset(split.train),
    validation,
    validationTarget: subset(split.validation),
    seed: request.seed,
    signal: hooks.signal,
    onIteration: (step, metrics) => hooks.metric(step, metrics),
  });
  checkCancelled();

  hooks.progress(0.8, 'Evaluating');
  const predictions = fitted.model.predict(test);
  const evaluation = evaluate(task, target, predictions, split.test);
  // Permutation importance re-predicts the sample once per feature and repeat: a bounded sample
  // of the (already shuffled) test rows keeps that proportional to the model, not the data.
  const sampleRows = Math.min(test.rows, permutationSampleRows);
  const sample = { ...test, rows: sampleRows, values: test.values.subarray(0, sampleRows * test.width) };
  const sampleTarget = subset(split.test.subarray(0, sampleRows));
  const permutation = permutationImportance((matrix) => fitted.model.predict(matrix), sample, sampleTarget, defaultScorer(task), { repeats: 3, seed: request.seed });
  const importance = permutation.features.map((entry, index) => ({
    feature: entry.feature,
    gain: fitted.gainImportance ? fitted.gainImportance[index] : null,
    permutation_mean: entry.mean,
    permutation_std: entry.std,
  }));
  checkCancelled();

  hooks.progress(0.9, 'Exporting ONNX');
  const onnx = exportPipeline(preprocessor, fitted.model, target, { trainerVersion: request.trainerVersion, metadata: request.metadata });
  const parity = await checkParity(onnx, table, testRows, predictions);
  hooks.progress(1, 'Done');
  return {
    task,
    classes: target.classes,
    params,
    features,
    rows: { train: trainRows.length, validation: validationRows.length, test: testRows.length, dropped_missing_target: table.rowCount - labelled.length },
    evaluation,
    importance,
    preprocessing: preprocessor.spec,
    onnx,
    parity: { maxAbsDifference: parity.maxAbsDifference, maxRelativeDifference: parity.maxRelativeDifference, labelsMatch: parity.labelsMatch, passed: parity.passed },
    details: fitted.details,
    warnings: [...preprocessor.warnings, ...evaluation.warnings],
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Every column but the target, free text, and identifier-like categoricals (more distinct values
 * than half the rows, e.g. customer_id): those cannot generalise and would only be capped away.
 */
export function defaultFeatures(table: Table, target: string): string[] {
  return table.columns
    .filter((column) => column.name !== target && column.type !== 'text')
    .filter((column) => !('dictionary' in column) || column.dictionary.length <= Math.max(50, table.rowCount / 2))
    .map((column) => column.name);
}

function labelledRows(table: Table, targetName: string): Uint32Array {
  const column = columnByName(table, targetName)!;
  const rows: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const missing = 'values' in column ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
    if (!missing) rows.push(row);
  }
  return Uint32Array.from(rows);
}

function isConstant(values: Float64Array): boolean {
  return values.every((value) => value === values[0]);
}
