// Builds a parcoords trace: numeric columns become numeric axes, anything else a categorical axis
// whose categories are spread over 0..n-1 and labelled with tick text.
import type { Data } from 'plotly.js-dist-min';

export interface ParallelColumn {
  label: string;
  /** One value per run, in run order; null where the run lacks the key. */
  values: Array<string | number | null>;
}

export interface ParallelDimension {
  label: string;
  values: number[];
  tickvals?: number[];
  ticktext?: string[];
  range?: [number, number];
}

const decimal = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
export const missingLabel = '—';

function asNumber(value: string | number | null): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && decimal.test(value.trim())) return Number(value);
  return null;
}

/** Numeric only when every run has a finite number; a single gap or word makes it categorical. */
export function isNumericColumn(values: ReadonlyArray<string | number | null>): boolean {
  return values.length > 0 && values.every((value) => asNumber(value) !== null);
}

const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

export function toDimension(column: ParallelColumn): ParallelDimension {
  if (isNumericColumn(column.values)) {
    return { label: column.label, values: column.values.map((value) => asNumber(value) as number) };
  }
  const labels = column.values.map((value) => (value === null ? missingLabel : String(value)));
  const categories = [...new Set(labels)].sort(natural);
  const index = new Map(categories.map((category, position) => [category, position]));
  return {
    label: column.label,
    values: labels.map((label) => index.get(label) as number),
    tickvals: categories.map((_, position) => position),
    ticktext: categories,
    // A lone category would otherwise sit on a zero-height axis.
    range: [0, Math.max(1, categories.length - 1)],
  };
}

export interface ParallelTraceInput {
  columns: ParallelColumn[];
  target: { label: string; values: number[] };
  colorScale: Array<[number, string]>;
  textColor: string;
}

export function parallelCoordinatesTrace({ columns, target, colorScale, textColor }: ParallelTraceInput): Data {
  const dimensions = [...columns.map(toDimension), { label: target.label, values: target.values }];
  return {
    type: 'parcoords',
    line: {
      color: target.values,
      colorscale: colorScale,
      showscale: true,
      colorbar: { thickness: 10, outlinewidth: 0, tickfont: { color: textColor, size: 10 } },
    },
    dimensions,
    // Plotly's default 'auto' text shadow halos the labels in a contrasting colour; the card is plain.
    labelfont: { color: textColor, size: 11, shadow: 'none' },
    tickfont: { color: textColor, size: 10, shadow: 'none' },
    rangefont: { color: textColor, size: 10, shadow: 'none' },
  };
}
