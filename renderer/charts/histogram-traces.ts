// Column profiles → plotly bars: equal-width bins as a histogram, top categories as a ranked bar
// chart. Inputs are already shaped (features/datasets/histogram-data.ts), so this only styles them.
import type { Data } from 'plotly.js-dist-min';
import { escapeHtml } from './trace-builders';

export interface BinInput {
  centers: number[];
  widths: number[];
  counts: number[];
  ranges: string[];
}

export function binHistogramTrace(bins: BinInput, color: string, outline: string): Data {
  return {
    type: 'bar',
    x: bins.centers,
    y: bins.counts,
    width: bins.widths,
    customdata: bins.ranges,
    marker: { color, line: { color: outline, width: 1 } },
    hovertemplate: '%{customdata}<br><b>%{y:,}</b> rows<extra></extra>',
  };
}

export interface CategoryInput {
  labels: string[];
  counts: number[];
  otherIndex: number | null;
}

/** Horizontal, most frequent on top (with the axis reversed); "other values" in a muted colour. */
export function categoryBarTrace(categories: CategoryInput, color: string, mutedColor: string): Data {
  return {
    type: 'bar',
    orientation: 'h',
    x: categories.counts,
    y: categories.labels.map((label, index) => (index === categories.otherIndex ? label : escapeHtml(label))),
    marker: { color: categories.counts.map((_, index) => (index === categories.otherIndex ? mutedColor : color)) },
    hovertemplate: '%{y}<br><b>%{x:,}</b> rows<extra></extra>',
  };
}
