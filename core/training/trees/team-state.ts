// The shared memory of a boosting run (bins, scores, gradients, row partition, histograms) and
// what each job of the tree team (team.ts) does with one chunk of it. Everything here runs on the
// growing thread and on pool helpers alike.
import { binRows, columnStride, MAX_VALUE_BINS, MISSING_BIN, type BinStatistics } from './binning.js';
import { accumulateContiguous, accumulateIndexed, accumulateRowMajor, addHistogram, histogramLength } from './histogram.js';
import { computeGradients, LOSS_CODES, LOSS_KINDS } from './loss.js';

export const JOB_HISTOGRAM = 1;
export const JOB_GRADIENTS = 2;
export const JOB_PARTITION = 3;
export const JOB_JOIN = 4;
export const JOB_APPLY_LEAVES = 5;
export const JOB_BIN = 6;
export const JOB_REDUCE = 7;

/** Control words (team.ts owns their protocol); a job's integer parameters follow PARAMS. */
export const CONTROL = { CLAIM: 0, DONE: 1, STOP: 2, FAILED: 3, ACTIVE: 4, KIND: 5, CHUNKS: 6, PARAMS: 7, LENGTH: 15 } as const;

/**
 * Most row blocks per histogram job (block 0 writes the node's slot, the rest a scratch each):
 * enough to balance a few threads, few enough that summing the blocks stays cheap.
 */
export const MAX_HISTOGRAM_BLOCKS = 8;
/** Rows per block below which splitting a node's histogram across threads does not pay. */
export const MIN_BLOCK_ROWS = 2048;
export const MAX_CHUNKS = 512;
export const MAX_BIN_CHUNKS = 64;
export const MAX_PARTITION_BLOCKS = 16;
export const MIN_PARTITION_ROWS = 4096;
/** Nodes with fewer rows than this share of all rows read the row-major bins (histogram.ts). */
const ROW_MAJOR_SHARE = 0.015;

/** Everything a helper needs, as views on shared memory (structured-cloned without copying). */
export interface TeamState {
  control: Int32Array;
  rows: number;
  features: number;
  classes: number;
  loss: number;
  /** The caller's matrix when it lives in shared memory (binning then runs on the team too), else null. */
  values: Float32Array | null;
  /** Position p holds matrix row order[p] (training rows first), or row p when null. */
  order: Uint32Array | null;
  /** Bin edges of every feature, 255 per feature padded with +Infinity (binning.ts edgeTable). */
  edgeTable: Float32Array;
  /** Per binning chunk: bin minima then maxima (features × 256 each), and NaN flags. */
  binStatistics: Float32Array;
  binMissing: Uint8Array;
  /** Column-major bins, `stride` bytes per feature (BinnedData), also as 32-bit words. */
  bins: Uint8Array;
  binWords: Uint32Array;
  stride: number;
  /** The same bins row-major (features bytes per row), for sparse nodes. */
  rowBins: Uint8Array;
  targets: Float64Array;
  /** Scores and gradients, class-major (class k at k·rows). For log-loss only the validation rows' scores are kept here. */
  raw: Float64Array;
  /** e^−score per training row for log-loss (loss.ts computeGradients), else empty. */
  negativeExp: Float64Array;
  gradients: Float32Array;
  hessians: Float32Array;
  rowIndex: Uint32Array;
  /** Left and right rows of each partition block before they are joined; per block counts and destinations. */
  leftScratch: Uint32Array;
  rightScratch: Uint32Array;
  partitionCounts: Int32Array;
  histograms: Float64Array;
  blockHistograms: Float64Array;
  lossParts: Float64Array;
  /** The finished tree's leaves in row order: rowIndex[leafStarts[j]..leafStarts[j+1]) get leafValues[j]. */
  leafStarts: Int32Array;
  leafValues: Float64Array;
  /** e^−value per leaf, for negativeExp. */
  leafFactors: Float64Array;
}

function shared<T>(make: (buffer: SharedArrayBuffer) => T, bytes: number): T {
  return make(new SharedArrayBuffer(Math.max(8, bytes)));
}

export interface TeamShape {
  rows: number;
  features: number;
  /** Scores per row: 1, or the class count for softmax. */
  classes: number;
  loss: number;
  maxLeaves: number;
  values: Float32Array | null;
  order: Uint32Array | null;
}

