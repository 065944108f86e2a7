// A bias check's per-group rates → grouped bars: predicted positive rate (demographic parity) and
// true positive rate (equal opportunity) side by side for each group of a sensitive column.
import type { Data } from 'plotly.js-dist-min';
import { escapeHtml } from './trace-builders';

export interface GroupRateRow {
  group: string;
  size: number | null;
  positiveRate: number | null;
  truePositiveRate: number | null;
}

export function biasRateTraces(rows: readonly GroupRateRow[], colors: { positiveRate: string; truePositiveRate: string }): Data[] {
  const groups = rows.map((row) => escapeHtml(row.group));
  const sizes = rows.map((row) => (row.size === null ? 'unknown' : row.size.toLocaleString('en-US')));
  const bar = (name: string, values: Array<number | null>, color: string): Data => ({
    type: 'bar',
    name,
    x: groups,
    y: values,
    customdata: sizes,
    marker: { color },
    hovertemplate: `<b>%{x}</b> (%{customdata} rows)<br>${name} %{y:.1%}<extra></extra>`,
  });
  return [
    bar('Predicted positive rate', rows.map((row) => row.positiveRate), colors.positiveRate),
    bar('True positive rate', rows.map((row) => row.truePositiveRate), colors.truePositiveRate),
  ];
}
