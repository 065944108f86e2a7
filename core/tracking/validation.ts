// MLflow's value rules (reference §6) and the protobuf-JSON number forms its clients send.
import { ValidationError } from '../api/errors.js';
import type { WireNumber } from '../api/contract.js';

export const limits = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  experimentNameLength: 500,
  experimentTagValueLength: 5000,
  metricsPerBatch: 1000,
  paramsPerBatch: 100,
  tagsPerBatch: 100,
  entitiesPerBatch: 1000,
  batchBodyBytes: 1_000_000,
  datasetsPerInputs: 1000,
  maxSearchResults: 50_000,
} as const;

const keyPattern = /^[/\w.\- ]*$/;

export function requireString(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw new ValidationError(`Missing value for required parameter '${field}'.`, { field });
  }
  if (typeof value !== 'string') throw new ValidationError(`Parameter '${field}' must be a string, got ${describe(value)}.`, { field });
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(`Parameter '${field}' must be a string, got ${describe(value)}.`, { field });
  return value;
}

/** A metric, param or tag key: MLflow's character set, length, and no path tricks. */
export function validateKey(key: unknown, kind: 'metric' | 'param' | 'tag'): string {
  const text = requireString(key, 'key');
  if (text.length > limits.keyLength) {
    throw new ValidationError(`${capitalize(kind)} key '${text.slice(0, 40)}…' had length ${text.length}, which exceeded length limit of ${limits.keyLength}.`, { field: 'key' });
  }
  if (!keyPattern.test(text)) {
    throw new ValidationError(
      `Invalid ${kind} name: '${text}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).`,
      { field: 'key' },
    );
  }
  if (text.startsWith('/') || text.split('/').some((part) => part === '..' || part === '.')) {
    throw new ValidationError(`Invalid ${kind} name: '${text}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such.`, {
      field: 'key',
    });
  }
  return text;
}

export function validateValue(value: unknown, kind: 'param' | 'tag', key: string): string {
  if (value === undefined || value === null) throw new ValidationError(`Missing value for ${kind} '${key}'.`, { field: 'value' });
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
  if (text === null) throw new ValidationError(`Value of ${kind} '${key}' must be a string, got ${describe(value)}.`, { field: 'value' });
  const limit = kind === 'param' ? limits.paramValueLength : limits.tagValueLength;
  if (text.length > limit) {
    throw new ValidationError(`${capitalize(kind)} '${key}' had value length ${text.length}, which exceeded length limit of ${limit}.`, { field: 'value' });
  }
  return text;
}

/** A double from a JSON number or a protobuf-JSON string ("NaN", "Infinity", "-Infinity", "1.5"). */
export function parseDouble(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN;
    if (value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
    if (value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  }
  throw new ValidationError(`Parameter '${field}' must be a number, got ${describe(value)}.`, { field });
}

/** An int64 from a JSON number or a decimal string; timestamps and steps must be integers. */
export function parseInteger(value: unknown, field: string, options: { required?: boolean; fallback?: number; min?: number } = {}): number {
  if (value === undefined || value === null || value === '') {
    if (options.fallback !== undefined) return options.fallback;
    throw new ValidationError(`Missing value for required parameter '${field}'.`, { field });
  }
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw new ValidationError(`Parameter '${field}' must be an integer, got ${describe(value)}.`, { field });
  if (options.min !== undefined && number < options.min) throw new ValidationError(`Parameter '${field}' must be ≥ ${options.min}, got ${number}.`, { field });
  return number;
}

export function toWireNumber(value: number): WireNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

export function fromWireNumber(value: WireNumber): number {
  return typeof value === 'number' ? value : parseDouble(value, 'value');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function capitalize(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
