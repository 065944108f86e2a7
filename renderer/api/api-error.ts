import type { ErrorEnvelope } from '../../core/api/contract';

/** A failed /api request, carrying the core's error envelope (ARCHITECTURE rule 4). */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the core could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const maxBodyInMessage = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return isRecord(value) && isRecord(value.error) && typeof value.error.message === 'string';
}

/**
 * Turns an error response into an ApiError. Our envelope is the norm; MLflow's flat envelope and
 * non-JSON bodies (a proxy's HTML page, an empty 502) still produce a message a person can act on.
 */
export function parseErrorEnvelope(status: number, statusText: string, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : null;
  } catch {
    parsed = null;
  }
  if (isErrorEnvelope(parsed)) {
    const { code, message, details } = parsed.error;
    return new ApiError(status, typeof code === 'string' ? code : 'UNKNOWN', message, isRecord(details) ? details : {});
  }
  if (isRecord(parsed) && typeof parsed.error_code === 'string' && typeof parsed.message === 'string') {
    return new ApiError(status, parsed.error_code, parsed.message);
  }
  const text = body.trim();
  const fallback = statusText ? `${status} ${statusText}` : `Request failed with status ${status}`;
  const looksLikeMarkup = text.startsWith('<');
  const message = text && !looksLikeMarkup && parsed === null ? text.slice(0, maxBodyInMessage) : fallback;
  return new ApiError(status, 'HTTP_' + status, message);
}

export interface FilterSyntaxError {
  message: string;
  /** Character offset in the filter where parsing stopped, when the core reports one. */
  position: number | null;
  /** What the parser expected at `position`, for display. */
  expected: string | null;
}

/** A 400 for a bad filter carries {position, expected} so the UI can point at the mistake. */
export function asFilterSyntaxError(error: unknown): FilterSyntaxError | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const { position, expected } = error.details;
  if (typeof position !== 'number' && expected === undefined) return null;
  return {
    message: error.message,
    position: typeof position === 'number' && Number.isFinite(position) ? Math.max(0, Math.floor(position)) : null,
    expected: describeExpected(expected),
  };
}

function describeExpected(expected: unknown): string | null {
  if (typeof expected === 'string') return expected;
  if (Array.isArray(expected) && expected.length > 0) return expected.map(String).join(', ');
  return null;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
