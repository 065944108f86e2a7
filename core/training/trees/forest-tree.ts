// One random-forest tree on binned features: bootstrap rows (as multiplicities), at each node a
// fresh random order of features, split search on a sparse histogram of only the bins the node's
// rows touch (deep forest trees have thousands of tiny nodes, where a full 256-bin histogram per
// feature would cost more than the rows), Gini (classification) or variance (regression).
import { MISSING_BIN, splitThreshold, type BinnedData } from './binning.js';
import { SeededRandom } from './random.js';
import { bootstrapWeights } from './sampling.js';
import { TreeRecorder, type Tree } from './tree.js';

export interface ForestTreeOptions {
  /** Classes (classification) or 0 (regression). */
  classes: number;
  /** Features tried per split (at least this many non-constant ones when available). */
  featuresPerSplit: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  bootstrap: boolean;
  seed: number;
}

/** Everything a tree needs from the binned data (shareable between threads). */
export interface ForestData {
  binned: BinnedData;
  /** Class index or regression value per row. */
  targets: Float64Array;
}

const BINS = 256;

/** Per-thread scratch reused across nodes and trees. */
export class ForestScratch {
  readonly binWeight = new Float64Array(BINS);
  readonly binCount = new Int32Array(BINS);
  binSums: Float64Array;
  readonly touched = new Uint8Array(BINS);
  readonly order: Int32Array;
  readonly leftSums: Float64Array;
  readonly totalSums: Float64Array;
  rowIndex = new Uint32Array(0);
  rowScratch = new Uint32Array(0);

  constructor(
    readonly features: number,
    readonly channels: number,
  ) {
    this.binSums = new Float64Array(BINS * channels);
    this.order = new Int32Array(features);
    this.leftSums = new Float64Array(channels);
    this.totalSums = new Float64Array(channels);
  }
}

interface Best {
  gain: number;
  feature: number;
  bin: number;
  nanLeft: boolean;
}

/** Channels summed per bin: class weights for multiclass, Σw·y (class 1, or the value) otherwise. */
export function forestChannels(classes: number): number {
  return classes > 2 ? classes : 1;
}

export function growForestTree(data: ForestData, options: ForestTreeOptions, treeIndex: number, scratch: ForestScratch): Tree {
  const { binned, targets } = data;
  const rows = binned.rows;
  const random = new SeededRandom(options.seed, 1000 + treeIndex);
  const weights = options.bootstrap ? bootstrapWeights(rows, random) : new Float32Array(rows).fill(1);
  if (scratch.rowIndex.length < rows) {
    scratch.rowIndex = new Uint32Array(rows);
    scratch.rowScratch = new Uint32Array(rows);
  }
  const rowIndex = scratch.rowIndex;
  let rootRows = 0;
  for (let row = 0; row < rows; row++) if (weights[row] > 0) rowIndex[rootRows++] = row;

  const { classes } = options;
  const channels = forestChannels(classes);
  const outputs = classes > 0 ? classes : 1;
  const recorder = new TreeRecorder(outputs);
  const value = new Float64Array(outputs);
  const sums = new Float64Array(channels);

  /** Node sums over its rows; returns total weight and whether the node is pure. */
  const summarize = (start: number, end: number): { weight: number; pure: boolean } => {
    sums.fill(0);
    let weight = 0;
    let squares = 0;
    for (let index = start; index < end; index++) {
      const row = rowIndex[index];
      const w = weights[row];
      const y = targets[row];
      weight += w;
      if (classes > 2) sums[y] += w;
      else {
        sums[0] += w * y;
        squares += w * y * y;
      }
    }
    if (classes > 0) {
      for (let k = 0; k < outputs; k++) value[k] = classes > 2 ? sums[k] / weight : k === 1 ? sums[0] / weight : 1 - sums[0] / weight;
      let pure = false;
      for (let k = 0; k < outputs; k++) if (value[k] === 1) pure = true;
      return { weight, pure };
    }
    value[0] = sums[0] / weight;
    const variance = squares / weight - value[0] * value[0];
    return { weight, pure: variance <= 1e-12 * Math.max(1, squares / weight) };
  };

  const stack: Array<{ node: number; start: number; end: number; depth: number }> = [];
  const rootSummary = summarize(0, rootRows);
  const root = recorder.addNode(rootSummary.weight, value);
  stack.push({ node: root, start: 0, end: rootRows, depth: 0 });
  const pureNodes = new Set<number>();
  if (rootSummary.pure) pureNodes.add(root);
  const best: Best = { gain: 0, feature: -1, bin: 0, nanLeft: false };

  while (stack.length > 0) {
    const { node, start, end, depth } = stack.pop()!;
    const count = end - start;
    if (pureNodes.has(node) || count < options.minSamplesSplit || count < 2 * options.minSamplesLeaf) continue;
    if (options.maxDepth !== null && depth >= options.maxDepth) continue;
    if (!findForestSplit(data, weights, options, scratch, start, end, random, best)) continue;
    const middle = partitionRows(binned, rowIndex, scratch.rowScratch, start, end, best);
    const leftSummary = summarize(start, middle);
    const left = recorder.addNode(leftSummary.weight, value);
    if (leftSummary.pure) pureNodes.add(left);
    const rightSummary = summarize(middle, end);
    const right = recorder.addNode(rightSummary.weight, value);
    if (rightSummary.pure) pureNodes.add(right);
    recorder.split(node, { feature: best.feature, threshold: splitThreshold(binned, best.feature, best.bin), splitBin: best.bin, nanLeft: best.nanLeft, gain: Math.max(0, best.gain), left, right });
    stack.push({ node: right, start: middle, end, depth: depth + 1 });
    stack.push({ node: left, start, end: middle, depth: depth + 1 });
  }
  return recorder.finish();
}

