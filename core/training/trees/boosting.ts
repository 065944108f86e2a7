// The boosting loop of histogram gradient boosting (reference §2): bin once, then each round
// compute gradients from the current scores, grow one tree per output on them, and add the
// shrunken leaf values to the scores, with scikit-learn's early stopping on a held-out split.
import { CancelledError } from '../../api/errors.js';
import type { WorkerPool } from '../../workers/pool.js';
import type { FeatureMatrix, Target } from '../types.js';
import { fitBinMapper } from './binning.js';
import { TreeGrower } from './grower.js';
import { countUnit } from './histogram.js';
import { baselineScores, LOSS_CODES, lossForTask, meanLoss, type LossKind } from './loss.js';
import type { GradientBoostingParams } from './params.js';
import { SeededRandom } from './random.js';
import { subsampleRows, validationSplit } from './sampling.js';
import { Team } from './team.js';
import { createTeamState, type TeamState } from './team-state.js';
import { leafOfBinnedRow, type Tree } from './tree.js';

/** Rows scikit-learn's early_stopping='auto' needs before it switches on. */
export const AUTO_EARLY_STOPPING_ROWS = 10_000;
/** Rows used to estimate bin edges (scikit-learn, LightGBM). */
export const BINNING_SAMPLE = 200_000;
/** Below this many rows the helpers' start-up costs more than they save. */
export const PARALLEL_MIN_ROWS = 50_000;

export interface IterationProgress {
  /** Boosting rounds done (1-based). */
  iteration: number;
  trainLoss: number;
  /** On the early-stopping split; null when early stopping is off. */
  validationLoss: number | null;
}

export interface TreeTrainingOptions {
  /** Pool whose threads help: histogram row blocks (boosting) or whole trees (forest). */
  pool?: WorkerPool;
  /** Pool tasks to start as helpers (default: the pool's size). */
  helpers?: number;
  /** Boosting: after each round, with the losses of the model so far (metric curves). */
  onIteration?(progress: IterationProgress): void;
  /** After each boosting round or forest tree: how many are done of how many at most. */
  onProgress?(done: number, total: number): void;
  /** Polled between rounds (boosting) or trees (forest); true ends training with a CancelledError. */
  shouldStop?(): boolean;
}

export interface BoostedEnsemble {
  loss: LossKind;
  outputs: number;
  features: number;
  baseline: number[];
  /** Round-major: tree r·outputs + k adds to output k. */
  trees: Tree[];
  learningRate: number;
  iterations: number;
  stoppedEarly: boolean;
  trainLoss: number[];
  validationLoss: number[] | null;
}

/** scikit-learn's _should_stop on losses: no score among the last n beat the one before them by tol. */
export function shouldStopEarly(losses: number[], rounds: number, tol: number): boolean {
  if (losses.length < rounds + 1) return false;
  const reference = losses[losses.length - rounds - 1];
  for (let index = losses.length - rounds; index < losses.length; index++) if (losses[index] < reference - tol) return false;
  return true;
}

