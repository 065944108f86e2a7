// The traffic split as integer basis points (10000 = 100 %), the router's own unit: 0.01 % steps
// with no floating-point drift, and a sum that is exactly 100 % after every move.
import type { ArmStatus } from '../../../core/api/serving-contract';

export const totalBps = 10_000;

/** Arms that take a share of traffic (shadow only sees copies): stable first, then candidates. */
export function splitArms(arms: readonly ArmStatus[]): ArmStatus[] {
  return arms.filter((arm) => arm.variant !== 'shadow');
}

export function percentToBps(percent: number): number {
  return Math.round(percent * 100);
}

export function formatPercent(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** The split the core reports, made exact: candidates as given (clamped), stable the rest. */
export function splitFromArms(arms: readonly ArmStatus[]): number[] {
  const candidates: number[] = [];
  let left = totalBps;
  for (const arm of splitArms(arms).slice(1)) {
    const bps = Math.min(Math.max(percentToBps(arm.percent), 0), left);
    candidates.push(bps);
    left -= bps;
  }
  return [left, ...candidates];
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(Math.round(value), low), high);

/**
 * Moves one arm to `target` bps. A candidate takes from, or gives to, stable (it cannot take more
 * than stable holds). Stable moving up takes from the candidates, last one first; moving down it
 * gives to the first candidate. Index 0 is stable.
 */
export function moveArm(split: readonly number[], index: number, target: number): number[] {
  const next = [...split];
  if (next.length <= 1) return [totalBps];
  const candidatesTotal = (values: readonly number[]) => values.slice(1).reduce((sum, value) => sum + value, 0);
  if (index > 0) {
    const others = candidatesTotal(next) - next[index];
    next[index] = clamp(target, 0, totalBps - others);
    next[0] = totalBps - others - next[index];
    return next;
  }
  const stable = clamp(target, 0, totalBps);
  let excess = candidatesTotal(next) - (totalBps - stable);
  if (excess > 0) {
    for (let candidate = next.length - 1; candidate >= 1 && excess > 0; candidate -= 1) {
      const taken = Math.min(next[candidate], excess);
      next[candidate] -= taken;
      excess -= taken;
    }
  } else {
    next[1] -= excess;
  }
  next[0] = stable;
  return next;
}

/** Keyboard steps on a split slider: arrows 1 %, Shift+arrows 0.01 %, Page keys 10 %, Home/End the ends. */
export function keyboardTarget(key: string, shift: boolean, current: number): number | null {
  const step = shift ? 1 : 100;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return current + step;
    case 'ArrowLeft':
    case 'ArrowDown':
      return current - step;
    case 'PageUp':
      return current + 1000;
    case 'PageDown':
      return current - 1000;
    case 'Home':
      return 0;
    case 'End':
      return totalBps;
    default:
      return null;
  }
}

/** The PATCH body's `percents`: one per candidate arm, in arm order. */
export function candidatePercents(split: readonly number[]): number[] {
  return split.slice(1).map((bps) => bps / 100);
}

export function sameSplit(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