function partitionRows(binned: BinnedData, rowIndex: Uint32Array, scratch: Uint32Array, start: number, end: number, best: Best): number {
  const column = best.feature * binned.stride;
  let left = start;
  let right = 0;
  for (let index = start; index < end; index++) {
    const row = rowIndex[index];
    const bin = binned.bins[column + row];
    if (bin === MISSING_BIN ? best.nanLeft : bin <= best.bin) rowIndex[left++] = row;
    else scratch[right++] = row;
  }
  rowIndex.set(scratch.subarray(0, right), left);
  return left;
}

/**
 * Tries features in a fresh random order until `featuresPerSplit` non-constant ones were searched
 * (scikit-learn keeps drawing past constant features). Fills `best`; false when no valid split.
 */
function findForestSplit(data: ForestData, weights: Float32Array, options: ForestTreeOptions, scratch: ForestScratch, start: number, end: number, random: SeededRandom, best: Best): boolean {
  const { binned, targets } = data;
  const { classes, minSamplesLeaf } = options;
  const channels = forestChannels(classes);
  const { binWeight, binCount, binSums, touched, order, leftSums, totalSums } = scratch;
  const rowIndex = scratch.rowIndex;
  const features = binned.features;
  for (let feature = 0; feature < features; feature++) order[feature] = feature;
  best.gain = Number.NEGATIVE_INFINITY;
  best.feature = -1;
  let searched = 0;
  for (let drawn = 0; drawn < features && searched < options.featuresPerSplit; drawn++) {
    const pick = drawn + random.nextInt(features - drawn);
    const feature = order[pick];
    order[pick] = order[drawn];
    order[drawn] = feature;

    const column = feature * binned.stride;
    let touchedCount = 0;
    for (let index = start; index < end; index++) {
      const row = rowIndex[index];
      const bin = binned.bins[column + row];
      const w = weights[row];
      if (binCount[bin]++ === 0) touched[touchedCount++] = bin;
      binWeight[bin] += w;
      if (channels === 1) binSums[bin] += w * targets[row];
      else binSums[bin * channels + targets[row]] += w;
    }
    const nanCount = binCount[MISSING_BIN];
    const valueBinsTouched = touchedCount - (nanCount > 0 ? 1 : 0);
    if (valueBinsTouched + (nanCount > 0 ? 1 : 0) > 1) {
      searched++;
      const ordered = touched.subarray(0, touchedCount).sort();
      scanFeature(feature, ordered, valueBinsTouched, scratch, channels, minSamplesLeaf, leftSums, totalSums, best);
    }
    for (let index = 0; index < touchedCount; index++) {
      const bin = touched[index];
      binCount[bin] = 0;
      binWeight[bin] = 0;
      for (let channel = 0; channel < channels; channel++) binSums[bin * channels + channel] = 0;
    }
  }
  return best.feature >= 0;
}

/** Scans the touched value bins in order, NaN rows right and (if any) left; keeps the best gain. */
function scanFeature(feature: number, ordered: Uint8Array, valueBins: number, scratch: ForestScratch, channels: number, minSamplesLeaf: number, leftSums: Float64Array, totalSums: Float64Array, best: Best): void {
  const { binWeight, binCount, binSums } = scratch;
  let totalWeight = 0;
  let totalCount = 0;
  totalSums.fill(0);
  for (let index = 0; index < ordered.length; index++) {
    const bin = ordered[index];
    totalWeight += binWeight[bin];
    totalCount += binCount[bin];
    for (let channel = 0; channel < channels; channel++) totalSums[channel] += binSums[bin * channels + channel];
  }
  let parentScore = 0;
  for (let channel = 0; channel < channels; channel++) parentScore += (totalSums[channel] * totalSums[channel]) / totalWeight;
  const nanCount = binCount[MISSING_BIN];
  for (let pass = 0; pass < (nanCount > 0 ? 2 : 1); pass++) {
    const nanLeft = pass === 1;
    let leftWeight = nanLeft ? binWeight[MISSING_BIN] : 0;
    let leftCount = nanLeft ? nanCount : 0;
    for (let channel = 0; channel < channels; channel++) leftSums[channel] = nanLeft ? binSums[MISSING_BIN * channels + channel] : 0;
    // Candidates: after each touched value bin but the last (plus "all values | NaN" with NaN right).
    const last = nanLeft || nanCount === 0 ? valueBins - 1 : valueBins;
    for (let index = 0; index < last; index++) {
      const bin = ordered[index];
      leftWeight += binWeight[bin];
      leftCount += binCount[bin];
      for (let channel = 0; channel < channels; channel++) leftSums[channel] += binSums[bin * channels + channel];
      const rightCount = totalCount - leftCount;
      if (leftCount < minSamplesLeaf) continue;
      if (rightCount < minSamplesLeaf) break;
      const rightWeight = totalWeight - leftWeight;
      let gain = -parentScore;
      for (let channel = 0; channel < channels; channel++) {
        const left = leftSums[channel];
        const right = totalSums[channel] - left;
        gain += (left * left) / leftWeight + (right * right) / rightWeight;
      }
      if (gain > best.gain) {
        best.gain = gain;
        best.feature = feature;
        best.bin = bin;
        best.nanLeft = nanCount > 0 ? nanLeft : leftCount >= rightCount;
      }
    }
  }
}
