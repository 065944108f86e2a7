// Tabular request bodies (records, columns, positional rows) → onnxruntime feeds, with one set of
// coercion rules for every protocol and one ValidationError that lists every offending field, so a
// client fixes a whole request in one round trip. Runs per request: each input's typed array is
// allocated once and filled in place.
import * as ort from 'onnxruntime-node';
import { ValidationError } from '../../api/errors.js';
import { epochDays } from '../../onnx/session.js';
import { isMissingText, parseBoolean, parseDatetime, parseNumber } from '../../datasets/value-parsing.js';
import type { ModelSignature, SignatureField } from './model-signature.js';
import { allocate, fitsInteger, floatTypes, integerTypes, storeNumber, type TensorStorage } from './tensor-values.js';

/**
 * Coercion rules (also served as text in the README):
 * - Number inputs take JSON numbers, and text holding a plain decimal number ("3.5", "-1e3"; no hex,
 *   no thousands separators), so CSV cells and stringly-typed clients work.
 * - A missing number (null, an empty string, or NA/N/A/NaN/nan/null/NULL/None, the spellings the
 *   dataset importer treats as missing) is sent as NaN for models that handle it (our pipelines
 *   impute it or route it in their trees); other models reject it, naming the field.
 * - true/false are 1/0 for number inputs.
 * - Text (category) inputs take strings as they are; numbers become their decimal text ("3"), since
 *   categorical codes are often numbers; a missing value becomes the empty string, which no fitted
 *   category matches (the one-hot encoder gives all zeros, like an unseen category).
 * - Datetime inputs (known from workbench.schema) take ISO 8601 dates or date-times (no zone =
 *   UTC) or epoch milliseconds, and send float32 days since 1970-01-01, as the trainer did.
 * - Integer inputs take whole numbers in range; boolean inputs take true/false, 0/1 or "true"/"false".
 * - Anything else is an error for that field: objects, arrays, text that is not a number for a
 *   number input, booleans for a text input.
 * - A field the model does not take is an error (a misspelt name would otherwise score a missing
 *   value), except names in `allowExtra` (ids, the sticky routing key). A field absent from a record
 *   is an error too; send null to mean "missing value".
 */
export const coercionRules = `Coercion of request values to model inputs:
- Number inputs take JSON numbers and text holding a plain decimal number ("3.5", "-1e3"; no hex, no thousands separators).
- A missing number (null, "", or NA, N/A, NaN, nan, null, NULL, None) is sent as NaN to models that handle missing values (workbench pipelines); other models reject it.
- true/false are sent as 1/0 to number inputs.
- Text (category) inputs take strings as they are; numbers become their decimal text ("3"); a missing value becomes "", which matches no category.
- Datetime inputs take ISO 8601 dates or date-times (no zone means UTC) or epoch milliseconds, and are sent as days since 1970-01-01.
- Integer inputs take whole numbers in range; boolean inputs take true/false, 0/1 or "true"/"false".
- Objects, arrays, non-numeric text for a number input and booleans for a text input are errors.
- Every field the model takes must be present in every record (null means a missing value); fields the model does not take are errors unless the deployment ignores them (ids, the sticky key).`;

export interface FeedOptions {
  /** Request fields that are not model inputs but may pass through (ids, the sticky key). */
  allowExtra?: ReadonlySet<string>;
}

export interface Feeds {
  feeds: Record<string, ort.Tensor>;
  rows: number;
}

export interface FieldProblem {
  /** null for a problem with the whole record (not an object, wrong number of values). */
  field: string | null;
  /** null for a problem with a whole column of a columnar body. */
  row: number | null;
  problem: string;
}

/** Enough to fix a request; a 10 000-row batch of bad rows should not produce a megabyte of errors. */
const maxProblems = 100;
const maxMessageProblems = 10;
const noExtra: ReadonlySet<string> = new Set();

export function recordsToFeeds(signature: ModelSignature, records: readonly unknown[], options: FeedOptions = {}): Feeds {
  const fields = namedFields(signature, 'records');
  const problems: FieldProblem[] = [];
  const known = new Set(fields.map((field) => field.name));
  const allowExtra = options.allowExtra ?? noExtra;
  const count = checkRowCount(records.length);
  const buffers = allocateInputs(signature, count);
  for (let row = 0; row < count; row++) {
    const record = records[row];
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      report(problems, null, row, `must be an object of field values (got ${shown(record)})`);
      continue;
    }
    const values = record as Record<string, unknown>;
    for (const field of fields) {
      const value = values[field.name];
      if (value === undefined && !(field.name in values)) report(problems, field.name, row, 'is missing');
      else store(signature, field, buffers, row, value, problems);
    }
    for (const key in values) if (!known.has(key) && !allowExtra.has(key)) report(problems, key, row, 'is not an input of the model');
  }
  return finish(signature, buffers, count, problems);
}

