// A monitor's runs as lines over time (share of drifted columns; accuracy, F1, AUC) with the
// threshold each is judged against, and one column's reference vs current distribution.
import type { Data } from 'plotly.js-dist-min';
import { escapeHtml } from './trace-builders';

export interface RunPoint {
  time: number;
  drifted_share: number | null;
  performance: { accuracy: number; f1: number; auc: number | null } | null;
}

const iso = (time: number) => new Date(time).toISOString();

function thresholdLine(runs: readonly RunPoint[], value: number, name: string, color: string): Data {
  const times = runs.map((run) => run.time);
  return {
    type: 'scatter',
    mode: 'lines',
    name,
    x: [iso(Math.min(...times)), iso(Math.max(...times))],
    y: [value, value],
    line: { color, width: 1, dash: 'dash' },
    hovertemplate: `${escapeHtml(name)}: ${value}<extra></extra>`,
  };
}

/** Share of drifted columns per run (gaps where a run had no data), and the dataset-drift share as a dashed line. */
export function driftOverTimeTraces(runs: readonly RunPoint[], driftShare: number, colors: { line: string; threshold: string }): Data[] {
  if (runs.length === 0) return [];
  return [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'Drifted columns',
      x: runs.map((run) => iso(run.time)),
      y: runs.map((run) => run.drifted_share),
      line: { color: colors.line, width: 1.75 },
      marker: { size: 5 },
      connectgaps: false,
      hovertemplate: '%{x|%b %d %H:%M}<br>%{y:.0%} of columns drifted<extra></extra>',
    },
    thresholdLine(runs, driftShare, 'Dataset drift at', colors.threshold),
  ];
}

/** Accuracy, F1 and AUC per run with labels; the degradation bound when the rule is on one of them. */
export function performanceTraces(runs: readonly RunPoint[], colors: string[], threshold: { metric: string; value: number } | null, thresholdColor: string): Data[] {
  const labelled = runs.filter((run) => run.performance !== null);
  if (labelled.length === 0) return [];
  const metrics = [
    ['accuracy', 'Accuracy'],
    ['f1', 'F1'],
    ['auc', 'AUC'],
  ] as const;
  const lines: Data[] = metrics.map(([key, name], index) => ({
    type: 'scatter',
    mode: 'lines+markers',
    name,
    x: labelled.map((run) => iso(run.time)),
    y: labelled.map((run) => run.performance![key]),
    line: { color: colors[index % colors.length], width: 1.75 },
    marker: { size: 5 },
    hovertemplate: `<b>${name}</b> %{y:.3f}<br>%{x|%b %d %H:%M}<extra></extra>`,
  }));
  if (threshold) lines.push(thresholdLine(labelled, threshold.value, `Degraded: ${threshold.metric} bound`, thresholdColor));
  return lines;
}

export interface Distribution {
  x: Array<string | number>;
  y: number[];
}

/** Reference and current shares side by side (categories) or overlaid (numeric bins). */
export function distributionOverlayTraces(reference: Distribution, current: Distribution, colors: { reference: string; current: string }): Data[] {
  const shares = (distribution: Distribution) => {
    const total = distribution.y.reduce((sum, value) => sum + value, 0) || 1;
    return distribution.y.map((value) => value / total);
  };
  return [
    { type: 'bar', name: 'Reference', x: reference.x, y: shares(reference), marker: { color: colors.reference }, opacity: 0.7, hovertemplate: 'Reference %{x}: %{y:.1%}<extra></extra>' },
    { type: 'bar', name: 'Current', x: current.x, y: shares(current), marker: { color: colors.current }, opacity: 0.7, hovertemplate: 'Current %{x}: %{y:.1%}<extra></extra>' },
  ];
}

/**
 * The time axis of a monitor's charts: the runs' span, widened to at least one interval on each
 * side so a first run sits in the middle of a readable axis instead of on a millisecond scale.
 */
export function runTimeAxis(runs: readonly RunPoint[], intervalSeconds: number): { type: 'date'; range?: [string, string] } {
  if (runs.length === 0) return { type: 'date' };
  const times = runs.map((run) => run.time);
  const first = Math.min(...times);
  const last = Math.max(...times);
  const padding = Math.max(intervalSeconds * 1000, (last - first) * 0.05);
  return { type: 'date', range: [iso(first - padding), iso(last + padding)] };
}
