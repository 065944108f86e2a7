// Gradient-boosted trees and random forests as trainable models: user-facing parameter names
// (snake_case, as scikit-learn spells them) mapped onto the learners' options.
import { CancelledError } from '../../api/errors.js';
import { WorkerPool } from '../../workers/pool.js';
import type { FittedModel, ModelDefinition, ParamSpec } from '../model-catalogue.js';
import { PARALLEL_MIN_ROWS, type TreeTrainingOptions } from './boosting.js';
import { RandomForest } from './forest.js';
import { GradientBoosting } from './gbdt.js';
import { gradientBoostingDefaults, randomForestDefaults } from './params.js';

const gbdtParams: ParamSpec[] = [
  { name: 'learning_rate', type: 'number', default: gradientBoostingDefaults.learningRate, min: 0, minInclusive: false, max: 10, description: 'shrinkage applied to each tree' },
  { name: 'max_iter', type: 'integer', default: gradientBoostingDefaults.maxIter, min: 1, max: 100_000, description: 'boosting rounds' },
  { name: 'max_leaf_nodes', type: 'integer', default: gradientBoostingDefaults.maxLeafNodes, min: 2, max: 4096, description: 'leaves per tree (leaf-wise growth)' },
  { name: 'max_depth', type: 'integer', default: 0, min: 0, max: 64, description: 'depth limit; 0 for none' },
  { name: 'min_samples_leaf', type: 'integer', default: gradientBoostingDefaults.minSamplesLeaf, min: 1, max: 1_000_000, description: 'rows per leaf at least' },
  { name: 'l2_regularization', type: 'number', default: gradientBoostingDefaults.l2Regularization, min: 0, description: 'L2 penalty on leaf values' },
  { name: 'max_bins', type: 'integer', default: gradientBoostingDefaults.maxBins, min: 2, max: 255, description: 'histogram bins per feature (plus one for missing values)' },
  { name: 'subsample', type: 'number', default: gradientBoostingDefaults.subsample, min: 0, minInclusive: false, max: 1, description: 'fraction of rows drawn for each round' },
  { name: 'max_features', type: 'number', default: gradientBoostingDefaults.maxFeatures, min: 0, minInclusive: false, max: 1, description: 'fraction of features tried at each split' },
  { name: 'validation_fraction', type: 'number', default: gradientBoostingDefaults.validationFraction, min: 0, minInclusive: false, max: 0.5, description: 'rows held out for early stopping (on above 10,000 rows)' },
  { name: 'n_iter_no_change', type: 'integer', default: gradientBoostingDefaults.nIterNoChange, min: 1, max: 10_000, description: 'rounds without improvement before stopping early' },
];

const forestParams: ParamSpec[] = [
  { name: 'n_estimators', type: 'integer', default: randomForestDefaults.nEstimators, min: 1, max: 10_000, description: 'trees in the forest' },
  { name: 'max_features', type: 'number', default: 0, min: 0, max: 1, description: 'fraction of features tried per split; 0 for sqrt (classification) or all (regression)' },
  { name: 'max_depth', type: 'integer', default: 0, min: 0, max: 64, description: 'depth limit; 0 for none' },
  { name: 'min_samples_leaf', type: 'integer', default: randomForestDefaults.minSamplesLeaf, min: 1, max: 1_000_000, description: 'rows per leaf at least' },
  { name: 'min_samples_split', type: 'integer', default: randomForestDefaults.minSamplesSplit, min: 2, max: 1_000_000, description: 'rows a node needs to be split' },
  { name: 'bootstrap', type: 'boolean', default: randomForestDefaults.bootstrap, description: 'draw each tree’s rows with replacement' },
  { name: 'max_bins', type: 'integer', default: randomForestDefaults.maxBins, min: 2, max: 255, description: 'candidate thresholds per feature' },
];

/**
 * Large data trains with helper threads (histogram blocks for boosting, whole trees for forests);
 * small data is faster on one thread than the helpers' start-up.
 */
async function withPool<Result>(rows: number, work: (options: TreeTrainingOptions) => Promise<Result>, base: TreeTrainingOptions): Promise<Result> {
  if (rows < PARALLEL_MIN_ROWS) return work(base);
  const pool = new WorkerPool();
  try {
    return await work({ ...base, pool });
  } finally {
    await pool.close();
  }
}

export const gradientBoostingDefinition: ModelDefinition = {
  kind: 'gbdt',
  label: 'Gradient-boosted trees',
  forTrees: true,
  params: () => gbdtParams,
  async fit(params, context): Promise<FittedModel> {
    const model = await withPool(
      context.train.rows,
      (options) =>
        GradientBoosting.fit(
          context.train,
          context.trainTarget,
          {
            learningRate: params.learning_rate as number,
            maxIter: params.max_iter as number,
            maxLeafNodes: params.max_leaf_nodes as number,
            maxDepth: (params.max_depth as number) || null,
            minSamplesLeaf: params.min_samples_leaf as number,
            l2Regularization: params.l2_regularization as number,
            maxBins: params.max_bins as number,
            subsample: params.subsample as number,
            maxFeatures: params.max_features as number,
            validationFraction: params.validation_fraction as number,
            nIterNoChange: params.n_iter_no_change as number,
            seed: context.seed,
          },
          options,
        ),
      {
        onIteration: (progress) =>
          context.onIteration(progress.iteration, { train_loss: progress.trainLoss, ...(progress.validationLoss === null ? {} : { validation_loss: progress.validationLoss }) }),
        shouldStop: () => context.signal.aborted,
      },
    );
    if (context.signal.aborted) throw new CancelledError('Training was cancelled');
    return { model, gainImportance: model.featureImportance(), details: { trees: model.ensemble.trees.length } };
  },
};

export const randomForestDefinition: ModelDefinition = {
  kind: 'rf',
  label: 'Random forest',
  forTrees: true,
  params: () => forestParams,
  async fit(params, context): Promise<FittedModel> {
    const model = await withPool(
      context.train.rows,
      (options) =>
        RandomForest.fit(
          context.train,
          context.trainTarget,
          {
            nEstimators: params.n_estimators as number,
            maxFeatures: (params.max_features as number) || 'auto',
            maxDepth: (params.max_depth as number) || null,
            minSamplesLeaf: params.min_samples_leaf as number,
            minSamplesSplit: params.min_samples_split as number,
            bootstrap: params.bootstrap as boolean,
            maxBins: params.max_bins as number,
            seed: context.seed,
          },
          options,
        ),
      { shouldStop: () => context.signal.aborted },
    );
    return { model, gainImportance: model.featureImportance(), details: { trees: params.n_estimators as number } };
  },
};
