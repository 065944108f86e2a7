// A deployment's per-second counters per arm → lines: requests/s, p50/p99 latency, error rate.
import type { Data } from 'plotly.js-dist-min';
import { escapeHtml } from './trace-builders';

export interface ArmSeconds {
  variant: string;
  label: string;
  color: string;
  seconds: ReadonlyArray<{ time: number; requests: number; errors: number; p50_ms: number | null; p99_ms: number | null }>;
}

/** Counter times may come in seconds or milliseconds since the epoch; plotly's date axis wants dates. */
export function secondTime(time: number): string {
  return new Date(time < 1e11 ? time * 1000 : time).toISOString();
}

function line(arm: ArmSeconds, name: string, y: Array<number | null>, unit: string, dash?: 'dot'): Data {
  return {
    type: 'scatter',
    mode: 'lines',
    name,
    x: arm.seconds.map((second) => secondTime(second.time)),
    y,
    line: { color: arm.color, width: 1.75, shape: 'linear', ...(dash ? { dash } : {}) },
    connectgaps: false,
    hovertemplate: `<b>${escapeHtml(name)}</b><br>%{x|%H:%M:%S}<br>%{y}${unit}<extra></extra>`,
  };
}

export function requestRateTraces(arms: readonly ArmSeconds[]): Data[] {
  return arms.map((arm) => line(arm, arm.label, arm.seconds.map((second) => second.requests), ' req/s'));
}

/** p50 solid and p99 dotted, per arm; a second without requests is a gap. */
export function latencyTraces(arms: readonly ArmSeconds[]): Data[] {
  return arms.flatMap((arm) => [
    line(arm, `${arm.label} p50`, arm.seconds.map((second) => second.p50_ms), ' ms'),
    line(arm, `${arm.label} p99`, arm.seconds.map((second) => second.p99_ms), ' ms', 'dot'),
  ]);
}

/** Errors / requests in percent; undefined (a gap) in seconds without requests. */
export function errorRateTraces(arms: readonly ArmSeconds[]): Data[] {
  return arms.map((arm) =>
    line(
      arm,
      arm.label,
      arm.seconds.map((second) => (second.requests > 0 ? Number(((second.errors / second.requests) * 100).toFixed(2)) : null)),
      ' %',
    ),
  );
}
