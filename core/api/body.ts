import type { IncomingMessage } from 'node:http';
import { WorkbenchError, ValidationError } from './errors.js';

export function tooLarge(limit: number, flavour: 'mlflow' | 'api'): WorkbenchError {
  const message = `Request body exceeds the limit of ${limit} bytes.`;
  // MLflow reports an oversized request as an invalid parameter; our own routes say 413.
  return flavour === 'mlflow' ? new ValidationError(message, { limit }) : new WorkbenchError('REQUEST_TOO_LARGE', message, { limit });
}

/** Reads a JSON body, refusing more than `limit` bytes before buffering them. */
export async function readJsonBody(request: IncomingMessage, limit: number, flavour: 'mlflow' | 'api'): Promise<Record<string, unknown>> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw tooLarge(limit, flavour);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      throw tooLarge(limit, flavour);
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const text = Buffer.concat(chunks, size).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`Malformed JSON in request body: ${(error as Error).message}`, undefined, 'BAD_REQUEST');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError('The request body must be a JSON object.', undefined, 'BAD_REQUEST');
  }
  return parsed as Record<string, unknown>;
}

/**
 * GET parameters in MLflow's convention: repeated keys become lists; single values stay strings.
 * Handlers validate types themselves, so both forms flow through the same checks.
 */
export function queryObject(url: URL): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    result[key] = values.length === 1 ? values[0] : values;
  }
  return result;
}
