// Per-column statistics stored with each dataset version and shown on the Datasets page.
// Numbers (numeric, boolean 0/1, datetime epoch ms): one pass for count, min/max and Welford's
// mean/variance that also gathers the present values, then one sort of that Float64Array for the
// quantiles and the exact distinct count. Strings: one pass of code counts over the dictionary.
import type { BinHistogram, CategoryHistogram, DatasetColumnStats, DatasetQuantiles } from '../api/contract.js';
import { datasetQuantileKeys } from '../api/contract.js';
import type { CategoricalColumn, Column, NumericColumn } from './table.js';
import { isNumericColumn } from './table.js';

export const histogramBins = 20;
export const topCategoryCount = 10;
export const histogramCategoryCount = 20;

const quantileLevels: Record<(typeof datasetQuantileKeys)[number], number> = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };

export function columnStats(column: Column): DatasetColumnStats {
  return isNumericColumn(column) ? numberStats(column) : stringStats(column);
}

function emptyStats(column: Column, missing: number): DatasetColumnStats {
  return { name: column.name, type: column.type, count: 0, missing, distinct: 0, min: null, max: null, mean: null, std: null, quantiles: null, top: [], histogram: null, length: null };
}

function numberStats(column: NumericColumn): DatasetColumnStats {
  const values = column.values;
  const present = new Float64Array(values.length);
  let count = 0;
  let mean = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (Number.isNaN(value)) continue;
    present[count++] = value;
    const delta = value - mean;
    mean += delta / count;
    squares += delta * (value - mean);
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const missing = values.length - count;
  if (count === 0) return emptyStats(column, missing);

  const sorted = present.subarray(0, count).sort();
  let distinct = 1;
  for (let index = 1; index < count; index++) if (sorted[index] !== sorted[index - 1]) distinct++;
  const stats: DatasetColumnStats = {
    name: column.name,
    type: column.type,
    count,
    missing,
    distinct,
    min,
    max,
    mean,
    std: count > 1 ? Math.sqrt(squares / (count - 1)) : null,
    quantiles: null,
    top: [],
    histogram: null,
    length: null,
  };
  if (column.type === 'boolean') {
    // Booleans read better as two counts than as bins and quantiles of 0/1.
    const trueCount = count - lowerBound(sorted, 1);
    stats.top = [
      { value: 'true', count: trueCount },
      { value: 'false', count: count - trueCount },
    ]
      .filter((entry) => entry.count > 0)
      .sort((left, right) => right.count - left.count);
    stats.histogram = { kind: 'categories', values: stats.top.map((entry) => entry.value), counts: stats.top.map((entry) => entry.count), other: 0 };
  } else {
    stats.quantiles = quantiles(sorted);
    stats.histogram = binHistogram(sorted, min, max);
  }
  return stats;
}

/** Linear interpolation between the closest ranks: numpy.quantile's default ("linear"). */
export function quantile(sorted: ArrayLike<number>, level: number): number {
  const position = (sorted.length - 1) * level;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return fraction === 0 ? sorted[below] : sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

function quantiles(sorted: Float64Array): DatasetQuantiles {
  const result = {} as DatasetQuantiles;
  for (const key of datasetQuantileKeys) result[key] = quantile(sorted, quantileLevels[key]);
  return result;
}

/** 20 equal-width bins over [min, max]; the last bin includes max. A constant column is one bin. */
function binHistogram(sorted: Float64Array, min: number, max: number): BinHistogram {
  if (min === max) return { kind: 'bins', edges: [min, max], counts: [sorted.length] };
  const width = (max - min) / histogramBins;
  const edges = Array.from({ length: histogramBins + 1 }, (_, index) => (index === histogramBins ? max : min + index * width));
  const counts = new Array<number>(histogramBins).fill(0);
  for (let index = 0; index < sorted.length; index++) {
    const bin = Math.min(histogramBins - 1, Math.floor((sorted[index] - min) / width));
    counts[bin]++;
  }
  return { kind: 'bins', edges, counts };
}

/** First index whose value is ≥ target in an ascending array. */
function lowerBound(sorted: Float64Array, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function stringStats(column: CategoricalColumn): DatasetColumnStats {
  const { codes, dictionary } = column;
  const counts = new Float64Array(dictionary.length);
  let missing = 0;
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index];
    if (code < 0) missing++;
    else counts[code]++;
  }
  const count = codes.length - missing;
  if (count === 0) return emptyStats(column, missing);

  const used: number[] = [];
  let lengthSum = 0;
  let minLength = Infinity;
  let maxLength = 0;
  for (let code = 0; code < dictionary.length; code++) {
    if (counts[code] === 0) continue;
    used.push(code);
    const length = dictionary[code].length;
    lengthSum += length * counts[code];
    if (length < minLength) minLength = length;
    if (length > maxLength) maxLength = length;
  }
  // Most frequent first; equal counts in value order, so the same data always lists the same way.
  const ranked = mostFrequent(used, counts, dictionary, histogramCategoryCount);
  const shown = ranked.reduce((sum, code) => sum + counts[code], 0);
  const histogram: CategoryHistogram = { kind: 'categories', values: ranked.map((code) => dictionary[code]), counts: ranked.map((code) => counts[code]), other: count - shown };
  return {
    name: column.name,
    type: column.type,
    count,
    missing,
    distinct: used.length,
    min: null,
    max: null,
    mean: null,
    std: null,
    quantiles: null,
    top: ranked.slice(0, topCategoryCount).map((code) => ({ value: dictionary[code], count: counts[code] })),
    histogram,
    length: { min: minLength, mean: lengthSum / count, max: maxLength },
  };
}

/** The `limit` most frequent codes without sorting every distinct value (text columns have many). */
function mostFrequent(codes: number[], counts: Float64Array, dictionary: string[], limit: number): number[] {
  const before = (left: number, right: number) => counts[right] - counts[left] || (dictionary[left] < dictionary[right] ? -1 : dictionary[left] > dictionary[right] ? 1 : 0);
  const best: number[] = [];
  for (const code of codes) {
    if (best.length === limit && before(code, best[limit - 1]) >= 0) continue;
    let position = best.length === limit ? limit - 1 : best.length;
    while (position > 0 && before(code, best[position - 1]) < 0) {
      best[position] = best[position - 1];
      position--;
    }
    best[position] = code;
  }
  return best;
}
