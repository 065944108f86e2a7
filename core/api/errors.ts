// The closed set of errors core throws on purpose (ARCHITECTURE rule 4). Anything else reaching
// the HTTP layer is a bug and becomes a 500 with a logged stack.

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'ENDPOINT_NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_CONFLICT'
  | 'REQUEST_TOO_LARGE'
  | 'CANCELLED'
  | 'NOT_IMPLEMENTED'
  | 'INTERNAL_ERROR';

export class WorkbenchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that fails validation: a field, a value, a limit. */
export class ValidationError extends WorkbenchError {
  constructor(message: string, details?: Record<string, unknown>, code: ErrorCode = 'INVALID_PARAMETER_VALUE') {
    super(code, message, details);
  }
}

export class NotFoundError extends WorkbenchError {
  constructor(message: string, details?: Record<string, unknown>, code: ErrorCode = 'RESOURCE_DOES_NOT_EXIST') {
    super(code, message, details);
  }
}

/** A name or key that is already taken, or a write that contradicts stored state. */
export class ConflictError extends WorkbenchError {
  constructor(message: string, details?: Record<string, unknown>, code: ErrorCode = 'RESOURCE_ALREADY_EXISTS') {
    super(code, message, details);
  }
}

export class ForbiddenError extends WorkbenchError {
  constructor(message: string, details?: Record<string, unknown>, code: ErrorCode = 'PERMISSION_DENIED') {
    super(code, message, details);
  }
}

export class CancelledError extends WorkbenchError {
  constructor(message = 'The operation was cancelled') {
    super('CANCELLED', message);
  }
}

/** HTTP status per error code, as MLflow maps them (reference §2), used by both envelopes. */
export const statusByCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_CONFLICT: 409,
  REQUEST_TOO_LARGE: 413,
  CANCELLED: 499,
  NOT_IMPLEMENTED: 501,
  INTERNAL_ERROR: 500,
};

/** Our own `/api` envelope reports name clashes as 409; MLflow's routes keep its 400. */
export function statusFor(code: ErrorCode, flavour: 'mlflow' | 'api'): number {
  if (flavour === 'api' && code === 'RESOURCE_ALREADY_EXISTS') return 409;
  return statusByCode[code];
}

/** A named error rebuilt from its code (errors crossing a worker-thread boundary lose their class). */
export function errorFromCode(code: ErrorCode, message: string, details?: Record<string, unknown>): WorkbenchError {
  switch (code) {
    case 'BAD_REQUEST':
    case 'INVALID_PARAMETER_VALUE':
      return new ValidationError(message, details, code);
    case 'RESOURCE_DOES_NOT_EXIST':
      return new NotFoundError(message, details, code);
    case 'RESOURCE_ALREADY_EXISTS':
    case 'RESOURCE_CONFLICT':
      return new ConflictError(message, details, code);
    case 'PERMISSION_DENIED':
      return new ForbiddenError(message, details, code);
    case 'CANCELLED':
      return new CancelledError(message);
    default:
      return new WorkbenchError(code, message, details);
  }
}
