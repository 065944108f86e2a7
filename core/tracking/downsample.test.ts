import { describe, expect, it } from 'vitest';
import { largestTriangleThreeBuckets } from './downsample.js';

const series = (length: number, value: (index: number) => number) => ({
  x: Float64Array.from({ length }, (_, index) => index),
  y: Float64Array.from({ length }, (_, index) => value(index)),
});

describe('largestTriangleThreeBuckets', () => {
  it('keeps every point when there are fewer than asked for', () => {
    const { x, y } = series(5, (index) => index);
    expect(Array.from(largestTriangleThreeBuckets(x, y, 10))).toEqual([0, 1, 2, 3, 4]);
  });

  it('returns exactly the threshold, with the first and last points, ascending', () => {
    const { x, y } = series(100_000, (index) => Math.sin(index / 1000));
    const kept = largestTriangleThreeBuckets(x, y, 1000);
    expect(kept.length).toBe(1000);
    expect(kept[0]).toBe(0);
    expect(kept[999]).toBe(99_999);
    for (let index = 1; index < kept.length; index++) expect(kept[index]).toBeGreaterThan(kept[index - 1]);
  });

  it('keeps a single spike that uniform thinning would miss', () => {
    const { x, y } = series(10_000, (index) => (index === 4321 ? 100 : 0));
    expect(Array.from(largestTriangleThreeBuckets(x, y, 50))).toContain(4321);
  });

  it('skips NaN points when a finite point exists in the bucket', () => {
    const { x, y } = series(1000, (index) => (index % 2 === 0 ? Number.NaN : index));
    const kept = largestTriangleThreeBuckets(x, y, 20);
    for (const index of kept.slice(1, -1)) expect(Number.isFinite(y[index])).toBe(true);
  });
});
