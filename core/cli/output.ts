import { WorkbenchError } from '../api/errors.js';
import { DatabaseOpenError } from '../workspace/database.js';
import { StartupError } from '../api/app.js';

/** Exit codes (ARCHITECTURE interfaces): 0 success, 2 bad input, 1 any other failure. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command that ran but did not succeed (a failed training): exit 1, message without a stack. */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
}

export interface Output {
  json: boolean;
  /** One JSON document with --json; the human rendering otherwise. */
  result(value: unknown, human: () => string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return exitCodes.badInput;
  if (error instanceof WorkbenchError) return error.code === 'INVALID_PARAMETER_VALUE' || error.code === 'BAD_REQUEST' || error.code === 'RESOURCE_DOES_NOT_EXIST' || error.code === 'RESOURCE_ALREADY_EXISTS' ? exitCodes.badInput : exitCodes.failure;
  if (error instanceof DatabaseOpenError || error instanceof StartupError) return exitCodes.failure;
  return exitCodes.failure;
}

export function reportError(error: unknown, json: boolean): number {
  const code = exitCodeFor(error);
  const known = error instanceof UsageError || error instanceof CommandFailure || error instanceof WorkbenchError || error instanceof DatabaseOpenError || error instanceof StartupError;
  const message = known ? (error as Error).message : `Unexpected error: ${(error as Error)?.stack ?? String(error)}`;
  if (json) {
    const body = { error: { code: error instanceof WorkbenchError ? error.code : code === exitCodes.badInput ? 'BAD_REQUEST' : 'INTERNAL_ERROR', message, ...(error instanceof WorkbenchError && error.details ? { details: error.details } : {}) } };
    process.stderr.write(`${JSON.stringify(body)}\n`);
  } else {
    process.stderr.write(`error: ${message}\n`);
  }
  return code;
}

/** A fixed-width text table for human output. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.min(60, Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length))));
  const line = (cells: string[]) => cells.map((cell, column) => truncate(cell ?? '', widths[column]).padEnd(widths[column])).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
