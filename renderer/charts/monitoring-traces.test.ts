import { describe, expect, it } from 'vitest';
import { driftOverTimeTraces, runTimeAxis } from './monitoring-traces';

const run = (time: number, share: number) => ({ time, drifted_share: share, performance: null });

describe('monitor chart axes', () => {
  it('centres a single run in an axis one interval wide on each side', () => {
    const time = Date.UTC(2026, 10, 26, 23, 17, 47);
    expect(runTimeAxis([run(time, 0.8)], 60)).toEqual({ type: 'date', range: [new Date(time - 60_000).toISOString(), new Date(time + 60_000).toISOString()] });
  });

  it('spans the runs with a margin once there are several, and has no fixed range without runs', () => {
    const start = Date.UTC(2026, 10, 26);
    const axis = runTimeAxis([run(start, 0.1), run(start + 3_600_000, 0.2)], 60);
    expect(axis.range).toEqual([new Date(start - 180_000).toISOString(), new Date(start + 3_600_000 + 180_000).toISOString()]);
    expect(runTimeAxis([], 60)).toEqual({ type: 'date' });
  });

  it('draws the drift share per run with the dataset-drift share as a threshold line', () => {
    const start = Date.UTC(2026, 10, 26);
    const traces = driftOverTimeTraces([run(start, 0.25), run(start + 60_000, 0.75)], 0.5, { line: 'blue', threshold: 'red' });
    expect(traces).toHaveLength(2);
    expect((traces[0] as { y: number[] }).y).toEqual([0.25, 0.75]);
    expect((traces[1] as { y: number[] }).y).toEqual([0.5, 0.5]);
  });
});
