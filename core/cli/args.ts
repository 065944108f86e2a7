import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './output.js';

export const globalOptions = {
  workspace: { type: 'string' },
  user: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** parseArgs with our error type, so unknown flags exit 2 with the flag named. */
export function parseCommand<Options extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: Options) {
  try {
    return parseArgs({ args: argv, options: { ...globalOptions, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `key=value` flags (params, tags) into pairs. */
export function keyValuePairs(items: string[] | undefined, flag: string): Array<{ key: string; value: string }> {
  return (items ?? []).map((item) => {
    const equals = item.indexOf('=');
    if (equals <= 0) throw new UsageError(`--${flag} expects KEY=VALUE, got '${item}'`);
    return { key: item.slice(0, equals), value: item.slice(equals + 1) };
  });
}

/** `key=value[@step]` metric flags. */
export function metricPairs(items: string[] | undefined): Array<{ key: string; value: number; step: number; timestamp: number }> {
  const now = Date.now();
  return (items ?? []).map((item) => {
    const match = /^([^=]+)=([^@]+)(?:@(-?\d+))?$/.exec(item);
    if (!match) throw new UsageError(`--metric expects KEY=VALUE or KEY=VALUE@STEP, got '${item}'`);
    const text = match[2].trim();
    const value = text === 'NaN' ? Number.NaN : text === 'Infinity' || text === 'inf' ? Infinity : text === '-Infinity' || text === '-inf' ? -Infinity : Number(text);
    if (Number.isNaN(value) && text !== 'NaN') throw new UsageError(`--metric ${match[1]}: '${text}' is not a number`);
    return { key: match[1], value, step: match[3] ? Number(match[3]) : 0, timestamp: now };
  });
}

export function requirePositional(positionals: string[], index: number, name: string, usage: string): string {
  const value = positionals[index];
  if (!value) throw new UsageError(`Missing ${name}. Usage: ${usage}`);
  return value;
}
