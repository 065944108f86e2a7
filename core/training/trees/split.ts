// Best split of a node from its histogram (reference §2 "Split gain", "Missing values"):
// gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (scikit-learn's form, without XGBoost's ½ and γ),
// scanned over every bin boundary, once with the NaN rows on the right and, when the node has
// NaN rows, once with them on the left. Ties keep the first candidate (lowest feature, lowest bin,
// NaN right before NaN left), so the choice is deterministic.
import { MISSING_BIN } from './binning.js';
import { FEATURE_STRIDE, unpackCount } from './histogram.js';

export interface SplitConstraints {
  minSamplesLeaf: number;
  minHessian: number;
  l2: number;
}

export interface NodeTotals {
  gradient: number;
  hessian: number;
  count: number;
}

export interface SplitCandidate {
  gain: number;
  feature: number;
  /** Value bins 0..bin go left. */
  bin: number;
  nanLeft: boolean;
  left: NodeTotals;
  right: NodeTotals;
}

export function emptyCandidate(): SplitCandidate {
  return { gain: 0, feature: -1, bin: 0, nanLeft: false, left: { gradient: 0, hessian: 0, count: 0 }, right: { gradient: 0, hessian: 0, count: 0 } };
}

/** The node's sums, read from one feature's histogram (every feature sums to the same rows). */
export function histogramTotals(histogram: Float64Array, offset: number, unit: number): NodeTotals {
  let gradient = 0;
  let packed = 0;
  for (let slot = offset; slot < offset + FEATURE_STRIDE; slot += 2) {
    gradient += histogram[slot];
    packed += histogram[slot + 1];
  }
  const count = unpackCount(packed, unit);
  return { gradient, hessian: packed - count * unit, count };
}

export function leafWeight(totals: NodeTotals, l2: number): number {
  return totals.hessian + l2 > 0 ? -totals.gradient / (totals.hessian + l2) : 0;
}

/**
 * Fills `best` with the best valid split over `features` (all when null) and returns whether one
 * with positive gain exists. `valueBins[f]` is the number of non-NaN bins of feature f.
 */
export function findBestSplit(
  histogram: Float64Array,
  offset: number,
  valueBins: Int32Array,
  features: Int32Array | null,
  totals: NodeTotals,
  constraints: SplitConstraints,
  unit: number,
  best: SplitCandidate,
): boolean {
  const { minSamplesLeaf, minHessian, l2 } = constraints;
  const parentScore = (totals.gradient * totals.gradient) / (totals.hessian + l2);
  let bestGain = 0;
  let found = false;
  const featureCount = features ? features.length : valueBins.length;
  for (let index = 0; index < featureCount; index++) {
    const feature = features ? features[index] : index;
    const base = offset + feature * FEATURE_STRIDE;
    const bins = valueBins[feature];
    const nanSlot = base + MISSING_BIN * 2;
    const nanGradient = histogram[nanSlot];
    const nanPacked = histogram[nanSlot + 1];
    const nanCount = unpackCount(nanPacked, unit);
    for (let pass = 0; pass < (nanCount > 0 ? 2 : 1); pass++) {
      const nanLeft = pass === 1;
      let leftGradient = nanLeft ? nanGradient : 0;
      let leftPacked = nanLeft ? nanPacked : 0;
      // With NaN rows on the right, "every value left, NaN right" is a candidate too.
      const lastBin = nanLeft || nanCount === 0 ? bins - 2 : bins - 1;
      for (let bin = 0; bin <= lastBin; bin++) {
        const slot = base + bin * 2;
        leftGradient += histogram[slot];
        leftPacked += histogram[slot + 1];
        const leftCount = unpackCount(leftPacked, unit);
        const leftHessian = leftPacked - leftCount * unit;
        if (leftCount < minSamplesLeaf || leftHessian < minHessian) continue;
        const rightCount = totals.count - leftCount;
        if (rightCount < minSamplesLeaf) break;
        const rightHessian = totals.hessian - leftHessian;
        if (rightHessian < minHessian) break;
        const rightGradient = totals.gradient - leftGradient;
        const gain = (leftGradient * leftGradient) / (leftHessian + l2) + (rightGradient * rightGradient) / (rightHessian + l2) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          found = true;
          best.gain = gain;
          best.feature = feature;
          best.bin = bin;
          // With no NaN in the node, unseen NaN follows the larger child (scikit-learn's rule).
          best.nanLeft = nanCount > 0 ? nanLeft : leftCount >= rightCount;
          best.left.gradient = leftGradient;
          best.left.hessian = leftHessian;
          best.left.count = leftCount;
          best.right.gradient = rightGradient;
          best.right.hessian = rightHessian;
          best.right.count = rightCount;
        }
      }
    }
  }
  return found;
}
