// The product's own endpoints on the inference listener: `POST /deployments/{name}/predict` (one
// record → one result; a list, or {"records": [...]}, → a batch) and `/batch_predict` (a list or
// {"records": [...]}). Results carry what a caller needs to send feedback and see which arm answered.
import { ValidationError } from '../../api/errors.js';
import type { RowResult, Scalar } from './outputs.js';
import { shown } from './records.js';

/** The record field that names a prediction for feedback; never a feature unless the model takes it. */
export const idField = 'id';

export interface PredictBody {
  records: unknown[];
  /** A lone record was sent: answer with one result, not a list. */
  single: boolean;
}

export function parsePredictBody(body: unknown): PredictBody {
  if (Array.isArray(body)) return { records: body, single: false };
  const wrapped = recordsWrapper(body);
  if (wrapped) return { records: wrapped, single: false };
  if (body === null || typeof body !== 'object') throw new ValidationError(`the body must be a record object, a list of records or {"records": [...]} (got ${shown(body)})`);
  return { records: [body], single: true };
}

export function parseBatchBody(body: unknown): PredictBody {
  if (Array.isArray(body)) return { records: body, single: false };
  const wrapped = recordsWrapper(body);
  if (!wrapped) throw new ValidationError(`the body must be a list of records or {"records": [...]} (got ${shown(body)})`);
  return { records: wrapped, single: false };
}

/** {"records": [...]} and nothing else; a record that merely has a "records" feature stays a record. */
function recordsWrapper(body: unknown): unknown[] | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  const records = (body as { records?: unknown }).records;
  return keys.length === 1 && Array.isArray(records) ? records : null;
}

/** Fields that may ride along in a record without being model inputs: the id and the sticky key. */
export function passThroughFields(stickyKey: string | null, configured: readonly string[] = []): Set<string> {
  const fields = new Set([idField, ...configured]);
  if (stickyKey) fields.add(stickyKey);
  return fields;
}

export interface ProductResult {
  id: string;
  prediction: Scalar;
  /** Classifiers: positive-class probability (two classes) or the predicted class's; null for regressors. */
  probability: number | null;
  probabilities?: Record<string, number>;
  model_version: number;
  arm: string;
}

export interface ResultContext {
  /** The listener's id for this request; rows without their own `id` get it (batches: `<id>-<row>`). */
  requestId: string;
  modelVersion: number;
  arm: string;
}

export function productResults(results: readonly RowResult[], body: PredictBody, context: ResultContext): ProductResult[] {
  return results.map((result, row) => {
    const own = (body.records[row] as Record<string, unknown>)[idField];
    const id = typeof own === 'string' || typeof own === 'number' ? String(own) : body.single ? context.requestId : `${context.requestId}-${row}`;
    return {
      id,
      prediction: result.prediction,
      probability: result.probability ?? null,
      ...(result.probabilities ? { probabilities: result.probabilities } : {}),
      model_version: context.modelVersion,
      arm: context.arm,
    };
  });
}

/** A lone record gets its result object; a batch gets {"predictions": [...]}, room for more keys later. */
export function productResponse(results: ProductResult[], body: PredictBody): ProductResult | { predictions: ProductResult[] } {
  return body.single ? results[0] : { predictions: results };
}