export async function trainBoostedTrees(matrix: FeatureMatrix, target: Target, params: GradientBoostingParams, options: TreeTrainingOptions = {}): Promise<BoostedEnsemble> {
  const loss = lossForTask(target.task);
  const outputs = loss === 'softmax' ? target.classes.length : 1;
  const rows = matrix.rows;
  const early = params.earlyStopping === 'auto' ? rows > AUTO_EARLY_STOPPING_ROWS : params.earlyStopping;
  const { order, trainRows } = early ? validationSplit(target, params.validationFraction, new SeededRandom(params.seed, 1)) : { order: null, trainRows: rows };
  const mapper = fitBinMapper(matrix, order ? order.subarray(0, trainRows) : null, { maxBins: params.maxBins, sampleSize: BINNING_SAMPLE, seed: params.seed });
  // Helpers can bin too when the matrix is already in shared memory (a copy would cost more).
  const values = matrix.values.buffer instanceof SharedArrayBuffer ? matrix.values : null;
  const state = createTeamState({ rows, features: matrix.width, classes: outputs, loss: LOSS_CODES[loss], maxLeaves: params.maxLeafNodes, values, order: order && sharedCopy(order) });
  for (let position = 0; position < rows; position++) state.targets[position] = target.values[order ? order[position] : position];
  const baseline = baselineScores(loss, state.targets, trainRows, target.classes.length);
  for (let k = 0; k < outputs; k++) state.raw.fill(baseline[k], k * rows, (k + 1) * rows);
  if (loss === 'log-loss') state.negativeExp.fill(Math.exp(-baseline[0]));

  const team = new Team(state);
  startHelpers(state, options, trainRows);
  try {
    const binned = team.bin(matrix, mapper);
    const grower = new TreeGrower(team, binned, { ...params, l2: params.l2Regularization }, new SeededRandom(params.seed, 3));
    const subsampleRandom = new SeededRandom(params.seed, 2);
    const sampledRows = Math.max(1, Math.round(params.subsample * trainRows));
    const sample = sampledRows < trainRows ? new Uint32Array(sampledRows) : null;
    const unit = countUnit(trainRows, loss === 'squared-error' ? 1 : 0.25);
    const validationRows = rows - trainRows;
    const validationLoss = () => meanLoss(loss, state.raw.subarray(trainRows), rows, state.targets.subarray(trainRows), validationRows, outputs);
    const trees: Tree[] = [];
    const trainLosses: number[] = [];
    const validationLosses: number[] | null = early ? [validationLoss()] : null;
    const report = !!options.onIteration;
    let iterations = 0;
    let stoppedEarly = false;

    for (let round = 0; round < params.maxIter; round++) {
      if (options.shouldStop?.()) throw new CancelledError('training was cancelled');
      // The loss of the scores so far comes with the gradients: the previous round's training loss.
      const lossSum = team.gradients(trainRows, report && round > 0);
      if (round > 0 && report) emitProgress(options, round, lossSum / trainRows, trainLosses, validationLosses);
      if (sample) subsampleRows(trainRows, sampledRows, subsampleRandom, sample);
      for (let k = 0; k < outputs; k++) {
        const rootRows = sample ? sampledRows : trainRows;
        if (sample) state.rowIndex.set(sample);
        const grown = grower.grow(k * rows, rootRows, !sample, unit);
        const { tree } = grown;
        const offset = k * rows;
        team.applyLeaves(grown.leaves.map((leaf) => ({ ...leaf, value: tree.value[leaf.node] })), rootRows, offset);
        if (sample) addToUnsampled(tree, state, sample, trainRows, offset);
        for (let position = trainRows; position < rows; position++) state.raw[offset + position] += tree.value[leafOfBinnedRow(tree, state.bins, state.stride, position)];
        trees.push(tree);
      }
      iterations = round + 1;
      options.onProgress?.(iterations, params.maxIter);
      if (validationLosses) {
        validationLosses.push(validationLoss());
        if (shouldStopEarly(validationLosses, params.nIterNoChange, params.tol)) {
          stoppedEarly = true;
          break;
        }
      }
    }
    if (report) emitProgress(options, iterations, team.gradients(trainRows, true) / trainRows, trainLosses, validationLosses);
    return {
      loss,
      outputs,
      features: matrix.width,
      baseline: Array.from(baseline),
      trees,
      learningRate: params.learningRate,
      iterations,
      stoppedEarly,
      trainLoss: trainLosses,
      validationLoss: validationLosses ? validationLosses.slice(1) : null,
    };
  } finally {
    team.stop();
  }
}

function emitProgress(options: TreeTrainingOptions, iteration: number, trainLoss: number, trainLosses: number[], validationLosses: number[] | null): void {
  trainLosses.push(trainLoss);
  options.onIteration!({ iteration, trainLoss, validationLoss: validationLosses ? validationLosses[iteration] : null });
}

function sharedCopy(values: Uint32Array): Uint32Array {
  const copy = new Uint32Array(new SharedArrayBuffer(values.byteLength));
  copy.set(values);
  return copy;
}

/** Rows left out of a round's subsample still get the tree's value: route them by bins. */
function addToUnsampled(tree: Tree, state: TeamState, sample: Uint32Array, trainRows: number, offset: number): void {
  let next = 0;
  for (let position = 0; position < trainRows; position++) {
    if (next < sample.length && sample[next] === position) {
      next++;
      continue;
    }
    const value = tree.value[leafOfBinnedRow(tree, state.bins, state.stride, position)];
    if (state.negativeExp.length === state.rows) state.negativeExp[position] *= Math.exp(-value);
    else state.raw[offset + position] += value;
  }
}

/**
 * Starts helper tasks on the pool; each returns when the team stops. Their failures surface through
 * the team's failed flag (the growing thread throws), so the promises are not awaited.
 */
function startHelpers(state: TeamState, options: TreeTrainingOptions, trainRows: number): void {
  const { pool } = options;
  if (!pool || trainRows < PARALLEL_MIN_ROWS) return;
  const count = options.helpers ?? pool.size;
  for (let index = 0; index < count; index++) pool.run('treeTeam', state).catch(() => undefined);
}