export function createTeamState(shape: TeamShape): TeamState {
  const { rows, features, classes, maxLeaves } = shape;
  const length = histogramLength(features);
  const stride = columnStride(rows);
  const bins = shared((buffer) => new Uint8Array(buffer), stride * features);
  return {
    control: shared((buffer) => new Int32Array(buffer), CONTROL.LENGTH * 4),
    rows,
    features,
    classes,
    loss: shape.loss,
    values: shape.values,
    order: shape.order,
    edgeTable: shared((buffer) => new Float32Array(buffer), features * MAX_VALUE_BINS * 4),
    binStatistics: shared((buffer) => new Float32Array(buffer), MAX_BIN_CHUNKS * features * 512 * 4),
    binMissing: shared((buffer) => new Uint8Array(buffer), MAX_BIN_CHUNKS * features),
    bins,
    binWords: new Uint32Array(bins.buffer, 0, bins.length >> 2),
    stride,
    rowBins: shared((buffer) => new Uint8Array(buffer), rows * features),
    targets: shared((buffer) => new Float64Array(buffer), rows * 8),
    raw: shared((buffer) => new Float64Array(buffer), rows * classes * 8),
    negativeExp: shared((buffer) => new Float64Array(buffer), shape.loss === LOSS_CODES['log-loss'] ? rows * 8 : 8),
    gradients: shared((buffer) => new Float32Array(buffer), rows * classes * 4),
    hessians: shared((buffer) => new Float32Array(buffer), rows * classes * 4),
    rowIndex: shared((buffer) => new Uint32Array(buffer), rows * 4),
    leftScratch: shared((buffer) => new Uint32Array(buffer), rows * 4),
    rightScratch: shared((buffer) => new Uint32Array(buffer), rows * 4),
    partitionCounts: shared((buffer) => new Int32Array(buffer), MAX_PARTITION_BLOCKS * 3 * 4),
    histograms: shared((buffer) => new Float64Array(buffer), (maxLeaves + 1) * length * 8),
    blockHistograms: shared((buffer) => new Float64Array(buffer), (MAX_HISTOGRAM_BLOCKS - 1) * length * 8),
    lossParts: shared((buffer) => new Float64Array(buffer), MAX_CHUNKS * 8),
    leafStarts: shared((buffer) => new Int32Array(buffer), (maxLeaves + 1) * 4),
    leafValues: shared((buffer) => new Float64Array(buffer), maxLeaves * 8),
    leafFactors: shared((buffer) => new Float64Array(buffer), maxLeaves * 8),
  };
}

/** A binning chunk's statistics, as views on the shared buffers. */
export function chunkStatistics(state: TeamState, chunk: number): BinStatistics {
  const size = state.features * 256;
  const base = chunk * 2 * size;
  return {
    binMin: state.binStatistics.subarray(base, base + size),
    binMax: state.binStatistics.subarray(base + size, base + 2 * size),
    hasMissing: state.binMissing.subarray(chunk * state.features, (chunk + 1) * state.features),
  };
}

/** Per-thread gather buffers, grown on demand. */
export class Scratch {
  readonly side = new Uint8Array(256);
  gradients = new Float32Array(0);
  hessians = new Float64Array(0);
  ensure(length: number): void {
    if (this.gradients.length >= length) return;
    this.gradients = new Float32Array(length);
    this.hessians = new Float64Array(length);
  }
}

function param(control: Int32Array, index: number): number {
  return Atomics.load(control, CONTROL.PARAMS + index);
}

