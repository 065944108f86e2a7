// Fills one typed column of a known length, value by value, from CSV text or decoded Parquet
// values. Storage is allocated once (the row count is known before building starts) and written by
// row index, so building never copies and never holds the source text.
import type { Column, ColumnType } from './table.js';
import { isMissingText, parseBoolean, parseDatetime, parseNumber } from './value-parsing.js';

/** What a decoded cell can be: CSV gives strings; Parquet numbers, bigints, booleans, Dates, strings, nulls. */
export type Cell = string | number | bigint | boolean | Date | null | undefined;

export interface ColumnBuilder {
  readonly type: ColumnType;
  /** Stores the value at `row`; false when it cannot be read as the column's type. */
  set(row: number, value: Cell): boolean;
  /** The finished column (missing values: NaN, or code -1). Rows never set stay missing. */
  finish(): Column;
}

export function createColumnBuilder(name: string, type: ColumnType, rowCount: number): ColumnBuilder {
  if (type === 'categorical' || type === 'text') return new StringColumnBuilder(name, type, rowCount);
  return new NumberColumnBuilder(name, type, rowCount);
}

/** A missing cell for any builder: null, undefined, NaN, an invalid Date, or a missing-value token. */
export function isMissingCell(value: Cell): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') return isMissingText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime());
  return false;
}

class NumberColumnBuilder implements ColumnBuilder {
  private readonly values: Float64Array;

  constructor(
    private readonly name: string,
    readonly type: 'numeric' | 'boolean' | 'datetime',
    rowCount: number,
  ) {
    this.values = new Float64Array(rowCount).fill(Number.NaN);
  }

  set(row: number, value: Cell): boolean {
    if (isMissingCell(value)) return true;
    const number = this.convert(value!);
    if (number === undefined) return false;
    this.values[row] = number;
    return true;
  }

  private convert(value: NonNullable<Cell>): number | undefined {
    if (this.type === 'numeric') {
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (value instanceof Date) return value.getTime();
      return parseNumber(value);
    }
    if (this.type === 'boolean') {
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number' || typeof value === 'bigint') {
        const number = Number(value);
        return number === 0 ? 0 : number === 1 ? 1 : undefined;
      }
      if (typeof value === 'string') return parseBoolean(value);
      return undefined;
    }
    if (value instanceof Date) return value.getTime();
    if (typeof value === 'string') return parseDatetime(value);
    return undefined;
  }

  finish(): Column {
    return { name: this.name, type: this.type, values: this.values };
  }
}

export class StringColumnBuilder implements ColumnBuilder {
  private readonly codes: Int32Array;
  private readonly lookup = new Map<string, number>();
  private readonly dictionary: string[] = [];

  constructor(
    private readonly name: string,
    readonly type: 'categorical' | 'text',
    rowCount: number,
  ) {
    this.codes = new Int32Array(rowCount).fill(-1);
  }

  set(row: number, value: Cell): boolean {
    if (isMissingCell(value)) return true;
    const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);
    let code = this.lookup.get(text);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(text);
      this.lookup.set(text, code);
    }
    this.codes[row] = code;
    return true;
  }

  /** Distinct values and their mean length so far: what the text-versus-categorical rule needs. */
  profile(): { distinct: number; nonMissing: number; meanLength: number } {
    let nonMissing = 0;
    const counts = new Float64Array(this.dictionary.length);
    for (const code of this.codes) {
      if (code >= 0) {
        nonMissing++;
        counts[code]++;
      }
    }
    let lengthSum = 0;
    for (let code = 0; code < this.dictionary.length; code++) lengthSum += counts[code] * this.dictionary[code].length;
    return { distinct: this.dictionary.length, nonMissing, meanLength: nonMissing === 0 ? 0 : lengthSum / nonMissing };
  }

  /** Re-labels the column (categorical ↔ text) once all values are in. */
  finishAs(type: 'categorical' | 'text'): Column {
    return { name: this.name, type, codes: this.codes, dictionary: this.dictionary };
  }

  finish(): Column {
    return this.finishAs(this.type);
  }
}
