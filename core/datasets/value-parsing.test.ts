import { describe, expect, it } from 'vitest';
import { isMissingText, parseBoolean, parseDatetime, parseNumber } from './value-parsing.js';

describe('cell parsing', () => {
  it('treats the documented spellings of "no value" as missing, and nothing else', () => {
    for (const text of ['', ' ', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', ' NA ']) expect(isMissingText(text), text).toBe(true);
    for (const text of ['0', 'none', 'n/a/b', 'Nancy', 'nullable', '-']) expect(isMissingText(text), text).toBe(false);
  });

  it('reads plain decimal numbers and refuses look-alikes that are identifiers', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber(' -3.5 ')).toBe(-3.5);
    expect(parseNumber('.25')).toBe(0.25);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('+7.')).toBe(7);
    for (const text of ['0x1F', '1,200', 'Infinity', '1e999', '12a', '', '1 2', '--1']) expect(parseNumber(text), text).toBeUndefined();
  });

  it('reads booleans from true/false/yes/no/0/1 in any letter case', () => {
    expect(['true', 'TRUE', 'Yes', '1'].map(parseBoolean)).toEqual([1, 1, 1, 1]);
    expect(['false', 'No', ' 0 '].map(parseBoolean)).toEqual([0, 0, 0]);
    expect(['t', 'y', '2', 'on'].map(parseBoolean)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('reads ISO 8601 dates and date-times as epoch milliseconds in UTC', () => {
    expect(parseDatetime('2024-06-30')).toBe(Date.UTC(2024, 5, 30));
    expect(parseDatetime('2024-06-30T12:34:56Z')).toBe(Date.UTC(2024, 5, 30, 12, 34, 56));
    expect(parseDatetime('2024-06-30 12:34')).toBe(Date.UTC(2024, 5, 30, 12, 34));
    expect(parseDatetime('2024-06-30T12:34:56.789+02:00')).toBe(Date.UTC(2024, 5, 30, 10, 34, 56, 789));
    expect(parseDatetime('2024-06-30T12:34:56.5-0130')).toBe(Date.UTC(2024, 5, 30, 14, 4, 56, 500));
    expect(parseDatetime('2024-06-30T12:34:56.123456789Z')).toBe(Date.UTC(2024, 5, 30, 12, 34, 56, 123));
    expect(parseDatetime('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDatetime('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime());
    for (const text of ['2023-02-29', '2024-13-01', '2024-06-30T24:00', '2024-06-30T12:60', '06/30/2024', '2024-6-3', '2024-06-30T12:34:5', '2024-06-30Z', '20240630'])
      expect(parseDatetime(text), text).toBeUndefined();
  });
});
