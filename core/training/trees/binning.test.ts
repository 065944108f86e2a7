import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../types.js';
import { binMatrix, cutBetween, edgesFromSorted, fitBinMapper, MISSING_BIN, sortWithoutNaN, splitThreshold } from './binning.js';
import { SeededRandom } from './random.js';

function matrixOf(columns: number[][]): FeatureMatrix {
  const rows = columns[0].length;
  const values = new Float32Array(rows * columns.length);
  columns.forEach((column, feature) => column.forEach((value, row) => (values[row * columns.length + feature] = value)));
  return { rows, width: columns.length, values, names: columns.map((_, index) => `x${index}`) };
}

const options = { maxBins: 255, sampleSize: 200_000, seed: 0 };

describe('binning', () => {
  it('cuts between distinct values when there are few, sends x equal to an edge left and NaN to bin 255', () => {
    const matrix = matrixOf([[3, 1, 2, 2, Number.NaN, 1, 3]]);
    const mapper = fitBinMapper(matrix, null, options);
    expect(Array.from(mapper.edges[0])).toEqual([1.5, 2.5]);
    const binned = binMatrix(matrix, mapper);
    expect(Array.from(binned.bins.subarray(0, 7))).toEqual([2, 0, 1, 1, MISSING_BIN, 0, 2]);
    expect(binned.hasMissing[0]).toBe(1);
    expect(binned.valueBins[0]).toBe(3);

    const onEdge = binMatrix(matrixOf([[1.5, 2.5, 2.5000002]]), mapper);
    expect(Array.from(onEdge.bins.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('uses quantile midpoints on many distinct values: at most 254 edges, near-equal bin counts', () => {
    const random = new SeededRandom(3);
    const column = Array.from({ length: 50_000 }, () => random.normal());
    const matrix = matrixOf([column]);
    const mapper = fitBinMapper(matrix, null, options);
    const edges = mapper.edges[0];
    expect(edges.length).toBe(254);
    for (let index = 1; index < edges.length; index++) expect(edges[index]).toBeGreaterThan(edges[index - 1]);
    const counts = new Array(256).fill(0);
    const binned = binMatrix(matrix, mapper);
    for (let row = 0; row < matrix.rows; row++) counts[binned.bins[row]]++;
    expect(Math.min(...counts.slice(0, 255))).toBeGreaterThan(150);
    expect(Math.max(...counts.slice(0, 255))).toBeLessThan(250);
    expect(counts[MISSING_BIN]).toBe(0);
  });

  it('fits edges on the given rows only (the training part) and bins every row', () => {
    const matrix = matrixOf([[0, 1, 2, 3, 100, 200]]);
    const mapper = fitBinMapper(matrix, Uint32Array.of(0, 1, 2, 3), options);
    expect(Array.from(mapper.edges[0])).toEqual([0.5, 1.5, 2.5]);
    const binned = binMatrix(matrix, mapper);
    expect(Array.from(binned.bins.subarray(0, 6))).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('keeps edges float32 and picks split thresholds between the training values (reference §1.5)', () => {
    // Adjacent float32 values: the midpoint rounds up to the larger one, so the cut falls back to the smaller.
    const below = Math.fround(1);
    const above = 1 + 2 ** -23;
    expect(cutBetween(below, above)).toBe(below);
    expect(cutBetween(1, 2)).toBe(1.5);

    const matrix = matrixOf([[0.1, 0.2, 0.7, 0.9, Number.NaN]]);
    const binned = binMatrix(matrix, fitBinMapper(matrix, null, options));
    const threshold = splitThreshold(binned, 0, 1);
    expect(threshold).toBe(Math.fround((Math.fround(0.2) + Math.fround(0.7)) / 2));
    expect(Math.fround(threshold)).toBe(threshold);
    // Everything at or below bin 1 is <= threshold, everything above is not.
    expect(splitThreshold(binned, 0, 3)).toBe(Number.POSITIVE_INFINITY);
  });

  it('radix-sorts float32 values like a numeric sort, without NaN', () => {
    const values = Float32Array.of(3, -1, Number.NaN, 0, -0, Number.POSITIVE_INFINITY, -2.5, Number.NEGATIVE_INFINITY, 1e-40, -1e-40, 2);
    const scratch = () => new Uint32Array(values.length);
    const sorted = Array.from(sortWithoutNaN(values, scratch(), scratch()));
    expect(sorted).toEqual([Number.NEGATIVE_INFINITY, -2.5, -1, Math.fround(-1e-40), -0, 0, Math.fround(1e-40), 2, 3, Number.POSITIVE_INFINITY]);
    expect(Object.is(sorted[4], -0)).toBe(true);
  });

  it('routes every training value by its raw threshold exactly as by its bin', () => {
    const random = new SeededRandom(9);
    const column = Array.from({ length: 5000 }, () => Math.round(random.normal() * 1000) / 7);
    const matrix = matrixOf([column]);
    const binned = binMatrix(matrix, fitBinMapper(matrix, null, options));
    for (const splitBin of [0, 17, 100, 200, binned.valueBins[0] - 2]) {
      const threshold = splitThreshold(binned, 0, splitBin);
      for (let row = 0; row < matrix.rows; row++) expect(matrix.values[row] <= threshold).toBe(binned.bins[row] <= splitBin);
    }
  });

  it('edgesFromSorted handles a constant column (one bin, no edges)', () => {
    expect(edgesFromSorted(Float32Array.of(4, 4, 4), 255).length).toBe(0);
  });
});
