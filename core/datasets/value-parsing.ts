// Text cells → typed values. One set of rules for CSV inference, CSV import and string columns of
// Parquet files converted by a type override, so a value reads the same wherever it comes from.

/**
 * Cells that mean "no value" (after trimming): the empty string and the spellings pandas and R
 * write for missing data. Case matters ("none" can be a real category; "None" is Python's null).
 */
export const missingTokens: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None']);

export function isMissingText(text: string): boolean {
  if (text.length === 0) return true;
  if (text.length > 4 && text.charCodeAt(0) > 32 && text.charCodeAt(text.length - 1) > 32) return false;
  return missingTokens.has(text.trim());
}

// Plain decimal and scientific notation only: no hex, no thousands separators, no infinities,
// so identifiers such as "0x1F" or "1,200" stay strings instead of turning into surprising numbers.
const decimalPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a cell holds, or undefined when it is not a plain decimal number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!decimalPattern.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

const trueTokens = new Set(['true', 'yes', '1']);
const falseTokens = new Set(['false', 'no', '0']);

/** 1 for true/yes/1, 0 for false/no/0 (any letter case), undefined otherwise. */
export function parseBoolean(text: string): 0 | 1 | undefined {
  const token = text.trim().toLowerCase();
  if (trueTokens.has(token)) return 1;
  if (falseTokens.has(token)) return 0;
  return undefined;
}

// ISO 8601 calendar dates and date-times: YYYY-MM-DD, optionally followed by 'T' or a space,
// hh:mm[:ss[.fraction]] and a zone (Z, ±hh, ±hhmm, ±hh:mm). A date-time without a zone is read as UTC
// so the same file gives the same epoch values on every machine. Parsed by hand: this runs for
// every cell of every candidate column, and a regular expression with captures is 5× slower.

/** Epoch milliseconds (UTC) of an ISO 8601 date or date-time, or undefined. */
export function parseDatetime(raw: string): number | undefined {
  const text = hasOuterSpace(raw) ? raw.trim() : raw;
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let milliseconds = 0;
  let offsetMinutes = 0;
  if (length > 10) {
    const separator = text.charCodeAt(10);
    if ((separator !== 84 && separator !== 32) || length < 16 || text.charCodeAt(13) !== 58) return undefined;
    hour = digitsAt(text, 11, 2);
    minute = digitsAt(text, 14, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
    let position = 16;
    if (text.charCodeAt(position) === 58) {
      second = digitsAt(text, position + 1, 2);
      if (second < 0 || second > 59) return undefined;
      position += 3;
      const mark = text.charCodeAt(position);
      if (mark === 46 || mark === 44) {
        const start = ++position;
        while (position < length && position - start < 9 && isDigit(text.charCodeAt(position))) position++;
        if (position === start) return undefined;
        milliseconds = Number(text.slice(start, Math.min(position, start + 3)).padEnd(3, '0'));
      }
    }
    if (position < length) {
      const zone = text.charCodeAt(position);
      if (zone === 90 && position === length - 1) position++;
      else if (zone === 43 || zone === 45) {
        const hours = digitsAt(text, position + 1, 2);
        position += 3;
        if (text.charCodeAt(position) === 58) position++;
        const minutes = position < length ? digitsAt(text, position, 2) : 0;
        if (position < length) position += 2;
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined;
        offsetMinutes = (zone === 45 ? -1 : 1) * (hours * 60 + minutes);
      }
      if (position !== length) return undefined;
    }
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back where ISO says.
  const epoch = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return epoch - offsetMinutes * 60_000;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by `count` digits at `start`, or -1 when any of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

function hasOuterSpace(text: string): boolean {
  return text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
