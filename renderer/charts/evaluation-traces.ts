// A trained run's evaluation → plotly traces: ROC, precision-recall and calibration curves, the
// confusion matrix heatmap and feature importance bars. Plain inputs, so they are tested without plotly.
import type { Data } from 'plotly.js-dist-min';
import { escapeHtml } from './trace-builders';

export interface Curve {
  name: string;
  color: string;
  x: number[];
  y: number[];
}

export interface CurveLabels {
  x: string;
  y: string;
}

/** One line per class; markers too when a curve has few points (calibration bins). */
export function curveTraces(curves: readonly Curve[], labels: CurveLabels, options: { markers?: boolean } = {}): Data[] {
  return curves.map((curve) => ({
    type: 'scatter',
    mode: options.markers ? 'lines+markers' : 'lines',
    name: curve.name,
    x: curve.x,
    y: curve.y,
    line: { color: curve.color, width: 2 },
    marker: { color: curve.color, size: 6 },
    hovertemplate: `<b>${escapeHtml(curve.name)}</b><br>${escapeHtml(labels.x)} %{x:.3f}<br>${escapeHtml(labels.y)} %{y:.3f}<extra></extra>`,
  }));
}

/** A dashed guide: the chance line of a ROC curve, perfect calibration, a precision baseline. */
export function referenceLineTrace(points: { x: [number, number]; y: [number, number] }, color: string, name: string): Data {
  return {
    type: 'scatter',
    mode: 'lines',
    name,
    x: points.x,
    y: points.y,
    line: { color, width: 1.25, dash: 'dash' },
    hoverinfo: 'skip',
  };
}

export function diagonalTrace(color: string, name: string): Data {
  return referenceLineTrace({ x: [0, 1], y: [0, 1] }, color, name);
}

export interface ConfusionInput {
  /** matrix[actual][predicted] */
  matrix: number[][];
  classes: string[];
  colorScale: Array<[number, string]>;
}

/**
 * Cells coloured by the share of their actual class (so a rare class reads as clearly as a common
 * one) and labelled with the count and that share.
 */
export function confusionMatrixTrace({ matrix, classes, colorScale }: ConfusionInput): Data {
  const shares = matrix.map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => (total === 0 ? 0 : count / total));
  });
  const labels = classes.map(escapeHtml);
  return {
    type: 'heatmap',
    z: shares,
    x: labels,
    y: labels,
    zmin: 0,
    zmax: 1,
    text: matrix.map((row, actual) => row.map((count, predicted) => `${count.toLocaleString('en-US')}<br>${(shares[actual][predicted] * 100).toFixed(1)}%`)) as unknown as string[],
    texttemplate: '%{text}',
    customdata: matrix as unknown as number[],
    colorscale: colorScale,
    showscale: false,
    xgap: 2,
    ygap: 2,
    hovertemplate: 'actual <b>%{y}</b><br>predicted <b>%{x}</b><br>%{customdata:,} rows (%{z:.1%} of the actual class)<extra></extra>',
  } as Data;
}

export interface ImportanceRow {
  feature: string;
  mean: number;
  std: number;
  gain: number | null;
}

/**
 * Permutation importance (mean ± std over repeats) on the left axis; tree gain, when the model
 * has it, as a second panel on the right sharing the feature axis.
 */
export function importanceTraces(rows: readonly ImportanceRow[], colors: { permutation: string; gain: string; error: string }): Data[] {
  const features = rows.map((row) => escapeHtml(row.feature));
  const traces: Data[] = [
    {
      type: 'bar',
      orientation: 'h',
      name: 'Permutation',
      y: features,
      x: rows.map((row) => row.mean),
      error_x: { type: 'data', array: rows.map((row) => row.std), color: colors.error, thickness: 1.25, width: 3 },
      marker: { color: colors.permutation },
      hovertemplate: '<b>%{y}</b><br>score drop %{x:.4f} ± %{error_x.array:.4f}<extra></extra>',
    },
  ];
  if (rows.some((row) => row.gain !== null)) {
    traces.push({
      type: 'bar',
      orientation: 'h',
      name: 'Gain',
      y: features,
      x: rows.map((row) => row.gain),
      xaxis: 'x2',
      marker: { color: colors.gain },
      hovertemplate: '<b>%{y}</b><br>gain %{x:.4g}<extra></extra>',
    });
  }
  return traces;
}
