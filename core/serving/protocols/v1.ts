// KServe V1 (reference §2): `{"instances": [...]}` in, `{"predictions": [...]}` out. Instances are
// records (objects, by field name) or rows (lists, in model field order); errors use the V2 body.
import { ValidationError } from '../../api/errors.js';
import type { ModelSignature } from './model-signature.js';
import type { RowResult, Scalar } from './outputs.js';
import { recordsToFeeds, rowsToFeeds, shown, type FeedOptions, type Feeds } from './records.js';

export interface V1Request {
  instances: unknown[];
  /** Every instance is an object: score by name; otherwise by position. */
  byName: boolean;
}

export function parseV1Body(body: unknown): V1Request {
  const instances = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { instances?: unknown }).instances : undefined;
  if (!Array.isArray(instances)) throw new ValidationError(`the body must be {"instances": [...]} (got ${shown(body)})`);
  const byName = instances.length > 0 && instances.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
  return { instances, byName };
}

export function v1Feeds(signature: ModelSignature, request: V1Request, options: FeedOptions = {}): Feeds {
  return request.byName ? recordsToFeeds(signature, request.instances, options) : rowsToFeeds(signature, request.instances, undefined, options);
}

/** One prediction per instance, the predicted label or value, as KServe's sklearn server answers. */
export function v1Response(results: readonly RowResult[]): { predictions: Scalar[] } {
  return { predictions: results.map((result) => result.prediction) };
}
