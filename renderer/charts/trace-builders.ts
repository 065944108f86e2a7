// Plain data → plotly traces. Kept free of DOM and plotly runtime so they are unit-tested directly.
import type { Data } from 'plotly.js-dist-min';

export interface LineSeries {
  name: string;
  color: string;
  x: number[];
  /** null breaks the line (NaN and ±Infinity cannot be drawn). */
  y: Array<number | null>;
}

/** One line per series (per run in the compare view). */
export function lineTraces(series: LineSeries[], valueLabel: string): Data[] {
  return series.map((line) => ({
    type: 'scatter',
    mode: line.x.length === 1 ? 'markers' : 'lines',
    name: line.name,
    x: line.x,
    y: line.y,
    line: { color: line.color, width: 1.75 },
    marker: { color: line.color, size: 6 },
    connectgaps: false,
    hovertemplate: `<b>${escapeHtml(line.name)}</b><br>step %{x}<br>${escapeHtml(valueLabel)} %{y}<extra></extra>`,
  }));
}

export interface ScatterPoints {
  x: Array<number | string | null>;
  y: Array<number | string | null>;
  labels: string[];
  colors: string[];
  outline: string;
}

/** One marker per run, coloured like the run's line elsewhere. */
export function scatterTrace(points: ScatterPoints, xLabel: string, yLabel: string): Data {
  return {
    type: 'scatter',
    mode: 'markers',
    x: points.x,
    y: points.y,
    text: points.labels,
    marker: { color: points.colors, size: 11, line: { width: 1.5, color: points.outline } },
    hovertemplate: `<b>%{text}</b><br>${escapeHtml(xLabel)} %{x}<br>${escapeHtml(yLabel)} %{y}<extra></extra>`,
  };
}

/** Plotly renders hover templates as HTML; run names and keys are user text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
