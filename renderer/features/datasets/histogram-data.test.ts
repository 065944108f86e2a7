import { describe, expect, it } from 'vitest';
import { binBars, categoryBars, otherValuesLabel, sparkBars } from './histogram-data';
import { formatCell, formatColumnValue, formatMean, formatPercent, missingShare } from './column-values';

describe('sparkBars', () => {
  it('scales bins to the tallest one', () => {
    expect(sparkBars({ kind: 'bins', edges: [0, 1, 2, 3], counts: [2, 4, 0] })).toEqual([
      { height: 0.5, muted: false },
      { height: 1, muted: false },
      { height: 0, muted: false },
    ]);
  });

  it('adds a muted bar for the values outside the top categories', () => {
    expect(sparkBars({ kind: 'categories', values: ['a', 'b'], counts: [10, 5], other: 20 })).toEqual([
      { height: 0.5, muted: false },
      { height: 0.25, muted: false },
      { height: 1, muted: true },
    ]);
    expect(sparkBars({ kind: 'categories', values: ['a'], counts: [3], other: 0 })).toEqual([{ height: 1, muted: false }]);
  });

  it('draws nothing without a histogram, and flat bars for empty bins', () => {
    expect(sparkBars(null)).toEqual([]);
    expect(sparkBars({ kind: 'bins', edges: [0, 1], counts: [0] })).toEqual([{ height: 0, muted: false }]);
  });
});

describe('binBars', () => {
  it('places bars at bin centres with their widths and half-open ranges', () => {
    expect(binBars({ kind: 'bins', edges: [0, 10, 20], counts: [3, 1] }, 'numeric')).toEqual({
      centers: [5, 15],
      widths: [10, 10],
      counts: [3, 1],
      ranges: ['[0, 10)', '[10, 20]'],
    });
  });

  it('labels datetime bins as dates', () => {
    const day = Date.UTC(2024, 0, 1);
    expect(binBars({ kind: 'bins', edges: [day, day + 86_400_000], counts: [7] }, 'datetime').ranges).toEqual(['[2024-01-01, 2024-01-02]']);
  });
});

describe('categoryBars', () => {
  it('keeps the order, names the empty string and appends the other values', () => {
    expect(categoryBars({ kind: 'categories', values: ['north', ''], counts: [5, 2], other: 9 })).toEqual({
      labels: ['north', '(empty)', otherValuesLabel],
      counts: [5, 2, 9],
      otherIndex: 2,
    });
    expect(categoryBars({ kind: 'categories', values: ['x'], counts: [1], other: 0 }).otherIndex).toBeNull();
  });
});

describe('column values', () => {
  it('formats statistics in the column’s own terms', () => {
    expect(formatColumnValue(1, 'boolean')).toBe('true');
    expect(formatColumnValue(Date.UTC(2024, 4, 13, 12, 42, 52), 'datetime')).toBe('2024-05-13 12:42:52');
    expect(formatColumnValue(1454.328469, 'numeric')).toBe('1454.33');
    expect(formatColumnValue(null, 'numeric')).toBe('—');
    expect(formatMean({ type: 'boolean', mean: 0.19766 } as never)).toBe('19.77% true');
  });

  it('gives the missing share of all rows', () => {
    expect(missingShare({ count: 75, missing: 25 })).toBe(0.25);
    expect(missingShare({ count: 0, missing: 0 })).toBe(0);
    expect(formatPercent(0.25)).toBe('25%');
    expect(formatPercent(0.00001)).toBe('<0.01%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('shows preview cells plainly', () => {
    expect(formatCell(null, 'numeric')).toBe('');
    expect(formatCell(false, 'boolean')).toBe('false');
    expect(formatCell('2021-12-10T00:00:00.000Z', 'datetime')).toBe('2021-12-10');
  });
});