/** A columnar body: field name → one value per row (MLflow `inputs` as a dict, TF-serving columns). */
export function columnsToFeeds(signature: ModelSignature, columns: Record<string, unknown>, options: FeedOptions = {}): Feeds {
  const fields = namedFields(signature, 'columns');
  const problems: FieldProblem[] = [];
  const allowExtra = options.allowExtra ?? noExtra;
  const known = new Set(fields.map((field) => field.name));
  let count = -1;
  for (const [name, values] of Object.entries(columns)) {
    if (!known.has(name)) {
      if (!allowExtra.has(name)) report(problems, name, null, 'is not an input of the model');
    } else if (!Array.isArray(values)) report(problems, name, null, `must be a list of values (got ${shown(values)})`);
    else if (count === -1) count = values.length;
    else if (values.length !== count) report(problems, name, null, `has ${values.length} values; other columns have ${count}`);
  }
  for (const field of fields) if (!(field.name in columns)) report(problems, field.name, null, 'is missing');
  if (problems.length > 0) throw validationError(problems);
  count = checkRowCount(count);
  const buffers = allocateInputs(signature, count);
  for (const field of fields) {
    const values = columns[field.name] as unknown[];
    for (let row = 0; row < count; row++) store(signature, field, buffers, row, values[row], problems);
  }
  return finish(signature, buffers, count, problems);
}

/**
 * Rows as arrays: in model field order when `columnNames` is absent (V1 instances, a matrix model's
 * positional rows), else in the order the names give (MLflow dataframe_split, CSV).
 */
export function rowsToFeeds(signature: ModelSignature, rows: readonly unknown[], columnNames?: readonly string[], options: FeedOptions = {}): Feeds {
  const fields = signature.mode === 'tensor' ? namedFields(signature, 'rows') : signature.fields;
  const problems: FieldProblem[] = [];
  let positions = fields.map((_, index) => index);
  let width = fields.length;
  if (columnNames) {
    if (!signature.namedFields) {
      // Columns of an unnamed matrix are taken in the order sent, as MLflow does for one 2-D input.
      if (columnNames.length !== fields.length) report(problems, null, null, `the model takes ${fields.length} columns; the request has ${columnNames.length}`);
    } else {
      const allowExtra = options.allowExtra ?? noExtra;
      const index = new Map(columnNames.map((name, position) => [name, position]));
      positions = fields.map((field) => index.get(field.name) ?? -1);
      fields.forEach((field, at) => positions[at] === -1 && report(problems, field.name, null, 'is missing'));
      for (const name of columnNames) if (!fields.some((field) => field.name === name) && !allowExtra.has(name)) report(problems, name, null, 'is not an input of the model');
    }
    width = columnNames.length;
    if (problems.length > 0) throw validationError(problems);
  }
  const count = checkRowCount(rows.length);
  const buffers = allocateInputs(signature, count);
  for (let row = 0; row < count; row++) {
    const values = rows[row];
    if (!Array.isArray(values) || values.length !== width) {
      const expected = columnNames ? `${width} values` : `${width} values (${fields.map((field) => field.name).join(', ')})`;
      report(problems, null, row, Array.isArray(values) ? `has ${values.length} values; expected ${expected}` : `must be a list of ${expected} (got ${shown(values)})`);
      continue;
    }
    for (let at = 0; at < fields.length; at++) store(signature, fields[at], buffers, row, values[positions[at]], problems);
  }
  return finish(signature, buffers, count, problems);
}

function namedFields(signature: ModelSignature, shape: string): SignatureField[] {
  if (signature.mode === 'tensor') {
    const inputs = signature.inputs.map((input) => `'${input.name}' [${input.shape.join(', ')}]`).join(', ');
    throw new ValidationError(`the model takes tensors (${inputs}), not ${shape} of fields; send them with the V2 infer protocol`);
  }
  if (!signature.namedFields && shape !== 'rows') {
    const input = signature.inputs[0];
    throw new ValidationError(`the model's input '${input.name}' takes ${signature.fields.length} unnamed columns; send rows as lists of ${signature.fields.length} numbers in model column order`);
  }
  return signature.fields;
}

