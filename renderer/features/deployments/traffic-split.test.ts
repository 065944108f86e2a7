import { describe, expect, it } from 'vitest';
import type { ArmStatus } from '../../../core/api/serving-contract';
import { candidatePercents, formatPercent, keyboardTarget, moveArm, splitFromArms, totalBps } from './traffic-split';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function arm(variant: string, percent: number): ArmStatus {
  return { variant, model: 'churn', version: 1, percent, approval: 'approved', ready: true, load_ms: 5, error: null };
}

describe('traffic split', () => {
  it('reads the core arms as exact basis points, stable taking the rest, shadow left out', () => {
    expect(splitFromArms([arm('stable', 89.99), arm('candidate', 10.01), arm('shadow', 0)])).toEqual([8999, 1001]);
    expect(splitFromArms([arm('stable', 100)])).toEqual([10_000]);
    // Rounding noise in the reported percents never breaks the sum.
    expect(sum(splitFromArms([arm('stable', 33.33), arm('candidate', 33.335), arm('arm-2', 33.335)]))).toBe(totalBps);
  });

  it('moves a candidate against stable in 0.01 % steps, the sum staying 100 %', () => {
    expect(moveArm([9000, 1000], 1, 2499)).toEqual([7501, 2499]);
    expect(moveArm([9000, 1000], 1, 0)).toEqual([10_000, 0]);
    expect(moveArm([9000, 1000], 1, 12_000)).toEqual([0, 10_000]);
    expect(moveArm([9000, 1000], 1, 1234.6)).toEqual([8765, 1235]);
  });

  it('never lets a candidate take more than stable holds when there are several', () => {
    const next = moveArm([5000, 3000, 2000], 1, 9000);
    expect(next).toEqual([0, 8000, 2000]);
    expect(sum(next)).toBe(totalBps);
  });

  it('moves stable against the candidates: up takes from the last first, down gives to the first', () => {
    expect(moveArm([5000, 3000, 2000], 0, 8500)).toEqual([8500, 1500, 0]);
    expect(moveArm([5000, 3000, 2000], 0, 4000)).toEqual([4000, 4000, 2000]);
    expect(moveArm([10_000], 0, 5000)).toEqual([10_000]);
    for (const target of [0, 1, 4999, 10_000]) expect(sum(moveArm([5000, 3000, 2000], 0, target))).toBe(totalBps);
  });

  it('shows two decimals and sends candidate percents in arm order', () => {
    expect(formatPercent(1001)).toBe('10.01%');
    expect(formatPercent(10_000)).toBe('100.00%');
    expect(candidatePercents([7501, 2499, 0])).toEqual([24.99, 0]);
  });

  it('steps 1 % on arrows, 0.01 % with Shift, 10 % on Page keys', () => {
    expect(keyboardTarget('ArrowRight', false, 1000)).toBe(1100);
    expect(keyboardTarget('ArrowLeft', true, 1000)).toBe(999);
    expect(keyboardTarget('PageUp', false, 1000)).toBe(2000);
    expect(keyboardTarget('Home', false, 1000)).toBe(0);
    expect(keyboardTarget('a', false, 1000)).toBeNull();
  });
});
