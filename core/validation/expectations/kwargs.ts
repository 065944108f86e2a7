// Reading resolved kwargs and comparing values with bounds and sets with typed equality
// (reference §5: 1 equals 1.0, "1" never equals 1, booleans are not numbers; we parse date strings
// for datetime columns).
import type { Column } from '../../datasets/table.js';
import type { Json, JsonObject } from '../model.js';
import { ExpectationFailure, type Value } from './column-values.js';

export function stringKwarg(kwargs: JsonObject, key: string): string {
  return kwargs[key] as string;
}

export function optionalNumber(kwargs: JsonObject, key: string): number | null {
  const value = kwargs[key];
  return typeof value === 'number' ? value : null;
}

export function booleanKwarg(kwargs: JsonObject, key: string, fallback: boolean): boolean {
  const value = kwargs[key];
  return typeof value === 'boolean' ? value : fallback;
}

/** Epoch ms of a date string; naive times are UTC, as datasets store them. */
export function parseDate(text: string): number {
  let normalized = text.trim().replace(' ', 'T');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(normalized)) normalized += 'Z';
  const time = Date.parse(normalized);
  if (Number.isNaN(time)) throw new ExpectationFailure(`'${text}' is not a date`, { value: text });
  return time;
}

/** A bound in the column's value space: numbers, epoch ms for datetimes, strings for string columns. */
export function boundFor(column: Column, bound: Json | undefined): number | string | null {
  if (bound === null || bound === undefined) return null;
  if (column.type === 'datetime') {
    if (typeof bound === 'string') return parseDate(bound);
    throw new ExpectationFailure(`column '${column.name}' holds datetimes; bound ${JSON.stringify(bound)} must be a date string`, { column: column.name });
  }
  if (column.type === 'categorical' || column.type === 'text') {
    if (typeof bound === 'string') return bound;
    throw new ExpectationFailure(`column '${column.name}' holds strings; cannot compare with ${JSON.stringify(bound)}`, { column: column.name });
  }
  if (typeof bound === 'number') return bound;
  throw new ExpectationFailure(`column '${column.name}' holds numbers; cannot compare with ${JSON.stringify(bound)}`, { column: column.name });
}

export interface Bounds {
  min: number | string | null;
  max: number | string | null;
  strictMin: boolean;
  strictMax: boolean;
}

export function boundsFor(column: Column, kwargs: JsonObject): Bounds {
  return { min: boundFor(column, kwargs.min_value), max: boundFor(column, kwargs.max_value), strictMin: booleanKwarg(kwargs, 'strict_min', false), strictMax: booleanKwarg(kwargs, 'strict_max', false) };
}

export function numberBounds(kwargs: JsonObject): Bounds {
  const bound = (key: string) => {
    const value = kwargs[key];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'number') throw new ExpectationFailure(`${key} must be a number here, got ${JSON.stringify(value)}`, { [key]: value });
    return value;
  };
  return { min: bound('min_value'), max: bound('max_value'), strictMin: booleanKwarg(kwargs, 'strict_min', false), strictMax: booleanKwarg(kwargs, 'strict_max', false) };
}

export function withinBounds(value: number | string, bounds: Bounds): boolean {
  const { min, max } = bounds;
  if (min !== null && (bounds.strictMin ? !(value > min) : !(value >= min))) return false;
  if (max !== null && (bounds.strictMax ? !(value < max) : !(value <= max))) return false;
  return true;
}

/** The members of `valueSet` that can equal a value of `column`, in its value space. */
export function typedSet(column: Column, valueSet: Json): Set<Value> {
  const members = new Set<Value>();
  for (const item of valueSet as Json[]) {
    if (column.type === 'boolean' && typeof item === 'boolean') members.add(item);
    else if (column.type === 'numeric' && typeof item === 'number') members.add(item);
    else if (column.type === 'datetime' && typeof item === 'string') members.add(parseDate(item));
    else if ((column.type === 'categorical' || column.type === 'text') && typeof item === 'string') members.add(item);
  }
  return members;
}
