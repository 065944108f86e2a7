// One fitted tree as flat arrays (node ids 0..n−1 in creation order, root 0: the layout ONNX tree
// ensembles want, reference §1.3), routing of raw float32 rows and of binned rows.
import { MISSING_BIN } from './binning.js';

export interface Tree {
  /** Split feature per node; −1 marks a leaf. */
  feature: Int32Array;
  /** Raw float32 threshold: x <= threshold goes left. */
  threshold: Float32Array;
  /** The same split on bins: bin <= splitBin goes left. */
  splitBin: Uint8Array;
  /** 1 where NaN goes left (ONNX nodes_missing_value_tracks_true, since true = left with LEQ). */
  nanLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** `outputs` values per node, node-major: the leaf value (GBDT) or class fractions (forest). */
  value: Float64Array;
  outputs: number;
  /** Split gain per internal node (0 for leaves), for feature importance. */
  gain: Float64Array;
  /** Training rows (bootstrap weight for forests) that reached each node. */
  cover: Float64Array;
}

/** Grows a tree node by node; `finish` freezes it into typed arrays. */
export class TreeRecorder {
  private readonly features: number[] = [];
  private readonly thresholds: number[] = [];
  private readonly splitBins: number[] = [];
  private readonly nanLefts: number[] = [];
  private readonly lefts: number[] = [];
  private readonly rights: number[] = [];
  private readonly values: number[] = [];
  private readonly gains: number[] = [];
  private readonly covers: number[] = [];

  constructor(readonly outputs = 1) {}

  get size(): number {
    return this.features.length;
  }

  /** Adds a leaf (until split) and returns its id. */
  addNode(cover: number, value: ArrayLike<number> | number): number {
    this.features.push(-1);
    this.thresholds.push(0);
    this.splitBins.push(0);
    this.nanLefts.push(0);
    this.lefts.push(-1);
    this.rights.push(-1);
    this.gains.push(0);
    this.covers.push(cover);
    if (typeof value === 'number') this.values.push(value);
    else for (let index = 0; index < this.outputs; index++) this.values.push(value[index]);
    return this.features.length - 1;
  }

  split(node: number, split: { feature: number; threshold: number; splitBin: number; nanLeft: boolean; gain: number; left: number; right: number }): void {
    this.features[node] = split.feature;
    this.thresholds[node] = split.threshold;
    this.splitBins[node] = split.splitBin;
    this.nanLefts[node] = split.nanLeft ? 1 : 0;
    this.gains[node] = split.gain;
    this.lefts[node] = split.left;
    this.rights[node] = split.right;
  }

  setValue(node: number, value: number): void {
    this.values[node * this.outputs] = value;
  }

  finish(): Tree {
    return {
      feature: Int32Array.from(this.features),
      threshold: Float32Array.from(this.thresholds),
      splitBin: Uint8Array.from(this.splitBins),
      nanLeft: Uint8Array.from(this.nanLefts),
      left: Int32Array.from(this.lefts),
      right: Int32Array.from(this.rights),
      value: Float64Array.from(this.values),
      outputs: this.outputs,
      gain: Float64Array.from(this.gains),
      cover: Float64Array.from(this.covers),
    };
  }
}

/** The leaf a raw row reaches: `x <= t` left, NaN by the learned direction, everything else right. */
export function leafOfRow(tree: Tree, values: Float32Array, rowOffset: number): number {
  const { feature, threshold, nanLeft, left, right } = tree;
  let node = 0;
  while (feature[node] >= 0) {
    const value = values[rowOffset + feature[node]];
    if (value <= threshold[node]) node = left[node];
    else if (value !== value) node = nanLeft[node] === 1 ? left[node] : right[node];
    else node = right[node];
  }
  return node;
}

/** The leaf a binned row reaches (column-major bins, `stride` bytes per feature). */
export function leafOfBinnedRow(tree: Tree, bins: Uint8Array, stride: number, position: number): number {
  const { feature, splitBin, nanLeft, left, right } = tree;
  let node = 0;
  while (feature[node] >= 0) {
    const bin = bins[feature[node] * stride + position];
    const goLeft = bin === MISSING_BIN ? nanLeft[node] === 1 : bin <= splitBin[node];
    node = goLeft ? left[node] : right[node];
  }
  return node;
}

/** Serialisable form (plain arrays) for artifacts and messages between threads. */
export function treeToJSON(tree: Tree): Record<string, number[] | number> {
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    splitBin: Array.from(tree.splitBin),
    nanLeft: Array.from(tree.nanLeft),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    outputs: tree.outputs,
    gain: Array.from(tree.gain),
    cover: Array.from(tree.cover),
  };
}

export function treeFromJSON(json: Record<string, number[] | number>): Tree {
  const list = (key: string) => json[key] as number[];
  return {
    feature: Int32Array.from(list('feature')),
    threshold: Float32Array.from(list('threshold')),
    splitBin: Uint8Array.from(list('splitBin')),
    nanLeft: Uint8Array.from(list('nanLeft')),
    left: Int32Array.from(list('left')),
    right: Int32Array.from(list('right')),
    value: Float64Array.from(list('value')),
    outputs: json.outputs as number,
    gain: Float64Array.from(list('gain')),
    cover: Float64Array.from(list('cover')),
  };
}
