import { ValidationError } from '../api/errors.js';

// Page tokens in MLflow's form: base64 of {"offset": N}. Clients treat them as opaque.

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodePageToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (Number.isSafeInteger(parsed.offset) && (parsed.offset as number) >= 0) return parsed.offset as number;
  } catch {
    // falls through to the error below
  }
  throw new ValidationError(`Invalid page token '${token}'.`, { field: 'page_token' });
}
