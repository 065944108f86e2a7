import { describe, expect, it } from 'vitest';
import { sortFinite } from './radix-sort.js';

function expected(values: Float64Array): Float64Array {
  return values.filter((value) => Number.isFinite(value)).sort();
}

describe('sortFinite', () => {
  it('sorts a large mixed-sign sample exactly as Float64Array.prototype.sort, dropping NaN and ±inf', () => {
    let state = 7;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const values = new Float64Array(50_000).map((_, index) => (index % 11 === 0 ? Math.round((random() - 0.5) * 20) : (random() - 0.4) * 10 ** (random() * 12 - 6)));
    values[3] = Number.NaN;
    values[40] = Infinity;
    values[41] = -Infinity;
    values[42] = -0;
    values[43] = 0;
    values[44] = Number.MIN_VALUE;
    values[45] = -Number.MAX_VALUE;
    const sorted = sortFinite(values);
    expect(sorted.length).toBe(values.length - 3);
    expect(Array.from(sorted)).toEqual(Array.from(expected(values)));
    expect(sorted[0]).toBe(-Number.MAX_VALUE);
  });

  it('handles integer-valued columns (shared digits skipped) and small inputs', () => {
    const counts = new Float64Array(20_000).map((_, index) => (index * 7919) % 5);
    expect(Array.from(sortFinite(counts))).toEqual(Array.from(expected(counts)));
    const small = Float64Array.from([3, Number.NaN, -1, 2]);
    expect(Array.from(sortFinite(small))).toEqual([-1, 2, 3]);
    expect(sortFinite(new Float64Array(0)).length).toBe(0);
  });
});
