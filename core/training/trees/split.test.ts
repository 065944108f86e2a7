import { describe, expect, it } from 'vitest';
import { MISSING_BIN } from './binning.js';
import { FEATURE_STRIDE, countUnit, unpackCount } from './histogram.js';
import { emptyCandidate, findBestSplit, histogramTotals } from './split.js';

const unit = 16;

/** One feature's histogram from (gradient, hessian, count) per bin; index 3 is the NaN bin. */
function histogramOf(bins: Array<[number, number, number]>, nan: [number, number, number]): Float64Array {
  const histogram = new Float64Array(FEATURE_STRIDE);
  const put = (bin: number, [gradient, hessian, count]: [number, number, number]) => {
    histogram[bin * 2] = gradient;
    histogram[bin * 2 + 1] = count * unit + hessian;
  };
  bins.forEach((entry, bin) => put(bin, entry));
  put(MISSING_BIN, nan);
  return histogram;
}

// Three value bins and NaN rows: G = 0, H = 5, 8 rows; λ = 1 so the parent scores 0²/(5+1) = 0.
const histogram = histogramOf(
  [
    [-1, 1, 2],
    [2, 1, 2],
    [3, 2, 3],
  ],
  [-4, 1, 1],
);
const valueBins = Int32Array.of(3);

describe('findBestSplit', () => {
  it('packs counts with the hessians and reads both back', () => {
    const totals = histogramTotals(histogram, 0, unit);
    expect(totals).toEqual({ gradient: 0, hessian: 5, count: 8 });
    // Above twice the largest possible hessian sum (1000 rows × 0.25), a power of two.
    expect(countUnit(1000, 0.25)).toBe(512);
    expect(unpackCount(7 * 1024 + 511.9, 1024)).toBe(7);
  });

  it('finds the gain computed by hand, NaN rows sent left', () => {
    // NaN left after bin 0: G_L = −5, H_L = 2 → 25/3; G_R = 5, H_R = 3 → 25/4. The best of the
    // eight candidates (NaN right: 0.7, 0.583, 11.2; NaN left: 14.583, 5.25).
    const best = emptyCandidate();
    expect(findBestSplit(histogram, 0, valueBins, null, histogramTotals(histogram, 0, unit), { minSamplesLeaf: 1, minHessian: 0, l2: 1 }, unit, best)).toBe(true);
    expect(best.feature).toBe(0);
    expect(best.bin).toBe(0);
    expect(best.nanLeft).toBe(true);
    expect(best.gain).toBeCloseTo(25 / 3 + 25 / 4, 12);
    expect(best.left).toEqual({ gradient: -5, hessian: 2, count: 3 });
    expect(best.right).toEqual({ gradient: 5, hessian: 3, count: 5 });
  });

  it('respects min_samples_leaf: only the 4 | 4 split is left', () => {
    const best = emptyCandidate();
    expect(findBestSplit(histogram, 0, valueBins, null, histogramTotals(histogram, 0, unit), { minSamplesLeaf: 4, minHessian: 0, l2: 1 }, unit, best)).toBe(true);
    expect(best.bin).toBe(1);
    expect(best.nanLeft).toBe(false);
    expect(best.gain).toBeCloseTo(1 / 3 + 1 / 4, 12);
  });

  it('respects the minimum hessian per child and reports no split when nothing qualifies', () => {
    const best = emptyCandidate();
    expect(findBestSplit(histogram, 0, valueBins, null, histogramTotals(histogram, 0, unit), { minSamplesLeaf: 1, minHessian: 2.5, l2: 1 }, unit, best)).toBe(false);
  });

  it('sends unseen NaN to the child with more rows when the node has no NaN', () => {
    const noNan = histogramOf(
      [
        [-3, 1, 5],
        [3, 1, 2],
      ],
      [0, 0, 0],
    );
    const best = emptyCandidate();
    findBestSplit(noNan, 0, Int32Array.of(2), null, histogramTotals(noNan, 0, unit), { minSamplesLeaf: 1, minHessian: 0, l2: 0 }, unit, best);
    expect(best.left.count).toBe(5);
    expect(best.nanLeft).toBe(true);
  });
});
