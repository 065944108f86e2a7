// Random forest on the histogram tree builder (reference §2 "Random forest defaults"): bootstrap
// rows, a random subset of features per split, fully grown trees; the probability is the mean of
// the trees' leaf class fractions. Trees are built in parallel: the calling thread and pool
// helpers claim tree numbers from one shared counter, and each tree's randomness derives from the
// seed and its number only, so the forest is the same whichever thread built which tree.
import { CancelledError } from '../../api/errors.js';
import type { GraphBuilder } from '../../onnx/builder.js';
import type { FeatureMatrix, Predictions, Target, TrainedModel } from '../types.js';
import { binMatrix, fitBinMapper, type BinnedData } from './binning.js';
import { BINNING_SAMPLE, type TreeTrainingOptions } from './boosting.js';
import { ForestScratch, forestChannels, growForestTree, type ForestTreeOptions } from './forest-tree.js';
import { gainImportance } from './importance.js';
import { appendForestEnsemble } from './onnx-export.js';
import { checkTrainingData, resolveRandomForestParams, type RandomForestParams } from './params.js';
import { leafOfRow, treeFromJSON, treeToJSON, type Tree } from './tree.js';

const NEXT_TREE = 0;
const MEMBERS = 1; // helpers that joined, plus CLOSED once the caller stopped admitting them
const FINISHED = 2; // trees built so far, by any thread
const CLOSED = 1 << 30;

/** What a forest helper needs; the bins and targets are shared memory. */
export interface ForestJob {
  control: Int32Array;
  binned: BinnedData;
  targets: Float64Array;
  options: ForestTreeOptions;
  trees: number;
}

export interface ForestJobResult {
  joined: boolean;
  trees: Array<{ index: number; tree: Tree }>;
}

/** Builds trees until none is left. A helper joins only while the caller still admits members. */
export function buildForestTrees(job: ForestJob, helper: boolean, onTree?: (finished: number) => void): ForestJobResult {
  const { control } = job;
  if (helper) {
    for (;;) {
      const members = Atomics.load(control, MEMBERS);
      if (members & CLOSED) return { joined: false, trees: [] };
      if (Atomics.compareExchange(control, MEMBERS, members, members + 1) === members) break;
    }
  }
  const scratch = new ForestScratch(job.binned.features, forestChannels(job.options.classes));
  const trees: ForestJobResult['trees'] = [];
  for (;;) {
    const index = Atomics.add(control, NEXT_TREE, 1);
    if (index >= job.trees) return { joined: true, trees };
    trees.push({ index, tree: growForestTree(job, job.options, index, scratch) });
    onTree?.(Atomics.add(control, FINISHED, 1) + 1);
  }
}

export interface ForestSpec {
  task: Target['task'];
  classes: number;
  features: number;
  trees: Tree[];
}

export class RandomForest implements TrainedModel {
  constructor(readonly spec: ForestSpec) {}

  static async fit(matrix: FeatureMatrix, target: Target, params: Partial<RandomForestParams> = {}, options: TreeTrainingOptions = {}): Promise<RandomForest> {
    const resolved = resolveRandomForestParams(params);
    const classCount = checkTrainingData(matrix, target);
    const classes = target.task === 'regression' ? 0 : classCount;
    const mapper = fitBinMapper(matrix, null, { maxBins: resolved.maxBins, sampleSize: BINNING_SAMPLE, seed: resolved.seed });
    const binned = binMatrix(matrix, mapper);
    const targets = new Float64Array(new SharedArrayBuffer(matrix.rows * 8));
    targets.set(target.values);
    const job: ForestJob = {
      control: new Int32Array(new SharedArrayBuffer(12)),
      binned,
      targets,
      options: {
        classes,
        featuresPerSplit: featuresPerSplit(resolved.maxFeatures, matrix.width, classes > 0),
        maxDepth: resolved.maxDepth,
        minSamplesLeaf: resolved.minSamplesLeaf,
        minSamplesSplit: resolved.minSamplesSplit,
        bootstrap: resolved.bootstrap,
        seed: resolved.seed,
      },
      trees: resolved.nEstimators,
    };
    const helpers = startForestHelpers(job, options);
    let cancelled = false;
    const own = buildForestTrees(job, false, (finished) => {
      options.onProgress?.(finished, job.trees);
      if (!cancelled && options.shouldStop?.()) {
        cancelled = true;
        Atomics.store(job.control, NEXT_TREE, job.trees);
      }
    });
    const results = [own, ...(await helpers.joined())];
    if (cancelled) throw new CancelledError('training was cancelled');
    const trees: Tree[] = new Array(job.trees);
    for (const result of results) for (const { index, tree } of result.trees) trees[index] = tree;
    return new RandomForest({ task: target.task, classes, features: matrix.width, trees });
  }

