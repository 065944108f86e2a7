// Column type inference and user overrides.
//
// Rules, applied to the non-missing cells of a column (missing: see value-parsing.ts):
//   boolean      every cell is true/false/yes/no/0/1 (any letter case);
//   numeric      every cell is a plain decimal number;
//   datetime     every cell is an ISO 8601 date or date-time;
//   text         strings that are mostly unique AND long: distinct / non-missing > 0.5 and a mean
//                length above 20 characters (free-form notes, descriptions, addresses);
//   categorical  every other string column (short labels, codes, identifiers).
// A column without any value is kept as numeric (all NaN) and flagged with a warning.
import { ValidationError } from '../api/errors.js';
import { columnTypes, type ColumnType } from './table.js';

export type TypeOverrides = Record<string, ColumnType>;

export const textUniqueRatio = 0.5;
export const textMeanLength = 20;

/** The text-versus-categorical rule for string columns, shared by CSV and Parquet. */
export function stringColumnType(distinct: number, nonMissing: number, meanLength: number): 'text' | 'categorical' {
  return nonMissing > 0 && distinct / nonMissing > textUniqueRatio && meanLength > textMeanLength ? 'text' : 'categorical';
}

export function expectedValueDescription(type: ColumnType): string {
  if (type === 'numeric') return 'a finite number';
  if (type === 'boolean') return 'one of true/false/yes/no/0/1';
  if (type === 'datetime') return 'an ISO 8601 date or date-time (e.g. 2024-06-30 or 2024-06-30T12:00:00Z)';
  return 'a string';
}

function isColumnType(value: unknown): value is ColumnType {
  return typeof value === 'string' && (columnTypes as readonly string[]).includes(value);
}

function badTypeName(column: string, type: unknown): ValidationError {
  return new ValidationError(`Unknown type '${String(type)}' for column '${column}'. Valid types: ${columnTypes.join(', ')}.`, { column, type, valid: [...columnTypes] });
}

/** `col=type` pairs (CLI `--type`), checked against the valid type names. */
export function overridesFromPairs(pairs: readonly string[]): TypeOverrides {
  const overrides: TypeOverrides = {};
  for (const pair of pairs) {
    const equals = pair.lastIndexOf('=');
    if (equals <= 0) throw new ValidationError(`--type expects COLUMN=TYPE (e.g. zip=categorical), got '${pair}'. Valid types: ${columnTypes.join(', ')}.`, { value: pair });
    const column = pair.slice(0, equals);
    const type = pair.slice(equals + 1).trim().toLowerCase();
    if (!isColumnType(type)) throw badTypeName(column, pair.slice(equals + 1));
    overrides[column] = type;
  }
  return overrides;
}

/** A JSON object of overrides (the HTTP `types` parameter), checked like the CLI's pairs. */
export function overridesFromJson(json: string): TypeOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ValidationError(`'types' must be a JSON object such as {"zip":"categorical"}: ${(error as Error).message}`, { field: 'types' });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(`'types' must be a JSON object such as {"zip":"categorical"}.`, { field: 'types' });
  }
  const overrides: TypeOverrides = {};
  for (const [column, type] of Object.entries(parsed)) {
    const normalized = typeof type === 'string' ? type.trim().toLowerCase() : type;
    if (!isColumnType(normalized)) throw badTypeName(column, type);
    overrides[column] = normalized;
  }
  return overrides;
}

/** Every overridden column must exist; the message lists the columns there are. */
export function checkOverrideColumns(overrides: TypeOverrides, columns: readonly string[]): void {
  const known = new Set(columns);
  const unknown = Object.keys(overrides).filter((column) => !known.has(column));
  if (unknown.length === 0) return;
  const listed = columns.length > 30 ? `${columns.slice(0, 30).join(', ')}, …` : columns.join(', ');
  throw new ValidationError(`Unknown column${unknown.length > 1 ? 's' : ''} in type overrides: ${unknown.map((column) => `'${column}'`).join(', ')}. The file's columns are: ${listed}.`, {
    unknown,
    columns: [...columns],
  });
}

/** Overrides in a stable order, so equal overrides compare and hash equal. */
export function canonicalOverrides(overrides: TypeOverrides): TypeOverrides {
  return Object.fromEntries(Object.entries(overrides).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}