/** Runs chunk `chunk` of the current job of kind `kind` (parameters in the control words). */
export function executeChunk(state: TeamState, kind: number, chunk: number, scratch: Scratch): void {
  const { control } = state;
  // Every job cuts positions start..end into blocks of blockRows; chunk `chunk` is block `chunk`.
  const start = param(control, 0);
  const end = param(control, 1);
  const blockRows = param(control, 2);
  const from = start + chunk * blockRows;
  const to = Math.min(end, from + blockRows);
  if (kind === JOB_HISTOGRAM) {
    const slot = param(control, 3);
    const contiguous = param(control, 4) === 1;
    const gradientOffset = param(control, 5);
    const unit = 2 ** param(control, 6);
    const length = histogramLength(state.features);
    const target = chunk === 0 ? state.histograms : state.blockHistograms;
    const offset = chunk === 0 ? slot * length : (chunk - 1) * length;
    target.fill(0, offset, offset + length);
    if (contiguous) {
      accumulateContiguous(target, offset, state.bins, state.binWords, state.stride, state.features, state.gradients, state.hessians, gradientOffset, from, to, unit);
    } else if (end - start < ROW_MAJOR_SHARE * state.rows) {
      accumulateRowMajor(target, offset, state.rowBins, state.features, state.gradients, state.hessians, gradientOffset, state.rowIndex, from, to, unit);
    } else {
      scratch.ensure(to - from);
      accumulateIndexed(target, offset, state.bins, state.stride, state.features, state.gradients, state.hessians, gradientOffset, state.rowIndex, from, to, scratch.gradients, scratch.hessians, unit);
    }
  } else if (kind === JOB_GRADIENTS) {
    const withLoss = param(control, 3) === 1;
    state.lossParts[chunk] = computeGradients(LOSS_KINDS[state.loss], state.raw, state.negativeExp, state.targets, state.rows, state.classes, state.gradients, state.hessians, from, to, withLoss);
  } else if (kind === JOB_REDUCE) {
    // Positions are histogram entries here: add blocks 1.. of a histogram job into its slot, in order.
    const slot = param(control, 3) * histogramLength(state.features);
    const length = histogramLength(state.features);
    for (let block = 1; block < param(control, 4); block++) addHistogram(state.histograms, slot + from, state.blockHistograms, (block - 1) * length + from, to - from);
  } else if (kind === JOB_PARTITION) {
    const contiguous = param(control, 6) === 1;
    state.partitionCounts[chunk] = partitionBlock(state, param(control, 3) * state.stride, param(control, 4), param(control, 5), contiguous, from, to, scratch.side);
  } else if (kind === JOB_JOIN) {
    const { partitionCounts: counts, leftScratch, rightScratch, rowIndex } = state;
    const left = counts[chunk];
    rowIndex.set(leftScratch.subarray(from, from + left), counts[MAX_PARTITION_BLOCKS + chunk]);
    rowIndex.set(rightScratch.subarray(from, to - left), counts[2 * MAX_PARTITION_BLOCKS + chunk]);
  } else if (kind === JOB_APPLY_LEAVES) {
    applyLeaves(state, param(control, 3), param(control, 4), from, to);
  } else if (kind === JOB_BIN) {
    const statistics = chunkStatistics(state, chunk);
    statistics.binMin.fill(Number.POSITIVE_INFINITY);
    statistics.binMax.fill(Number.NEGATIVE_INFINITY);
    statistics.hasMissing.fill(0);
    binRows(state.values!, state.features, state.order, state.edgeTable, { bins: state.bins, stride: state.stride, rowBins: state.rowBins }, statistics, from, to);
  } else {
    throw new Error(`Unknown tree team job ${kind}`);
  }
}

/**
 * raw[offset + rowIndex[p]] += the value of the leaf holding position p, for p in from..to; for
 * log-loss negativeExp[row] *= e^−value instead (training rows need no raw score: one scattered
 * array instead of two).
 */
function applyLeaves(state: TeamState, leaves: number, offset: number, from: number, to: number): void {
  const { leafStarts, leafValues, leafFactors, rowIndex, raw, negativeExp } = state;
  const logistic = state.loss === LOSS_CODES['log-loss'];
  let leaf = 0;
  while (leaf + 1 < leaves && leafStarts[leaf + 1] <= from) leaf++;
  let leafEnd = leafStarts[leaf + 1];
  let value = leafValues[leaf];
  let factor = leafFactors[leaf];
  for (let position = from; position < to; position++) {
    while (position >= leafEnd) {
      leaf++;
      leafEnd = leafStarts[leaf + 1];
      value = leafValues[leaf];
      factor = leafFactors[leaf];
    }
    const row = rowIndex[position];
    if (logistic) negativeExp[row] *= factor;
    else raw[offset + row] += value;
  }
}

/**
 * Stable partition of rowIndex[from..to) (of positions from..to when `contiguous`: the root) into
 * leftScratch and rightScratch (both from `from`).
 * Branch-free (a bin → side table, both sides written for every row): the side of a row is
 * unpredictable, and mispredicted branches made this loop ~1.4× slower. Returns the
 * number of left rows.
 */
function partitionBlock(state: TeamState, column: number, splitBin: number, nanLeft: number, contiguous: boolean, from: number, to: number, side: Uint8Array): number {
  for (let bin = 0; bin < side.length; bin++) side[bin] = bin === MISSING_BIN ? nanLeft : bin <= splitBin ? 1 : 0;
  const { rowIndex, leftScratch, rightScratch, bins } = state;
  let left = from;
  let right = from;
  for (let index = from; index < to; index++) {
    const row = contiguous ? index : rowIndex[index];
    const goesLeft = side[bins[column + row]];
    leftScratch[left] = row;
    rightScratch[right] = row;
    left += goesLeft;
    right += 1 - goesLeft;
  }
  return left - from;
}
