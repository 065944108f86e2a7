// Work sharing between the thread that grows a boosted tree and helper threads of the worker pool.
//
// Design (measured on the 2-core bench machine, see bench/train): the bins, gradients, row
// partition and histograms live in SharedArrayBuffers (team-state.ts); a job (binning, one node's
// histogram, a partition, a gradient pass) is cut into row blocks that threads claim with
// compare-and-swap on one control word. The calling thread claims blocks too, so a helper that
// starts late, or never (a busy or one-thread pool), only costs speed, never progress.
// Synchronisation is Atomics.wait/notify after a short spin, not postMessage: a message round trip
// (~50-100 µs plus structured cloning) per node would cost more than the histograms of the many
// small nodes, and the growing thread must run synchronously. Row blocks rather than feature
// groups: 28 features cut into 4-feature groups (the fast kernel) give 7 uneven shares, while row
// blocks balance evenly (helpers sped histogram building up 1.8× on 2 cores; 1.25× for nodes
// under 8,000 rows). Each block writes its own histogram and blocks are summed in block order, so
// the result does not depend on which thread took which block: same seed, same data → the same
// trees with or without helpers.
import type { FeatureMatrix } from '../types.js';
import { binRows, edgeTable, emptyStatistics, mergeStatistics, valueBinsOf, type BinMapper, type BinnedData } from './binning.js';
import { histogramLength } from './histogram.js';
import {
  chunkStatistics,
  CONTROL,
  executeChunk,
  JOB_APPLY_LEAVES,
  JOB_BIN,
  JOB_GRADIENTS,
  JOB_HISTOGRAM,
  JOB_JOIN,
  JOB_PARTITION,
  JOB_REDUCE,
  MAX_BIN_CHUNKS,
  MAX_CHUNKS,
  MAX_HISTOGRAM_BLOCKS,
  MAX_PARTITION_BLOCKS,
  MIN_BLOCK_ROWS,
  MIN_PARTITION_ROWS,
  Scratch,
  type TeamState,
} from './team-state.js';

const { CLAIM, DONE, STOP, FAILED, ACTIVE, KIND, CHUNKS, PARAMS } = CONTROL;
// CLAIM holds generation << 10 | next unclaimed chunk; chunk CHUNK_MASK marks a closed job.
const CHUNK_BITS = 10;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
const GENERATIONS = 1 << 21;
/** Atomics.load polls before sleeping: a sleeping thread takes tens of µs to wake, a node's job may be shorter. */
const SPINS = 100_000;

/** Returns once control[index] may differ from `value`: polls a while, then sleeps up to `timeout` ms. */
function waitWhile(control: Int32Array, index: number, value: number, timeout?: number): void {
  for (let spin = 0; spin < SPINS; spin++) if (Atomics.load(control, index) !== value) return;
  Atomics.wait(control, index, value, timeout);
}

