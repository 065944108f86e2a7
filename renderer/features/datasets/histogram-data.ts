// Column histograms as the core computes them (bins or top categories) → plain bars for the
// schema table's sparklines and the column chart. No DOM and no plotly, so it is tested directly.
import type { BinHistogram, CategoryHistogram } from '../../../core/api/contract';
import { formatColumnValue, type ColumnType } from './column-values';

export type ColumnHistogram = BinHistogram | CategoryHistogram;

/** The bar standing for every value outside the top categories. */
export const otherValuesLabel = 'Other values';
export const emptyStringLabel = '(empty)';

export interface SparkBar {
  /** 0..1 of the tallest bar. */
  height: number;
  /** The "other values" bar of a category histogram, drawn apart from the named ones. */
  muted: boolean;
}

/** At most this many bars fit a sparkline legibly; more categories merge into "other". */
export const maxSparkBars = 20;

export function sparkBars(histogram: ColumnHistogram | null): SparkBar[] {
  if (!histogram) return [];
  let counts: number[];
  let muted: boolean[];
  if (histogram.kind === 'bins') {
    counts = histogram.counts;
    muted = counts.map(() => false);
  } else {
    const named = histogram.counts.slice(0, maxSparkBars);
    const other = histogram.other + histogram.counts.slice(maxSparkBars).reduce((sum, count) => sum + count, 0);
    counts = other > 0 ? [...named, other] : named;
    muted = counts.map((_, index) => index >= named.length);
  }
  const tallest = Math.max(0, ...counts);
  if (tallest === 0) return counts.map((_, index) => ({ height: 0, muted: muted[index] }));
  return counts.map((count, index) => ({ height: count / tallest, muted: muted[index] }));
}

export interface BinBars {
  /** Bin centres (epoch ms for datetime columns). */
  centers: number[];
  widths: number[];
  counts: number[];
  /** "[low, high)" per bin, in the column's own units, for hover text. */
  ranges: string[];
}

/** Equal-width bins as bars placed at their centres; the last bin is closed on the right. */
export function binBars(histogram: BinHistogram, type: ColumnType): BinBars {
  const bins = Math.min(histogram.counts.length, Math.max(0, histogram.edges.length - 1));
  const centers: number[] = [];
  const widths: number[] = [];
  const ranges: string[] = [];
  for (let index = 0; index < bins; index++) {
    const low = histogram.edges[index];
    const high = histogram.edges[index + 1];
    centers.push((low + high) / 2);
    widths.push(high - low);
    const closing = index === bins - 1 ? ']' : ')';
    ranges.push(`[${formatColumnValue(low, type)}, ${formatColumnValue(high, type)}${closing}`);
  }
  return { centers, widths, counts: histogram.counts.slice(0, bins), ranges };
}

export interface CategoryBars {
  labels: string[];
  counts: number[];
  /** Index of the "other values" bar, or null when the top categories cover every row. */
  otherIndex: number | null;
}

/** Named categories, most frequent first, then one bar for all the others when there are any. */
export function categoryBars(histogram: CategoryHistogram): CategoryBars {
  const labels = histogram.values.map((value) => (value === '' ? emptyStringLabel : value));
  const counts = [...histogram.counts];
  if (histogram.other <= 0) return { labels, counts, otherIndex: null };
  return { labels: [...labels, otherValuesLabel], counts: [...counts, histogram.other], otherIndex: labels.length };
}
