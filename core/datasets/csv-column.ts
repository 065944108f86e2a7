// One CSV column read cell by cell: it infers the column's type and, at the same time, builds the
// typed arrays the column may turn out to be. Numbers, booleans and datetimes are kept as
// Float64 values while every cell still fits; strings as dictionary codes. A column that still looks
// typed keeps at most `speculativeDictionaryLimit` distinct strings, so a numeric column never
// holds its text; if such a column later turns out to be strings, its values are gone and the
// importer reads the file a second time for it.
import { DistinctCounter } from './distinct-counter.js';
import { stringColumnType } from './infer-schema.js';
import type { Column, ColumnType } from './table.js';
import { isMissingText, parseBoolean, parseDatetime, parseNumber } from './value-parsing.js';

export const speculativeDictionaryLimit = 4096;

class GrowableArray<Values extends Float64Array | Int32Array> {
  length = 0;

  constructor(private values: Values) {}

  push(value: number): void {
    if (this.length === this.values.length) {
      const larger = new (this.values.constructor as new (length: number) => Values)(Math.max(1024, this.values.length * 2));
      larger.set(this.values);
      this.values = larger;
    }
    this.values[this.length++] = value;
  }

  toArray(): Values {
    return this.values.slice(0, this.length) as Values;
  }
}

interface Strings {
  codes: GrowableArray<Int32Array>;
  lookup: Map<string, number>;
  dictionary: string[];
}

export class CsvColumnAccumulator {
  private nonMissing = 0;
  private lengthSum = 0;
  private maybeBoolean = true;
  private maybeNumeric = true;
  private maybeDatetime = true;
  private numbers: GrowableArray<Float64Array> | null = null;
  private booleans: GrowableArray<Float64Array> | null = null;
  private datetimes: GrowableArray<Float64Array> | null = null;
  private strings: Strings | null = null;
  /** Counts distinct values once the dictionary has been given up. */
  private distinct: DistinctCounter | null = null;

  constructor(
    readonly name: string,
    readonly override: ColumnType | undefined,
  ) {
    const keep = (type: ColumnType) => override === undefined || override === type;
    if (keep('numeric')) this.numbers = new GrowableArray(new Float64Array(1024));
    if (keep('boolean')) this.booleans = new GrowableArray(new Float64Array(1024));
    if (keep('datetime')) this.datetimes = new GrowableArray(new Float64Array(1024));
    if (override === undefined || override === 'categorical' || override === 'text') this.strings = { codes: new GrowableArray(new Int32Array(1024)), lookup: new Map(), dictionary: [] };
  }

  /** Adds the next cell; false when it holds a value that does not fit the override type. */
  add(text: string): boolean {
    if (isMissingText(text)) {
      this.numbers?.push(Number.NaN);
      this.booleans?.push(Number.NaN);
      this.datetimes?.push(Number.NaN);
      this.strings?.codes.push(-1);
      return true;
    }
    this.nonMissing++;
    this.lengthSum += text.length;
    if (this.maybeBoolean) {
      const value = parseBoolean(text);
      if (value === undefined) {
        this.maybeBoolean = false;
        this.booleans = null;
        if (this.override === 'boolean') return false;
      } else this.booleans?.push(value);
    }
    if (this.maybeNumeric) {
      const value = parseNumber(text);
      if (value === undefined) {
        this.maybeNumeric = false;
        this.numbers = null;
        if (this.override === 'numeric') return false;
      } else this.numbers?.push(value);
    }
    if (this.maybeDatetime) {
      const value = parseDatetime(text);
      if (value === undefined) {
        this.maybeDatetime = false;
        this.datetimes = null;
        if (this.override === 'datetime') return false;
      } else this.datetimes?.push(value);
    }
    if (this.strings) this.addString(this.strings, text);
    else this.distinct?.add(text);
    return true;
  }

  private addString(strings: Strings, text: string): void {
    let code = strings.lookup.get(text);
    if (code === undefined) {
      code = strings.dictionary.length;
      strings.dictionary.push(text);
      strings.lookup.set(text, code);
      const stillTyped = this.maybeBoolean || this.maybeNumeric || this.maybeDatetime;
      if (this.override === undefined && stillTyped && strings.dictionary.length > speculativeDictionaryLimit) {
        this.distinct = new DistinctCounter();
        for (const value of strings.dictionary) this.distinct.add(value);
        this.strings = null;
        return;
      }
    }
    strings.codes.push(code);
  }

  inferredType(): ColumnType {
    if (this.nonMissing === 0) return 'numeric';
    if (this.maybeBoolean) return 'boolean';
    if (this.maybeNumeric) return 'numeric';
    if (this.maybeDatetime) return 'datetime';
    const distinct = this.strings ? this.strings.dictionary.length : this.distinct!.count();
    return stringColumnType(distinct, this.nonMissing, this.lengthSum / this.nonMissing);
  }

  /** The column as `type`, or undefined when its values were not kept (read the file again). */
  column(type: ColumnType): Column | undefined {
    const name = this.name;
    if (type === 'numeric') return this.numbers ? { name, type, values: this.numbers.toArray() } : undefined;
    if (type === 'boolean') return this.booleans ? { name, type, values: this.booleans.toArray() } : undefined;
    if (type === 'datetime') return this.datetimes ? { name, type, values: this.datetimes.toArray() } : undefined;
    return this.strings ? { name, type, codes: this.strings.codes.toArray(), dictionary: this.strings.dictionary } : undefined;
  }
}
