// The governance checks' heavy part, run as one worker-pool task (ARCHITECTURE rule 3): score the
// candidate (and the champion) on the evaluation data once, and return every number the
// performance, bias and quality checks judge. Only aggregates come back: no per-row arrays cross
// the thread boundary.
import { readColumnarFile } from '../../datasets/columnar-file.js';
import { columnByName, isNumericColumn, type Column, type Table } from '../../datasets/table.js';
import {
  accuracy,
  brierScore,
  classColumn,
  indicator,
  logLoss,
  precisionRecallF1,
} from '../../training/evaluation/classification.js';
import { SeededRandom, shuffleInPlace } from '../../training/evaluation/random.js';
import { averagePrecision, rocAuc } from '../../training/evaluation/ranking.js';
import { meanAbsoluteError, rootMeanSquaredError, rSquared } from '../../training/evaluation/regression.js';
import { encodeTarget } from '../../training/preprocessing.js';
import { fairnessDifferences, groupRates, type FairnessDifferences, type GroupRates } from './fairness.js';
import { inputPermutationImportance, singleRowLatency, type LatencyPercentiles } from './model-probes.js';
import { openScoredModel, predictedClassIndices, predictRows, type ModelPredictions, type ScoredModel } from './scored-model.js';

export type ModelKey = 'candidate' | 'champion';

export interface GovernanceScoreInput {
  /** A columnar dataset file (core/datasets/columnar-file.ts). */
  evaluationFile: string;
  target: string;
  /** The positive class as text; the larger label when absent. */
  positiveLabel?: string;
  sensitiveColumns: string[];
  /** Groups with fewer rows are reported but left out of the differences. */
  minGroupSize: number;
  models: Array<{ key: ModelKey; file: string; importance?: Record<string, number> }>;
  latencySamples: number;
  importanceRows: number;
}

export interface SensitiveColumnScore extends FairnessDifferences {
  column: string;
  groups: GroupRates[];
  /** Why the column could not be grouped (absent, too many distinct numbers); groups are then empty. */
  error?: string;
  duration_ms: number;
}

export interface ProbabilityRange {
  min: number;
  max: number;
  outside_unit_interval: number;
  nan: number;
}

export interface ModelScore {
  key: ModelKey;
  task: 'classification' | 'regression';
  classes: string[];
  positive_label: string | null;
  /** Rows scored: labelled with a class the model knows (or a number, for regression). */
  rows: number;
  /** Classification: roc_auc, accuracy, f1, precision, recall (of the positive class), log_loss, brier, average_precision; regression: rmse, mae, r2. Null when undefined on this data. */
  metrics: Record<string, number | null>;
  probability_range: ProbabilityRange | null;
  predicted_positive_rate: number | null;
  bias: SensitiveColumnScore[];
  latency_ms: LatencyPercentiles;
  importance: Record<string, number>;
  warnings: string[];
  timings_ms: { predict: number; metrics: number; latency: number; importance: number };
}

export interface FailedModelScore {
  key: ModelKey;
  error: string;
}

export interface GovernanceScores {
  rows: number;
  labelled_rows: number;
  /** "stored" when every model came with its importance, else "permutation" computed alike for all. */
  importance_source: 'stored' | 'permutation';
  importance_rows: number;
  load_ms: number;
  models: Array<ModelScore | FailedModelScore>;
}

/** Numeric sensitive columns with more distinct values than this are not taken as groups. */
const maxNumericGroups = 100;
const importanceRepeats = 3;
const importanceSeed = 0;

export async function governanceScore(input: GovernanceScoreInput): Promise<GovernanceScores> {
  const loadStarted = performance.now();
  const table = await readColumnarFile(input.evaluationFile);
  const targetColumn = columnByName(table, input.target);
  if (!targetColumn) throw new Error(`the evaluation data has no target column "${input.target}"`);
  const labelled = labelledRows(targetColumn, table.rowCount);
  if (labelled.length === 0) throw new Error(`the target column "${input.target}" has no values in the evaluation data`);
  const stored = input.models.length > 0 && input.models.every((model) => model.importance !== undefined);
  // One sample for every model, so permutation importances are computed on the same rows.
  const sample = sampleRows(labelled, Math.max(2, Math.floor(input.importanceRows)));
  const loadMs = performance.now() - loadStarted;

  const models: GovernanceScores['models'] = [];
  for (const entry of input.models) {
    let model: ScoredModel | undefined;
    try {
      model = await openScoredModel(entry.file);
      models.push(await scoreModel(model, entry, input, table, targetColumn, labelled, stored ? null : sample));
    } catch (error) {
      models.push({ key: entry.key, error: (error as Error).message });
    } finally {
      await model?.session.release();
    }
  }
  return {
    rows: table.rowCount,
    labelled_rows: labelled.length,
    importance_source: stored ? 'stored' : 'permutation',
    importance_rows: stored ? 0 : sample.length,
    load_ms: loadMs,
    models,
  };
}

