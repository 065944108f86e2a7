// Leaf-wise (best-first) growth of one boosted tree (reference §2 "Growth"): always split the
// open leaf with the largest gain, up to maxLeafNodes leaves. Each split builds the histogram of the
// smaller child only; the larger child's is its parent's minus the smaller one, computed in place
// in the parent's slot ("histogram subtraction").
import { splitThreshold, type BinnedData } from './binning.js';
import { histogramLength, subtractHistogram } from './histogram.js';
import type { SeededRandom } from './random.js';
import { emptyCandidate, findBestSplit, histogramTotals, leafWeight, type NodeTotals, type SplitCandidate, type SplitConstraints } from './split.js';
import type { Team } from './team.js';
import { TreeRecorder, type Tree } from './tree.js';

export interface GrowthOptions extends SplitConstraints {
  maxLeafNodes: number;
  maxDepth: number | null;
  learningRate: number;
  /** Fraction of features considered at each split (scikit-learn's max_features). */
  maxFeatures: number;
}

export interface GrownTree {
  tree: Tree;
  /** Each leaf's rows: rowIndex[start..end) of the team state after growth. */
  leaves: Array<{ node: number; start: number; end: number }>;
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  slot: number;
  totals: NodeTotals;
  split: SplitCandidate;
}

export class TreeGrower {
  private readonly freeSlots: number[] = [];
  private readonly featureOrder: Int32Array;
  private readonly length: number;

  constructor(
    private readonly team: Team,
    private readonly binned: BinnedData,
    private readonly options: GrowthOptions,
    private readonly random: SeededRandom,
  ) {
    this.featureOrder = Int32Array.from({ length: binned.features }, (_, index) => index);
    this.length = histogramLength(binned.features);
  }

  /**
   * Grows a tree on the gradients at `gradientOffset` over rowIndex[0..rootRows), which must hold
   * the root's rows unless `contiguous` (the rows are positions 0..rootRows). Afterwards
   * rowIndex holds each leaf's rows. `unit` is the histogram count unit (histogram.ts countUnit).
   */
  grow(gradientOffset: number, rootRows: number, contiguous: boolean, unit: number): GrownTree {
    const { options, team } = this;
    const histograms = team.state.histograms;
    this.freeSlots.length = 0;
    // One slot per open leaf plus one for the child being built (createTeamState allocates them).
    for (let slot = options.maxLeafNodes; slot >= 0; slot--) this.freeSlots.push(slot);
    const recorder = new TreeRecorder(1);
    const leaves: GrownTree['leaves'] = [];
    const open: OpenLeaf[] = [];

    const rootSlot = this.freeSlots.pop()!;
    team.histogram(rootSlot, 0, rootRows, contiguous, gradientOffset, unit);
    const rootTotals = histogramTotals(histograms, rootSlot * this.length, unit);
    const root: OpenLeaf = { node: recorder.addNode(rootTotals.count, this.value(rootTotals)), start: 0, end: rootRows, depth: 0, slot: rootSlot, totals: rootTotals, split: emptyCandidate() };
    let leafCount = 1;
    const finalize = (leaf: OpenLeaf) => {
      if (leaf.slot >= 0) this.freeSlots.push(leaf.slot);
      leaf.slot = -1;
      leaves.push({ node: leaf.node, start: leaf.start, end: leaf.end });
    };
    const consider = (leaf: OpenLeaf) => {
      if (this.splittable(leaf) && findBestSplit(histograms, leaf.slot * this.length, this.binned.valueBins, this.sampledFeatures(), leaf.totals, options, unit, leaf.split)) open.push(leaf);
      else finalize(leaf);
    };
    consider(root);

    while (open.length > 0 && leafCount < options.maxLeafNodes) {
      let bestIndex = 0;
      for (let index = 1; index < open.length; index++) if (open[index].split.gain > open[bestIndex].split.gain) bestIndex = index;
      const parent = open.splice(bestIndex, 1)[0];
      const { split } = parent;
      const middle = team.partition(parent.start, parent.end, split.feature, split.bin, split.nanLeft, contiguous && parent === root);
      const left: OpenLeaf = { node: recorder.addNode(split.left.count, this.value(split.left)), start: parent.start, end: middle, depth: parent.depth + 1, slot: -1, totals: { ...split.left }, split: emptyCandidate() };
      const right: OpenLeaf = { node: recorder.addNode(split.right.count, this.value(split.right)), start: middle, end: parent.end, depth: parent.depth + 1, slot: -1, totals: { ...split.right }, split: emptyCandidate() };
      recorder.split(parent.node, { feature: split.feature, threshold: splitThreshold(this.binned, split.feature, split.bin), splitBin: split.bin, nanLeft: split.nanLeft, gain: split.gain, left: left.node, right: right.node });
      leafCount++;

      const growMore = leafCount < options.maxLeafNodes;
      const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
      if (growMore && (this.splittable(small) || this.splittable(large))) {
        small.slot = this.freeSlots.pop()!;
        team.histogram(small.slot, small.start, small.end, false, gradientOffset, unit);
        if (this.splittable(large)) {
          subtractHistogram(histograms, parent.slot * this.length, histograms, small.slot * this.length, this.length);
          large.slot = parent.slot;
        } else {
          this.freeSlots.push(parent.slot);
        }
        consider(left);
        consider(right);
      } else {
        this.freeSlots.push(parent.slot);
        finalize(left);
        finalize(right);
      }
    }
    for (const leaf of open) finalize(leaf);
    // A contiguous root that was never split still needs its rows listed for the caller.
    if (contiguous && recorder.size === 1) for (let position = 0; position < rootRows; position++) team.state.rowIndex[position] = position;
    return { tree: recorder.finish(), leaves };
  }

  private value(totals: NodeTotals): number {
    return Math.fround(this.options.learningRate * leafWeight(totals, this.options.l2));
  }

  private splittable(leaf: OpenLeaf): boolean {
    const { maxDepth, minSamplesLeaf, minHessian } = this.options;
    if (maxDepth !== null && leaf.depth >= maxDepth) return false;
    return leaf.totals.count >= 2 * minSamplesLeaf && leaf.totals.hessian >= 2 * minHessian;
  }

  private sampledFeatures(): Int32Array | null {
    const total = this.featureOrder.length;
    const wanted = Math.max(1, Math.round(this.options.maxFeatures * total));
    if (wanted >= total) return null;
    const order = this.featureOrder;
    for (let index = 0; index < wanted; index++) {
      const other = index + this.random.nextInt(total - index);
      const held = order[index];
      order[index] = order[other];
      order[other] = held;
    }
    return order.slice(0, wanted).sort();
  }
}
