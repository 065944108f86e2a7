// Preprocessing fitted on the training rows only: numbers (and datetime ages) imputed and
// standard-scaled, categories one-hot encoded with unknowns as all zeros, behind a cardinality
// cap. The in-process transform reproduces the ONNX graph's float32 arithmetic step by step
// (preprocessing-onnx.ts), so trainer and onnxruntime see the same features bit for bit.
import { ValidationError } from '../api/errors.js';
import { columnByName, isNumericColumn, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../datasets/table.js';
import type { GraphBuilder } from '../onnx/builder.js';
import { dayMs, epochDays, missingCategory, type RowSelection } from '../onnx/session.js';
import { appendPreprocessingOnnx } from './preprocessing-onnx.js';
import type { FeatureMatrix, Target, Task } from './types.js';

export type Imputation = 'mean' | 'median' | 'most_frequent';

export interface PreprocessingOptions {
  imputation?: Imputation;
  /** Standard scaling (mean 0, unit variance) after imputation; ignored for trees. */
  scale?: boolean;
  /** Most categories one column keeps (default 50); rarer ones become unknown (all zeros), with a warning. */
  maxCategories?: number;
  /** Trees take numbers as they are: no imputation (NaN reaches the tree), no scaling. */
  forTrees?: boolean;
  /** Epoch milliseconds that datetime ages count back from; default: the UTC midnight after the latest training time. */
  referenceTime?: number;
}

export interface NumericFeature {
  column: string;
  kind: NumericColumn['type'];
  /** float32 value that replaces NaN (linear/MLP only). */
  fill: number;
  /** float32 Scaler attributes: y = (x − offset)·scale. offset 0 and scale 1 when not scaling. */
  offset: number;
  scale: number;
}

export interface CategoricalFeature {
  column: string;
  /** One-hot columns in this order (sorted by code unit); anything else encodes as all zeros. */
  categories: string[];
}

/** The fitted state: plain JSON, so it can cross worker threads and be stored with a run. */
export interface PreprocessorSpec {
  forTrees: boolean;
  imputation: Imputation;
  scale: boolean;
  /** The reference time in float32 epoch days; a datetime feature is `referenceDays − date` (days). */
  referenceDays: number | null;
  numeric: NumericFeature[];
  categorical: CategoricalFeature[];
  warnings: string[];
}

/** One pipeline input: its ONNX element type and how to encode the column (reference §1.1). */
export interface PipelineInput {
  name: string;
  type: 'float' | 'string';
  column: Column['type'];
  /** Datetime columns enter as float32 days since 1970-01-01 UTC. */
  encoding?: 'epoch_days';
}

export const defaultMaxCategories = 50;
const imputations: readonly Imputation[] = ['mean', 'median', 'most_frequent'];

export class Preprocessor {
  constructor(readonly spec: PreprocessorSpec) {}

  get featureNames(): string[] {
    const names = this.spec.numeric.map((feature) => feature.column);
    for (const feature of this.spec.categorical) for (const category of feature.categories) names.push(`${feature.column}=${category}`);
    return names;
  }

  get warnings(): string[] {
    return this.spec.warnings;
  }

  /** The inputs an exported pipeline takes, in graph order: numeric columns, then categorical ones. */
  get inputs(): PipelineInput[] {
    return [
      ...this.spec.numeric.map((feature): PipelineInput => ({
        name: feature.column,
        type: 'float',
        column: feature.kind,
        ...(feature.kind === 'datetime' ? { encoding: 'epoch_days' as const } : {}),
      })),
      ...this.spec.categorical.map((feature): PipelineInput => ({ name: feature.column, type: 'string', column: 'categorical' })),
    ];
  }

  /** Adds one input per raw column and the preprocessing nodes; returns the feature tensor's name. */
  appendOnnx(graph: GraphBuilder): string {
    return appendPreprocessingOnnx(this.spec, graph);
  }

  transform(table: Table, rows?: RowSelection): FeatureMatrix {
    const { numeric, categorical } = this.spec;
    const count = rows ? rows.length : table.rowCount;
    const names = this.featureNames;
    const width = names.length;
    const values = new Float32Array(count * width);
    const rowAt = rows ? (index: number) => rows[index] : (index: number) => index;

    numeric.forEach((feature, position) => {
      const raw = rawNumbers(numericColumn(table, feature.column), this.spec.referenceDays);
      const impute = !this.spec.forTrees;
      const scale = impute && this.spec.scale;
      for (let index = 0; index < count; index++) {
        let value = raw(rowAt(index));
        if (impute && Number.isNaN(value)) value = feature.fill;
        // The ONNX Scaler computes (x − offset)·scale in float32; round after each step alike.
        if (scale) value = Math.fround(Math.fround(value - feature.offset) * feature.scale);
        values[index * width + position] = value;
      }
    });

    let offset = numeric.length;
    for (const feature of categorical) {
      const column = categoricalColumn(table, feature.column);
      const slot = categorySlots(column, feature.categories);
      for (let index = 0; index < count; index++) {
        const code = column.codes[rowAt(index)];
        if (code >= 0 && slot[code] >= 0) values[index * width + offset + slot[code]] = 1;
      }
      offset += feature.categories.length;
    }
    return { rows: count, width, values, names };
  }
}

export function fitPreprocessor(
  table: Table,
  featureColumns: readonly string[],
  trainRows: RowSelection,
  options: PreprocessingOptions = {},
): Preprocessor {
  const imputation = options.imputation ?? 'mean';
  if (!imputations.includes(imputation)) {
    throw new ValidationError(`imputation must be one of ${imputations.join(', ')}; got "${String(imputation)}"`);
  }
  const maxCategories = options.maxCategories ?? defaultMaxCategories;
  if (!Number.isInteger(maxCategories) || maxCategories < 1) {
    throw new ValidationError(`maxCategories must be a whole number ≥ 1; got ${maxCategories}`);
  }
  if (trainRows.length === 0) throw new ValidationError('the training split has no rows');
  const forTrees = options.forTrees ?? false;
  const scale = !forTrees && (options.scale ?? true);
  const warnings: string[] = [];
  const columns = featureColumns.map((name, index) => {
    if (featureColumns.indexOf(name) !== index) throw new ValidationError(`feature column "${name}" is listed twice`, { column: name });
    const column = columnByName(table, name);
    if (!column) throw new ValidationError(`feature column "${name}" is not in the data set`, { column: name });
    return column;
  });

  const referenceDays = fitReferenceDays(columns, trainRows, options.referenceTime);
  const numeric: NumericFeature[] = [];
  const categorical: CategoricalFeature[] = [];
  for (const column of columns) {
    if (column.type === 'text') {
      warnings.push(`column "${column.name}" is free text, which the trainer does not use as a feature; skipped`);
    } else if (isNumericColumn(column)) {
      const feature = fitNumeric(column, trainRows, referenceDays, imputation, scale);
      if (feature) numeric.push(feature);
      else warnings.push(`column "${column.name}" has no values in the training rows; dropped`);
    } else {
      const feature = fitCategorical(column, trainRows, maxCategories, warnings);
      if (feature) categorical.push(feature);
      else warnings.push(`column "${column.name}" has no values in the training rows; dropped`);
    }
  }
  if (numeric.length + categorical.length === 0) throw new ValidationError('no usable feature columns: every one was missing, text or empty');
  return new Preprocessor({ forTrees, imputation, scale, referenceDays, numeric, categorical, warnings });
}

function fitReferenceDays(columns: Column[], trainRows: RowSelection, referenceTime: number | undefined): number | null {
  const datetimes = columns.filter((column): column is NumericColumn => column.type === 'datetime');
  if (datetimes.length === 0) return null;
  if (referenceTime !== undefined) {
    if (!Number.isFinite(referenceTime)) throw new ValidationError(`referenceTime must be epoch milliseconds; got ${referenceTime}`);
    return epochDays(referenceTime);
  }
  let latest = -Infinity;
  for (const column of datetimes) for (const row of trainRows) if (column.values[row] > latest) latest = column.values[row];
  // The UTC midnight after the latest training time: a whole day, exact in float32 and readable.
  // All datetimes missing: any reference works, those columns are dropped anyway.
  return Number.isFinite(latest) ? Math.ceil(latest / dayMs) : 0;
}

/** Reads a numeric-like column as the float32 value the pipeline's first step sees. */
function rawNumbers(column: NumericColumn, referenceDays: number | null): (row: number) => number {
  const values = column.values;
  if (column.type !== 'datetime') return (row) => Math.fround(values[row]);
  if (referenceDays === null) throw new Error(`no reference time for datetime column "${column.name}"`);
  // ONNX computes Sub(reference, epochDays) in float32.
  return (row) => Math.fround(referenceDays - epochDays(values[row]));
}

function fitNumeric(
  column: NumericColumn,
  trainRows: RowSelection,
  referenceDays: number | null,
  imputation: Imputation,
  scale: boolean,
): NumericFeature | undefined {
  const raw = rawNumbers(column, referenceDays);
  const present: number[] = [];
  for (const row of trainRows) {
    const value = raw(row);
    if (!Number.isNaN(value)) present.push(value);
  }
  if (present.length === 0) return undefined;
  const fill = Math.fround(imputedValue(present, imputation));
  let offset = 0;
  let factor = 1;
  if (scale) {
    // The scaler is fitted on the imputed training values, as in a scikit-learn Pipeline.
    const missing = trainRows.length - present.length;
    let sum = missing * fill;
    for (const value of present) sum += value;
    const mean = sum / trainRows.length;
    let squares = missing * (fill - mean) ** 2;
    for (const value of present) squares += (value - mean) ** 2;
    const std = Math.sqrt(squares / trainRows.length);
    offset = Math.fround(mean);
    // A constant column keeps scale 1, as StandardScaler does.
    factor = std > 1e-12 * Math.max(1, Math.abs(mean)) ? Math.fround(1 / std) : 1;
  }
  return { column: column.name, kind: column.type, fill, offset, scale: factor };
}

function imputedValue(present: number[], imputation: Imputation): number {
  if (imputation === 'mean') {
    let sum = 0;
    for (const value of present) sum += value;
    return sum / present.length;
  }
  const sorted = Float64Array.from(present).sort();
  if (imputation === 'median') {
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
  // Most frequent; ties go to the smallest value, as in scikit-learn's SimpleImputer.
  let best = sorted[0];
  let bestCount = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    if (end - start > bestCount) [best, bestCount] = [sorted[start], end - start];
    start = end;
  }
  return best;
}

function fitCategorical(
  column: CategoricalColumn,
  trainRows: RowSelection,
  maxCategories: number,
  warnings: string[],
): CategoricalFeature | undefined {
  const counts = new Float64Array(column.dictionary.length);
  for (const row of trainRows) {
    const code = column.codes[row];
    if (code >= 0) counts[code]++;
  }
  // Equal strings under different codes (a hand-built dictionary) are one category.
  const byCategory = new Map<string, number>();
  column.dictionary.forEach((category, code) => {
    if (counts[code] > 0 && category !== missingCategory) byCategory.set(category, (byCategory.get(category) ?? 0) + counts[code]);
  });
  if (byCategory.size === 0) return undefined;
  let kept = [...byCategory.keys()];
  if (kept.length > maxCategories) {
    kept.sort((a, b) => byCategory.get(b)! - byCategory.get(a)! || compareText(a, b));
    const dropped = kept.slice(maxCategories);
    const droppedRows = dropped.reduce((sum, category) => sum + byCategory.get(category)!, 0);
    warnings.push(
      `column "${column.name}" has ${kept.length} categories, more than the cap of ${maxCategories}: ` +
        `the ${dropped.length} rarest (${droppedRows} training rows) are grouped as unknown (all zeros)`,
    );
    kept = kept.slice(0, maxCategories);
  }
  return { column: column.name, categories: kept.sort(compareText) };
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Maps each dictionary code of a table's column to its one-hot slot, -1 for unknown. */
function categorySlots(column: CategoricalColumn, categories: readonly string[]): Int32Array {
  const index = new Map(categories.map((category, slot) => [category, slot]));
  return Int32Array.from(column.dictionary, (category) => index.get(category) ?? -1);
}

export interface TargetOptions {
  /** Default: classification for categorical, boolean and 0/1 columns, regression for other numbers. */
  task?: Task;
  /** Classes fitted on the training split; other rows (validation, test) are encoded against them. */
  classes?: readonly string[];
}

/**
 * Label-encodes the target for the given rows: class indices in sorted-label order (numbers
 * numerically, text by code unit), as scikit-learn's LabelEncoder, or the values for regression.
 * A missing target, or a label outside `options.classes`, is NaN; callers drop those rows.
 */
export function encodeTarget(column: Column, rows: RowSelection, options: TargetOptions = {}): Target {
  const regression = options.task ? options.task === 'regression' : isContinuous(column, rows);
  const values = new Float64Array(rows.length);
  if (regression) {
    if (!isNumericColumn(column)) throw new ValidationError(`target "${column.name}" is ${column.type}; regression needs a numeric target`);
    rows.forEach((row, index) => (values[index] = column.values[row]));
    return { task: 'regression', values, classes: [] };
  }
  const label = isNumericColumn(column)
    ? (row: number) => (Number.isNaN(column.values[row]) ? undefined : String(column.values[row]))
    : (row: number) => (column.codes[row] < 0 ? undefined : column.dictionary[column.codes[row]]);
  let classes = options.classes ? [...options.classes] : undefined;
  if (!classes) {
    const seen = new Set<string>();
    for (const row of rows) {
      const value = label(row);
      if (value !== undefined) seen.add(value);
    }
    classes = isNumericColumn(column) ? [...seen].sort((a, b) => Number(a) - Number(b)) : [...seen].sort(compareText);
    if (classes.length < 2) {
      throw new ValidationError(`target "${column.name}" has ${classes.length === 0 ? 'no values' : `only one class (${classes[0]})`} in the training split; classification needs at least two`);
    }
  }
  const index = new Map(classes.map((value, position) => [value, position]));
  rows.forEach((row, position) => {
    const value = label(row);
    values[position] = value === undefined ? NaN : (index.get(value) ?? NaN);
  });
  return { task: classes.length === 2 ? 'binary' : 'multiclass', values, classes };
}

/** Numbers other than 0/1 are a regression target unless the caller says otherwise. */
function isContinuous(column: Column, rows: RowSelection): boolean {
  if (!isNumericColumn(column) || column.type === 'boolean') return false;
  for (const row of rows) {
    const value = column.values[row];
    if (!Number.isNaN(value) && value !== 0 && value !== 1) return true;
  }
  return false;
}

function numericColumn(table: Table, name: string): NumericColumn {
  const column = columnByName(table, name);
  if (!column) throw new ValidationError(`the data has no column "${name}", which the model needs`, { column: name });
  if (!isNumericColumn(column)) throw new ValidationError(`column "${name}" is ${column.type}, but the model was trained on it as a number`, { column: name });
  return column;
}

function categoricalColumn(table: Table, name: string): CategoricalColumn {
  const column = columnByName(table, name);
  if (!column) throw new ValidationError(`the data has no column "${name}", which the model needs`, { column: name });
  if (isNumericColumn(column)) throw new ValidationError(`column "${name}" is ${column.type}, but the model was trained on it as categories`, { column: name });
  return column;
}