export function isFailedScore(score: ModelScore | FailedModelScore): score is FailedModelScore {
  return 'error' in score;
}

async function scoreModel(
  model: ScoredModel,
  entry: GovernanceScoreInput['models'][number],
  input: GovernanceScoreInput,
  table: Table,
  targetColumn: Column,
  labelled: Uint32Array,
  importanceSample: Uint32Array | null,
): Promise<ModelScore> {
  const warnings: string[] = [];
  const regression = model.task === 'regression';
  // Classes come from the model's own schema; other models follow sklearn's classes_ (sorted distinct values).
  const target = regression
    ? encodeTarget(targetColumn, labelled, { task: 'regression' })
    : encodeTarget(targetColumn, labelled, { classes: model.schemaClasses ?? undefined });
  const { rows, actual } = knownRows(labelled, target.values);
  if (rows.length < labelled.length) {
    warnings.push(`${labelled.length - rows.length} labelled rows have a target value outside the model's classes (${target.classes.join(', ')}) and were not scored`);
  }
  if (rows.length === 0) throw new Error('no evaluation row has a target value the model knows');
  const classes = target.classes;

  let started = performance.now();
  const predictions = await predictRows(model, table, rows, classes.length);
  const predictMs = performance.now() - started;

  started = performance.now();
  const positive = regression ? -1 : positiveClass(classes, input.positiveLabel);
  const predicted = regression ? null : predictedClassIndices(predictions, classes);
  const metrics = regression ? regressionMetrics(actual, predictions.values!, warnings) : classificationMetrics(actual, predicted!, predictions, classes, positive, warnings);
  const bias = regression ? [] : input.sensitiveColumns.map((name) => sensitiveColumnScore(table, name, rows, actual, predicted!, positive, input.minGroupSize));
  const metricsMs = performance.now() - started;

  started = performance.now();
  const latency = await singleRowLatency(model, table, rows, input.latencySamples);
  const latencyMs = performance.now() - started;

  started = performance.now();
  let importance = entry.importance ?? {};
  if (importanceSample) {
    const known = knownRows(importanceSample, encodeSample(targetColumn, importanceSample, regression, classes));
    importance = await inputPermutationImportance(model, table, known.rows, known.actual, classes, { repeats: importanceRepeats, seed: importanceSeed });
  }
  const importanceMs = performance.now() - started;

  return {
    key: entry.key,
    task: model.task,
    classes: [...classes],
    positive_label: regression ? null : classes[positive],
    rows: rows.length,
    metrics,
    probability_range: predictions.probabilities ? probabilityRange(predictions.probabilities) : null,
    predicted_positive_rate: predicted ? rate(predicted, positive) : null,
    bias,
    latency_ms: latency,
    importance,
    warnings,
    timings_ms: { predict: predictMs, metrics: metricsMs, latency: latencyMs, importance: importanceMs },
  };
}

/** The positive class: the named one (matched as text, or as the same number), else the larger label. */
export function positiveClass(classes: readonly string[], positiveLabel: string | undefined): number {
  if (positiveLabel !== undefined) {
    let index = classes.indexOf(positiveLabel);
    if (index < 0 && positiveLabel.trim() !== '' && Number.isFinite(Number(positiveLabel))) {
      index = classes.findIndex((label) => label.trim() !== '' && Number(label) === Number(positiveLabel));
    }
    if (index < 0) throw new Error(`the positive label "${positiveLabel}" is not one of the model's classes (${classes.join(', ')})`);
    return index;
  }
  const numeric = classes.every((label) => label.trim() !== '' && Number.isFinite(Number(label)));
  let best = 0;
  for (let index = 1; index < classes.length; index++) {
    const larger = numeric ? Number(classes[index]) > Number(classes[best]) : classes[index] > classes[best];
    if (larger) best = index;
  }
  return best;
}

function classificationMetrics(
  actual: Float64Array,
  predicted: Int32Array,
  predictions: ModelPredictions,
  classes: readonly string[],
  positive: number,
  warnings: string[],
): Record<string, number | null> {
  const classCount = classes.length;
  const actualPositive = indicator(actual, positive);
  const predictedPositive = indicator(predicted, positive);
  // Precision, recall and F1 of the positive class: sklearn's binary average on the one-vs-rest view.
  const scores = precisionRecallF1(actualPositive, predictedPositive, 2, 'binary', { classes: ['the rest', classes[positive]], warnings });
  const metrics: Record<string, number | null> = { accuracy: accuracy(actual, predicted), ...scores };
  const probabilities = predictions.probabilities;
  const guarded = (name: string, compute: () => number | null) => {
    try {
      metrics[name] = compute();
    } catch (error) {
      metrics[name] = null;
      warnings.push(`${name} is not computed: ${(error as Error).message}`);
    }
  };
  if (!probabilities) {
    warnings.push('the model has no probabilities output: roc_auc, average_precision, log_loss and brier are not computed');
    for (const name of ['roc_auc', 'average_precision', 'log_loss', 'brier']) metrics[name] = null;
    return metrics;
  }
  const positiveScores = classColumn(probabilities, classCount, positive);
  guarded('roc_auc', () => rocAuc(actualPositive, positiveScores, warnings));
  guarded('average_precision', () => averagePrecision(actualPositive, positiveScores, warnings));
  guarded('log_loss', () => logLoss(actual, probabilities, classCount));
  guarded('brier', () => brierScore(actualPositive, positiveScores));
  return metrics;
}

