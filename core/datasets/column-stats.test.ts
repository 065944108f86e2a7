import { describe, expect, it } from 'vitest';
import { createRandom } from '../../resources/samples/churn/generate.js';
import { columnStats, quantile } from './column-stats.js';
import type { CategoricalColumn, NumericColumn } from './table.js';

/** Textbook definitions, written the slow and obvious way, to check the one-pass code against. */
function reference(values: number[]) {
  const present = values.filter((value) => !Number.isNaN(value));
  const sorted = [...present].sort((left, right) => left - right);
  const mean = present.reduce((sum, value) => sum + value, 0) / present.length;
  const variance = present.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (present.length - 1);
  const at = (level: number) => {
    const position = (sorted.length - 1) * level;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  };
  return { count: present.length, missing: values.length - present.length, distinct: new Set(present).size, min: sorted[0], max: sorted[sorted.length - 1], mean, std: Math.sqrt(variance), at };
}

describe('column statistics', () => {
  it('matches straightforward computations for a numeric column with missing values', () => {
    const random = createRandom(11);
    const values = Array.from({ length: 10_001 }, (_, index) => (index % 13 === 0 ? Number.NaN : Math.round(Math.exp(3 + random() * 2) * 100) / 100));
    const column: NumericColumn = { name: 'spend', type: 'numeric', values: Float64Array.from(values) };
    const stats = columnStats(column);
    const expected = reference(values);
    expect(stats).toMatchObject({ name: 'spend', type: 'numeric', count: expected.count, missing: expected.missing, distinct: expected.distinct, min: expected.min, max: expected.max });
    expect(stats.mean).toBeCloseTo(expected.mean, 9);
    expect(stats.std).toBeCloseTo(expected.std, 9);
    const levels = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };
    for (const [key, level] of Object.entries(levels)) expect(stats.quantiles![key as keyof typeof levels], key).toBeCloseTo(expected.at(level), 9);
    expect(stats.top).toEqual([]);
    expect(stats.length).toBeNull();
  });

  it('interpolates quantiles like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([10], 0.99)).toBe(10);
    expect(quantile([0, 100], 0.01)).toBe(1);
  });

  it('bins numbers into 20 equal-width bins whose counts add up, with the maximum in the last bin', () => {
    const values = Float64Array.from({ length: 1000 }, (_, index) => index / 10);
    const stats = columnStats({ name: 'x', type: 'numeric', values });
    expect(stats.histogram).toMatchObject({ kind: 'bins' });
    const histogram = stats.histogram as { edges: number[]; counts: number[] };
    expect(histogram.edges).toHaveLength(21);
    expect(histogram.edges[0]).toBe(0);
    expect(histogram.edges[20]).toBe(99.9);
    expect(histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(1000);
    expect(histogram.counts.every((count) => count === 50)).toBe(true);
    expect(columnStats({ name: 'constant', type: 'numeric', values: Float64Array.of(5, 5, Number.NaN) }).histogram).toEqual({ kind: 'bins', edges: [5, 5], counts: [2] });
  });

  it('summarises datetimes in epoch milliseconds and booleans as true/false counts', () => {
    const days = Float64Array.from([3, 1, 2, Number.NaN], (day) => Date.UTC(2024, 0, day));
    const dates = columnStats({ name: 'day', type: 'datetime', values: days });
    expect(dates).toMatchObject({ count: 3, missing: 1, min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 3), mean: Date.UTC(2024, 0, 2) });
    expect(dates.quantiles!.p50).toBe(Date.UTC(2024, 0, 2));
    expect(dates.histogram).toMatchObject({ kind: 'bins' });

    const flags = columnStats({ name: 'churned', type: 'boolean', values: Float64Array.of(1, 0, 0, Number.NaN, 0) });
    expect(flags).toMatchObject({ count: 4, missing: 1, distinct: 2, mean: 0.25, quantiles: null });
    expect(flags.top).toEqual([
      { value: 'false', count: 3 },
      { value: 'true', count: 1 },
    ]);
    expect(flags.histogram).toEqual({ kind: 'categories', values: ['false', 'true'], counts: [3, 1], other: 0 });
  });

  it('counts categories exactly: top 10 by count then value, a top-20 histogram with the rest as other', () => {
    const dictionary = Array.from({ length: 30 }, (_, index) => `c${String(index).padStart(2, '0')}`);
    const codes: number[] = [];
    dictionary.forEach((_, code) => {
      for (let repeat = 0; repeat < 30 - code; repeat++) codes.push(code);
    });
    codes.push(-1, -1, 5, 4); // c04 now ties c03 at 27: ties list in value order
    const column: CategoricalColumn = { name: 'segment', type: 'categorical', codes: Int32Array.from(codes), dictionary };
    const stats = columnStats(column);
    const total = codes.length - 2;
    expect(stats).toMatchObject({ count: total, missing: 2, distinct: 30, min: null, mean: null, quantiles: null, length: { min: 3, mean: 3, max: 3 } });
    expect(stats.top).toHaveLength(10);
    expect(stats.top.slice(3, 7)).toEqual([
      { value: 'c03', count: 27 },
      { value: 'c04', count: 27 },
      { value: 'c05', count: 26 },
      { value: 'c06', count: 24 },
    ]);
    const histogram = stats.histogram as { values: string[]; counts: number[]; other: number };
    expect(histogram.values).toHaveLength(20);
    expect(histogram.counts.reduce((sum, count) => sum + count, 0) + histogram.other).toBe(total);
  });

  it('reports an all-missing column with empty statistics', () => {
    expect(columnStats({ name: 'empty', type: 'numeric', values: Float64Array.of(Number.NaN, Number.NaN) })).toMatchObject({ count: 0, missing: 2, distinct: 0, mean: null, histogram: null });
    expect(columnStats({ name: 'empty', type: 'text', codes: Int32Array.of(-1), dictionary: [] })).toMatchObject({ count: 0, missing: 1, top: [], length: null });
  });
});