function checkRowCount(count: number): number {
  if (count <= 0) throw new ValidationError('the request has no rows to score');
  return count;
}

function allocateInputs(signature: ModelSignature, count: number): Map<string, TensorStorage> {
  const buffers = new Map<string, TensorStorage>();
  const width = signature.mode === 'matrix' ? signature.fields.length : 1;
  for (const input of signature.inputs) buffers.set(input.name, allocate(input.elementType!, count * width));
  return buffers;
}

function finish(signature: ModelSignature, buffers: Map<string, TensorStorage>, count: number, problems: FieldProblem[]): Feeds {
  if (problems.length > 0) throw validationError(problems);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of signature.inputs) {
    const dims = signature.mode === 'matrix' ? [count, signature.fields.length] : input.shape.length === 1 ? [count] : [count, 1];
    feeds[input.name] = new ort.Tensor(input.elementType!, buffers.get(input.name)!, dims);
  }
  return { feeds, rows: count };
}

/** Coerces one value by the rules above into its slot, or records why it cannot. */
function store(signature: ModelSignature, field: SignatureField, buffers: Map<string, TensorStorage>, row: number, value: unknown, problems: FieldProblem[]): void {
  const storage = buffers.get(field.input)!;
  const index = signature.mode === 'matrix' ? row * signature.fields.length + field.position : row;
  const type = field.elementType;
  if (type === 'string') {
    if (typeof value === 'string') (storage as string[])[index] = isMissingText(value) ? '' : value;
    else if (typeof value === 'number' && Number.isFinite(value)) (storage as string[])[index] = String(value);
    else if (value === null || value === undefined || Number.isNaN(value)) (storage as string[])[index] = '';
    else report(problems, field.name, row, `must be text (got ${shown(value)})`);
    return;
  }
  const number = field.kind === 'datetime' ? datetimeDays(value) : numberOf(value);
  if (number === undefined) {
    const wanted = field.kind === 'datetime' ? 'an ISO date or epoch milliseconds' : type === 'bool' ? 'true or false' : integerTypes.has(type) ? 'an integer' : 'a number';
    report(problems, field.name, row, `must be ${wanted} (got ${shown(value)})`);
  } else if (Number.isNaN(number)) {
    if (floatTypes.has(type) && signature.acceptsMissing) storeNumber(type, storage, index, Number.NaN);
    else report(problems, field.name, row, 'has no value, and this model does not accept missing values');
  } else if (type === 'bool') {
    if (number === 0 || number === 1) (storage as Uint8Array)[index] = number;
    else report(problems, field.name, row, `must be true or false (got ${shown(value)})`);
  } else if (integerTypes.has(type) && !fitsInteger(type, number)) {
    report(problems, field.name, row, `must be an integer that fits ${type} (got ${shown(value)})`);
  } else storeNumber(type, storage, index, number);
}

/** The number a value means, NaN for a missing one, undefined when it is not a number at all. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'string') return isMissingText(value) ? Number.NaN : (parseNumber(value) ?? parseBoolean(value));
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

function datetimeDays(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? value : epochDays(value);
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value !== 'string') return undefined;
  if (isMissingText(value)) return Number.NaN;
  const milliseconds = parseDatetime(value);
  return milliseconds === undefined ? undefined : epochDays(milliseconds);
}

function report(problems: FieldProblem[], field: string | null, row: number | null, problem: string): void {
  if (problems.length < maxProblems) problems.push({ field, row, problem });
}

/** A value as the error shows it: JSON, cut short, so a huge payload cannot flood the message. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function validationError(problems: FieldProblem[]): ValidationError {
  const ordered = [...problems].sort((left, right) => (left.row ?? -1) - (right.row ?? -1));
  const parts: string[] = [];
  let currentRow: number | null | undefined;
  for (const { field, row, problem } of ordered.slice(0, maxMessageProblems)) {
    const text = field === null ? problem : `field '${field}' ${problem}`;
    if (row !== currentRow && row !== null) parts.push(`record ${row}: ${text}`);
    else parts.push(text);
    currentRow = row;
  }
  const more = ordered.length > maxMessageProblems ? `; and ${ordered.length - maxMessageProblems} more${ordered.length >= maxProblems ? ' (first 100 listed in details)' : ''}` : '';
  return new ValidationError(parts.join('; ') + more, { fields: ordered });
}