function regressionMetrics(actual: Float64Array, predicted: Float64Array, warnings: string[]): Record<string, number | null> {
  return {
    rmse: rootMeanSquaredError(actual, predicted),
    mae: meanAbsoluteError(actual, predicted),
    r2: rSquared(actual, predicted, warnings),
  };
}

function sensitiveColumnScore(
  table: Table,
  name: string,
  rows: Uint32Array,
  actual: Float64Array,
  predicted: Int32Array,
  positive: number,
  minGroupSize: number,
): SensitiveColumnScore {
  const started = performance.now();
  const empty = { column: name, groups: [], ...fairnessDifferences([], minGroupSize) };
  const column = columnByName(table, name);
  if (!column) return { ...empty, error: `the evaluation data has no column "${name}"`, duration_ms: performance.now() - started };
  const grouping = groupsOf(column, rows);
  if ('error' in grouping) return { ...empty, error: grouping.error, duration_ms: performance.now() - started };
  const groups = groupRates(actual, predicted, positive, grouping.codes, grouping.names);
  return { column: name, groups, ...fairnessDifferences(groups, minGroupSize), duration_ms: performance.now() - started };
}

/** Group codes per scored row: dictionary codes of a categorical column, or distinct values of a numeric one. */
function groupsOf(column: Column, rows: Uint32Array): { codes: Int32Array; names: string[] } | { error: string } {
  if (!isNumericColumn(column)) return { codes: Int32Array.from(rows, (row) => column.codes[row]), names: column.dictionary };
  const distinct = [...new Set(Array.from(rows, (row) => column.values[row]).filter((value) => !Number.isNaN(value)))].sort((a, b) => a - b);
  if (distinct.length > maxNumericGroups) {
    return { error: `column "${column.name}" has ${distinct.length} distinct numbers; bias groups need a categorical column (bin it into bands first)` };
  }
  const index = new Map(distinct.map((value, position) => [value, position]));
  return { codes: Int32Array.from(rows, (row) => index.get(column.values[row]) ?? -1), names: distinct.map(String) };
}

function probabilityRange(probabilities: Float64Array): ProbabilityRange {
  let min = Infinity;
  let max = -Infinity;
  let outside = 0;
  let nan = 0;
  for (const value of probabilities) {
    if (Number.isNaN(value)) {
      nan++;
      continue;
    }
    if (value < min) min = value;
    if (value > max) max = value;
    if (value < 0 || value > 1) outside++;
  }
  return { min, max, outside_unit_interval: outside, nan };
}

function rate(predicted: Int32Array, positive: number): number {
  let count = 0;
  for (const value of predicted) if (value === positive) count++;
  return count / predicted.length;
}

function labelledRows(column: Column, rowCount: number): Uint32Array {
  const rows = new Uint32Array(rowCount);
  let count = 0;
  for (let row = 0; row < rowCount; row++) {
    const missing = isNumericColumn(column) ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
    if (!missing) rows[count++] = row;
  }
  return rows.slice(0, count);
}

/** Rows whose encoded target is a number (a known class index, or a regression value). */
function knownRows(rows: Uint32Array, values: Float64Array): { rows: Uint32Array; actual: Float64Array } {
  const keptRows = new Uint32Array(rows.length);
  const actual = new Float64Array(rows.length);
  let count = 0;
  for (let index = 0; index < rows.length; index++) {
    if (Number.isNaN(values[index])) continue;
    keptRows[count] = rows[index];
    actual[count++] = values[index];
  }
  return { rows: keptRows.slice(0, count), actual: actual.slice(0, count) };
}

function encodeSample(targetColumn: Column, rows: Uint32Array, regression: boolean, classes: string[]): Float64Array {
  return (regression ? encodeTarget(targetColumn, rows, { task: 'regression' }) : encodeTarget(targetColumn, rows, { classes })).values;
}

/** A seeded random subset of at most `limit` rows, in table order (deterministic across runs). */
function sampleRows(rows: Uint32Array, limit: number): Uint32Array {
  if (rows.length <= limit) return rows;
  const shuffled = rows.slice();
  shuffleInPlace(shuffled, new SeededRandom(importanceSeed));
  return shuffled.subarray(0, limit).sort();
}
