// MLflow's scoring protocol, `POST /invocations` (reference §3; messages as mlflow/pyfunc/
// scoring_server writes them, so clients that match on them keep working). Parsing is
// signature-free, so the router can read the sticky key before a version is chosen.
import { parse as parseCsv } from 'csv-parse/sync';
import type * as ort from 'onnxruntime-node';
import { ValidationError, WorkbenchError, statusByCode } from '../../api/errors.js';
import type { ModelSignature } from './model-signature.js';
import { outputRecords, type Scalar } from './outputs.js';
import { columnsToFeeds, recordsToFeeds, rowsToFeeds, shown, type FeedOptions, type Feeds } from './records.js';

export const contentTypes = ['text/csv', 'application/json'] as const;

const protocolChangeInfo =
  "IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2.0. If you are seeing this error, you are likely using an outdated scoring request format. To resolve the error, either update your request format or adjust your MLflow Model's requirements file to specify an older version of MLflow (for example, change the 'mlflow' requirement specifier to 'mlflow==1.30.0'). If you are making a request using the MLflow client (e.g. via `mlflow.pyfunc.spark_udf()`), upgrade your MLflow client to a version >= 2.0 in order to use the new request format. For more information about the updated MLflow Model scoring protocol in MLflow 2.0, see https://mlflow.org/docs/latest/models.html#deploy-mlflow-models.";

// Python prints the set in hash order, which changes per process; one fixed order is as valid.
const requiredInputFormat = "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}";

/** What MLflow answers when predict itself fails; for the lead's catch around the onnxruntime run. */
export const evaluationFailedMessage =
  'Encountered an unexpected error while evaluating the model. Verify that the serialized input Dataframe is compatible with the model for inference.';

export type ContentCheck = { format: 'json' | 'csv' } | { status: 415; contentType: 'text/plain'; message: string };

/** Content-Type → body format, or the 415 (text/plain) MLflow answers, checked in MLflow's order. */
export function checkContentType(header: string | undefined): ContentCheck {
  const [mimeType, ...pairs] = (header ?? '').split(';').map((part) => part.trim());
  const parameters = new Map(pairs.map((pair) => {
    const at = pair.indexOf('=');
    return at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
  }));
  const refuse = (message: string): ContentCheck => ({ status: 415, contentType: 'text/plain', message });
  if ((parameters.get('charset') ?? 'utf-8').toLowerCase() !== 'utf-8') return refuse('The scoring server only supports UTF-8');
  const unexpected = [...parameters.keys()].filter((key) => key !== 'charset');
  if (unexpected.length > 0) return refuse(`Unrecognized content type parameters: ${unexpected.join(', ')}. ${protocolChangeInfo}`);
  if (mimeType === 'text/csv') return { format: 'csv' };
  if (mimeType === 'application/json') return { format: 'json' };
  return refuse(`This predictor only supports the following content types: Types: ['text/csv', 'application/json']. Got '${header ?? ''}'.`);
}

export type ScoringInput =
  | { kind: 'records'; records: unknown[]; params: Record<string, unknown> | null }
  | { kind: 'columns'; columns: Record<string, unknown>; params: Record<string, unknown> | null }
  | { kind: 'rows'; rows: unknown[]; columnNames: string[] | null; params: Record<string, unknown> | null };

const inputKeys = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

export function parseInvocation(format: 'json' | 'csv', text: string): ScoringInput {
  return format === 'csv' ? parseCsvBody(text) : parseJsonBody(text);
}