  predict(matrix: FeatureMatrix): Predictions {
    const { trees, classes, features } = this.spec;
    if (matrix.width !== features) throw new Error(`the model was trained on ${features} features, the matrix has ${matrix.width}`);
    const outputs = classes > 0 ? classes : 1;
    const sums = new Float64Array(matrix.rows * outputs);
    for (const tree of trees) {
      for (let row = 0; row < matrix.rows; row++) {
        const leaf = leafOfRow(tree, matrix.values, row * features);
        for (let k = 0; k < outputs; k++) sums[row * outputs + k] += tree.value[leaf * outputs + k];
      }
    }
    for (let index = 0; index < sums.length; index++) sums[index] /= trees.length;
    return classes > 0 ? { probabilities: sums } : { values: sums };
  }

  /** Mean over trees of each tree's normalised impurity decrease (scikit-learn's feature_importances_). */
  featureImportance(): Float64Array {
    return gainImportance(this.spec.trees, this.spec.features, true);
  }

  appendOnnx(graph: GraphBuilder, featureTensor: string, target: Target): void {
    appendForestEnsemble(graph, featureTensor, this.spec.trees, target);
  }

  toJSON(): Record<string, unknown> {
    return { kind: 'random_forest', ...this.spec, trees: this.spec.trees.map(treeToJSON) };
  }

  static fromJSON(json: Record<string, unknown>): RandomForest {
    if (json.kind !== 'random_forest') throw new Error(`not a random forest model: ${String(json.kind)}`);
    const { kind: _kind, trees, ...rest } = json;
    return new RandomForest({ ...(rest as Omit<ForestSpec, 'trees'>), trees: (trees as Record<string, number[] | number>[]).map(treeFromJSON) });
  }
}

/** scikit-learn's max_features: 'sqrt' → ⌊√F⌋, 'log2' → ⌊log₂F⌋, a fraction → ⌊f·F⌋, at least 1. */
export function featuresPerSplit(maxFeatures: RandomForestParams['maxFeatures'], features: number, classification: boolean): number {
  const choice = maxFeatures === 'auto' ? (classification ? 'sqrt' : 1) : maxFeatures;
  const count = choice === 'sqrt' ? Math.sqrt(features) : choice === 'log2' ? Math.log2(features) : choice * features;
  return Math.max(1, Math.min(features, Math.floor(count)));
}

/**
 * Starts helper tasks; `joined()` resolves with the results of those that joined before the caller
 * finished its own trees. Helpers still queued in a busy pool are not waited for: when they start
 * they find the forest closed and return at once.
 */
function startForestHelpers(job: ForestJob, options: TreeTrainingOptions): { joined(): Promise<ForestJobResult[]> } {
  const { pool } = options;
  const count = pool ? (options.helpers ?? pool.size) : 0;
  const results: ForestJobResult[] = [];
  let failure: Error | null = null;
  let settle: (() => void) | null = null;
  let expected = Number.POSITIVE_INFINITY;
  const check = () => {
    if (settle && (failure || results.length >= expected)) settle();
  };
  for (let index = 0; index < count; index++) {
    pool!
      .run('forestTrees', job)
      .then((result) => {
        if (result.joined) results.push(result);
      })
      .catch((error: Error) => {
        failure = error;
      })
      .finally(check);
  }
  return {
    joined() {
      expected = Atomics.or(job.control, MEMBERS, CLOSED) & ~CLOSED;
      return new Promise<ForestJobResult[]>((resolve, reject) => {
        settle = () => (failure ? reject(failure) : resolve(results));
        check();
      });
    },
  };
}
