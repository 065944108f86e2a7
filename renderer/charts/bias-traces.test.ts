import { describe, expect, it } from 'vitest';
import { biasRateTraces } from './bias-traces';

describe('bias traces', () => {
  it('draws one bar per group for each rate, sizes in the hover, group names escaped', () => {
    const traces = biasRateTraces(
      [
        { group: 'north', size: 1200, positiveRate: 0.31, truePositiveRate: 0.8 },
        { group: '<b>south</b>', size: null, positiveRate: 0.12, truePositiveRate: null },
      ],
      { positiveRate: '#111', truePositiveRate: '#222' },
    ) as Array<Record<string, unknown>>;
    expect(traces.map((trace) => trace.name)).toEqual(['Predicted positive rate', 'True positive rate']);
    expect(traces[0]).toMatchObject({ type: 'bar', y: [0.31, 0.12], customdata: ['1,200', 'unknown'], marker: { color: '#111' } });
    expect(traces[1].y).toEqual([0.8, null]);
    expect((traces[0].x as string[])[1]).not.toContain('<b>');
  });
});