function parseJsonBody(text: string): ScoringInput {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badRequest(`Failed to parse input from JSON. Ensure that input is a valid JSON formatted string. Error: '${(error as Error).message}'`);
  }
  if (Array.isArray(body)) throw badRequest(`${requiredInputFormat}. Received a list. ${protocolChangeInfo}`);
  if (body === null || typeof body !== 'object') throw badRequest(`${requiredInputFormat}. Received unexpected input type '${body === null ? 'null' : typeof body}'.`);
  const fields = body as Record<string, unknown>;
  const present = inputKeys.filter((key) => key in fields);
  if (present.length !== 1) {
    const received = `[${Object.keys(fields).map((key) => `'${key}'`).join(', ')}]`;
    throw badRequest(`${requiredInputFormat}. Received dictionary with input fields: ${received}. ${protocolChangeInfo}`);
  }
  const params = fields.params;
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) throw badRequest(`'params' must be a JSON object (got ${shown(params)})`);
  const parameters = (params as Record<string, unknown> | undefined) ?? null;
  const key = present[0];
  const value = fields[key];
  if (key === 'dataframe_split') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`'dataframe_split' must be an object {columns, data} (got ${shown(value)})`);
    const { columns, data } = value as { columns?: unknown; data?: unknown };
    if (!Array.isArray(data)) throw badRequest(`'dataframe_split' needs 'data' as a list of rows (got ${shown(data)})`);
    if (columns !== undefined && !(Array.isArray(columns) && columns.every((name) => typeof name === 'string'))) throw badRequest(`'dataframe_split' 'columns' must be a list of names (got ${shown(columns)})`);
    return { kind: 'rows', rows: data, columnNames: (columns as string[] | undefined) ?? null, params: parameters };
  }
  if (key === 'dataframe_records') {
    if (!Array.isArray(value)) throw badRequest(`'dataframe_records' must be a list of records (got ${shown(value)})`);
    return { kind: 'records', records: value, params: parameters };
  }
  // instances / inputs (TF-serving): a dict of columns, a list of records, or a list of rows.
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { kind: 'columns', columns: value as Record<string, unknown>, params: parameters };
  if (!Array.isArray(value)) throw badRequest(`'${key}' must be a list of rows or records, or a dict of columns (got ${shown(value)})`);
  const records = value.length > 0 && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
  return records ? { kind: 'records', records: value, params: parameters } : { kind: 'rows', rows: value, columnNames: null, params: parameters };
}

/** Header row, then rows of text; the signature types each cell (records.ts rules), as pandas does with the schema's dtypes. */
function parseCsvBody(text: string): ScoringInput {
  let table: string[][];
  try {
    table = parseCsv(text, { skip_empty_lines: true, relax_column_count: true, bom: true }) as string[][];
  } catch (error) {
    throw badRequest(`Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid CSV-formatted Pandas DataFrame produced using the \`pandas.DataFrame.to_csv()\` method. Error: '${(error as Error).message}'`);
  }
  if (table.length === 0) throw badRequest('Failed to parse input as a Pandas DataFrame: the CSV body is empty');
  const [header, ...rows] = table;
  return { kind: 'rows', rows, columnNames: header, params: null };
}

/** `DataFrame.to_csv()` writes the index as a first column with an empty name; it is not a feature. */
const csvIndexColumn = '';

/** Feeds for the chosen version; schema failures read as MLflow's "Failed to enforce schema". */
export function scoringFeeds(signature: ModelSignature, input: ScoringInput, options: FeedOptions = {}): Feeds {
  try {
    if (input.kind === 'records') return recordsToFeeds(signature, input.records, options);
    if (input.kind === 'columns') return columnsToFeeds(signature, input.columns, options);
    const allowExtra = input.columnNames?.includes(csvIndexColumn) ? new Set([...(options.allowExtra ?? []), csvIndexColumn]) : options.allowExtra;
    return rowsToFeeds(signature, input.rows, input.columnNames ?? undefined, { allowExtra });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(`Failed to enforce schema of data. Error: ${error.message}`, error.details, 'INVALID_PARAMETER_VALUE');
  }
}

/**
 * `{"predictions": [...]}`: one object per row keyed by output name, the pandas `records`
 * orientation of a frame with one column per ONNX output (what mlflow.onnx's pyfunc builds for a
 * DataFrame). For our classifiers `{"label": 1, "probabilities": [0.2, 0.8]}`, regressors `{"variable": 12.5}`.
 */
export function scoringResponse(signature: ModelSignature, outputs: Record<string, ort.Tensor>, rows: number): { predictions: Array<Record<string, Scalar | Scalar[]>> } {
  return { predictions: outputRecords(signature, outputs, rows) };
}

/** MLflow's error envelope and status for an error thrown while answering /invocations. */
export function mlflowError(error: unknown): { status: number; body: { error_code: string; message: string } } {
  if (error instanceof WorkbenchError) return { status: statusByCode[error.code], body: { error_code: error.code, message: error.message } };
  return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) } };
}

function badRequest(message: string): ValidationError {
  return new ValidationError(message, undefined, 'BAD_REQUEST');
}
