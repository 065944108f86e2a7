import { describe, expect, it } from 'vitest';
import { errorRateTraces, latencyTraces, requestRateTraces, secondTime, type ArmSeconds } from './traffic-traces';

const arms: ArmSeconds[] = [
  {
    variant: 'stable',
    label: 'stable · churn v1',
    color: '#111',
    seconds: [
      { time: 1_700_000_000_000, requests: 10, errors: 1, p50_ms: 0.4, p99_ms: 2.5 },
      { time: 1_700_000_001_000, requests: 0, errors: 0, p50_ms: null, p99_ms: null },
    ],
  },
  { variant: 'candidate', label: '<b>cand</b>', color: '#222', seconds: [{ time: 1_700_000_000, requests: 4, errors: 0, p50_ms: 0.5, p99_ms: 1 }] },
];

describe('traffic traces', () => {
  it('reads counter times in seconds or milliseconds as the same date', () => {
    expect(secondTime(1_700_000_000)).toBe(secondTime(1_700_000_000_000));
    expect(secondTime(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
  });

  it('draws one requests/s line per arm in its colour', () => {
    const traces = requestRateTraces(arms) as Array<Record<string, any>>;
    expect(traces.map((trace) => trace.name)).toEqual(['stable · churn v1', '<b>cand</b>']);
    expect(traces[0].y).toEqual([10, 0]);
    expect(traces[0].line.color).toBe('#111');
    expect(traces[1].hovertemplate).not.toContain('<b>cand</b>');
  });

  it('draws p50 solid and p99 dotted per arm, with gaps for idle seconds', () => {
    const traces = latencyTraces(arms) as Array<Record<string, any>>;
    expect(traces.map((trace) => trace.name)).toEqual(['stable · churn v1 p50', 'stable · churn v1 p99', '<b>cand</b> p50', '<b>cand</b> p99']);
    expect(traces[0].y).toEqual([0.4, null]);
    expect(traces[0].line.dash).toBeUndefined();
    expect(traces[1].line.dash).toBe('dot');
  });

  it('gives the error rate in percent, a gap where nothing was asked', () => {
    const traces = errorRateTraces(arms) as Array<Record<string, any>>;
    expect(traces[0].y).toEqual([10, null]);
    expect(traces[1].y).toEqual([0]);
  });
});