/** Claims and runs chunks of the current job until none is left; returns how many it ran. */
function claimChunks(state: TeamState, generation: number, scratch: Scratch): number {
  const { control } = state;
  let ran = 0;
  for (;;) {
    const word = Atomics.load(control, CLAIM);
    if (word >>> CHUNK_BITS !== generation) return ran;
    const chunk = word & CHUNK_MASK;
    if (chunk >= Atomics.load(control, CHUNKS)) return ran;
    if (Atomics.compareExchange(control, CLAIM, word, word + 1) !== word) continue;
    try {
      executeChunk(state, Atomics.load(control, KIND), chunk, scratch);
    } catch (error) {
      Atomics.store(control, FAILED, 1);
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
      throw error;
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
    ran++;
  }
}

/** The helper side: serves jobs until the team stops. Runs as a worker-pool task. */
export function serveTeam(state: TeamState): { chunks: number } {
  const { control } = state;
  const scratch = new Scratch();
  let lastGeneration = -1;
  let chunks = 0;
  Atomics.add(control, ACTIVE, 1);
  try {
    for (;;) {
      if (Atomics.load(control, STOP) === 1) return { chunks };
      const word = Atomics.load(control, CLAIM);
      const generation = word >>> CHUNK_BITS;
      if (generation === lastGeneration) {
        waitWhile(control, CLAIM, word);
        continue;
      }
      chunks += claimChunks(state, generation, scratch);
      lastGeneration = generation;
    }
  } finally {
    Atomics.sub(control, ACTIVE, 1);
    Atomics.notify(control, ACTIVE);
  }
}

/** Splits `rows` into at most `most` blocks of at least `least` rows (a multiple of 4), as [blocks, blockRows]. */
function blocksOf(rows: number, least: number, most: number): [number, number] {
  const blocks = Math.max(1, Math.min(most, Math.floor(rows / least)));
  return [blocks, Math.ceil(rows / blocks / 4) * 4];
}

/** The growing thread's side: publishes jobs, takes part in them, waits for the rest. */
export class Team {
  private generation = 0;
  private readonly scratch = new Scratch();

  constructor(readonly state: TeamState) {}

  /**
   * Runs a job over positions start..end in `chunks` blocks of `blockRows`, with further integer
   * parameters; returns when every block is done.
   */
  private run(kind: number, start: number, end: number, chunks: number, blockRows: number, params: number[] = []): void {
    const { control } = this.state;
    if (chunks < 1 || chunks >= CHUNK_MASK) throw new Error(`chunk count ${chunks} out of range`);
    // Close the previous job's claim word before its parameters change: a helper that read the
    // old word and then the new chunk count must fail its compare-and-swap, or it would run a
    // chunk of the new job under the old generation (found as differing trees under heavy load).
    Atomics.store(control, CLAIM, (this.generation << CHUNK_BITS) | CHUNK_MASK);
    Atomics.store(control, KIND, kind);
    Atomics.store(control, CHUNKS, chunks);
    Atomics.store(control, PARAMS, start);
    Atomics.store(control, PARAMS + 1, end);
    Atomics.store(control, PARAMS + 2, blockRows);
    for (let index = 0; index < params.length; index++) Atomics.store(control, PARAMS + 3 + index, params[index]);
    Atomics.store(control, DONE, 0);
    this.generation = (this.generation + 1) % GENERATIONS;
    Atomics.store(control, CLAIM, this.generation << CHUNK_BITS);
    if (chunks > 1) Atomics.notify(control, CLAIM);
    claimChunks(this.state, this.generation, this.scratch);
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= chunks) break;
      waitWhile(control, DONE, done, 50);
    }
    if (Atomics.load(control, FAILED) === 1) throw new Error('A tree helper thread failed; see the worker error');
  }

  /**
   * Bins the matrix (positions in the state's order) with `mapper`'s edges, in parallel when the
   * matrix values are in shared memory, and returns the binned data (bins, extremes, NaN flags).
   */
  bin(matrix: FeatureMatrix, mapper: BinMapper): BinnedData {
    const { state } = this;
    edgeTable(mapper, state.edgeTable);
    const statistics = emptyStatistics(state.features);
    if (state.values) {
      const [chunks, tileRows] = blocksOf(state.rows, 16_384, MAX_BIN_CHUNKS);
      this.run(JOB_BIN, 0, state.rows, chunks, tileRows);
      for (let chunk = 0; chunk < chunks; chunk++) mergeStatistics(statistics, chunkStatistics(state, chunk));
    } else {
      binRows(matrix.values, state.features, state.order, state.edgeTable, { bins: state.bins, stride: state.stride, rowBins: state.rowBins }, statistics, 0, state.rows);
    }
    return { rows: state.rows, features: state.features, bins: state.bins, stride: state.stride, valueBins: valueBinsOf(mapper), ...statistics };
  }

  /**
   * One node's histogram into `slot`, from rows start..end (contiguous positions or rowIndex),
   * counts packed with `unit` (a power of two, see histogram.ts).
   */
  histogram(slot: number, start: number, end: number, contiguous: boolean, gradientOffset: number, unit: number): void {
    const [blocks, blockRows] = blocksOf(end - start, MIN_BLOCK_ROWS, MAX_HISTOGRAM_BLOCKS);
    this.run(JOB_HISTOGRAM, start, end, blocks, blockRows, [slot, contiguous ? 1 : 0, gradientOffset, Math.log2(unit)]);
    if (blocks > 1) {
      const length = histogramLength(this.state.features);
      const [chunks, chunkLength] = blocksOf(length, 2048, 8);
      this.run(JOB_REDUCE, 0, length, chunks, chunkLength, [slot, blocks]);
    }
  }

  /** Gradients and hessians of positions 0..rows; returns the summed loss of the current scores when asked. */
  gradients(rows: number, withLoss: boolean): number {
    const [chunks, chunkRows] = blocksOf(rows, 32_768, MAX_CHUNKS);
    this.run(JOB_GRADIENTS, 0, rows, chunks, chunkRows, [withLoss ? 1 : 0]);
    let total = 0;
    for (let chunk = 0; chunk < chunks; chunk++) total += this.state.lossParts[chunk];
    return total;
  }

  /**
   * Stable partition of rowIndex[start..end) by "bin <= splitBin goes left" on `feature` (NaN by
   * `nanLeft`); returns where the right-hand rows begin. `contiguous`: the rows are positions
   * start..end (the root), rowIndex need not hold them. Two jobs: blocks split into scratch, then
   * copy back to their places, so no thread moves all rows alone.
   */
  partition(start: number, end: number, feature: number, splitBin: number, nanLeft: boolean, contiguous: boolean): number {
    const [blocks, blockRows] = blocksOf(end - start, MIN_PARTITION_ROWS, MAX_PARTITION_BLOCKS);
    this.run(JOB_PARTITION, start, end, blocks, blockRows, [feature, splitBin, nanLeft ? 1 : 0, contiguous ? 1 : 0]);
    const counts = this.state.partitionCounts;
    let left = start;
    for (let block = 0; block < blocks; block++) left += counts[block];
    let nextLeft = start;
    let nextRight = left;
    for (let block = 0; block < blocks; block++) {
      counts[MAX_PARTITION_BLOCKS + block] = nextLeft;
      counts[2 * MAX_PARTITION_BLOCKS + block] = nextRight;
      nextLeft += counts[block];
      nextRight += Math.min(end, start + (block + 1) * blockRows) - (start + block * blockRows) - counts[block];
    }
    this.run(JOB_JOIN, start, end, blocks, blockRows);
    return left;
  }

  /**
   * Adds each leaf's value to the raw scores (at `offset`) of its rows: `leaves` are the grown
   * tree's leaves, which together hold rowIndex[0..rows). (Fusing this scattered pass with the
   * next gradient pass measured 3× slower than the two: the fused pass scatters over five arrays.)
   */
  applyLeaves(leaves: ReadonlyArray<{ start: number; end: number; value: number }>, rows: number, offset: number): void {
    const ordered = [...leaves].sort((left, right) => left.start - right.start);
    const { leafStarts, leafValues, leafFactors } = this.state;
    ordered.forEach((leaf, index) => {
      leafStarts[index] = leaf.start;
      leafValues[index] = leaf.value;
      leafFactors[index] = Math.exp(-leaf.value);
    });
    leafStarts[ordered.length] = rows;
    const [chunks, blockRows] = blocksOf(rows, 65_536, MAX_CHUNKS);
    this.run(JOB_APPLY_LEAVES, 0, rows, chunks, blockRows, [ordered.length, offset]);
  }

  /**
   * Releases the helpers and waits until none is inside a job. A helper task still queued in a
   * busy pool is not waited for: when it starts it sees the stop flag and returns at once.
   */
  stop(): void {
    const { control } = this.state;
    Atomics.store(control, STOP, 1);
    Atomics.store(control, CLAIM, ((this.generation + 1) % GENERATIONS) << CHUNK_BITS);
    Atomics.notify(control, CLAIM);
    for (;;) {
      const active = Atomics.load(control, ACTIVE);
      if (active === 0) return;
      Atomics.wait(control, ACTIVE, active, 50);
    }
  }
}
