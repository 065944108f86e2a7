// Hyperparameters of the tree models: defaults (reference §2 tables) and validation that names
// the valid choices, so a typo or an out-of-range value fails before any work starts.
import { ValidationError } from '../../api/errors.js';
import type { FeatureMatrix, Target } from '../types.js';

export interface GradientBoostingParams {
  learningRate: number;
  /** Boosting rounds (scikit-learn's max_iter); multiclass grows one tree per class per round. */
  maxIter: number;
  maxLeafNodes: number;
  /** Depth limit; null for none (growth is bounded by maxLeafNodes). */
  maxDepth: number | null;
  minSamplesLeaf: number;
  /** Least hessian sum per leaf (scikit-learn's internal min_hessian_to_split, LightGBM's min_sum_hessian_in_leaf). */
  minHessian: number;
  /** L2 penalty λ on leaf values. 0 as in scikit-learn (XGBoost defaults to 1). */
  l2Regularization: number;
  maxBins: number;
  /** Fraction of training rows drawn (without replacement) for each round. */
  subsample: number;
  /** Fraction of features considered at each split. */
  maxFeatures: number;
  /** 'auto': on when there are more than 10,000 rows (scikit-learn). */
  earlyStopping: 'auto' | boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

export const gradientBoostingDefaults: GradientBoostingParams = {
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  minHessian: 1e-3,
  l2Regularization: 0,
  maxBins: 255,
  subsample: 1,
  maxFeatures: 1,
  earlyStopping: 'auto',
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  seed: 0,
};

export interface RandomForestParams {
  nEstimators: number;
  /** Features tried per split: 'sqrt', 'log2', or a fraction in (0, 1]. 'auto' is 'sqrt' for classification and 1 for regression. */
  maxFeatures: 'auto' | 'sqrt' | 'log2' | number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  bootstrap: boolean;
  maxBins: number;
  seed: number;
}

export const randomForestDefaults: RandomForestParams = {
  nEstimators: 100,
  maxFeatures: 'auto',
  maxDepth: null,
  minSamplesLeaf: 1,
  minSamplesSplit: 2,
  bootstrap: true,
  maxBins: 255,
  seed: 0,
};

type Rule = (value: unknown) => boolean;

const integer = (low: number, high: number): Rule => (value) => typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high;
const real = (low: number, high: number, openLow = false): Rule => (value) => typeof value === 'number' && Number.isFinite(value) && (openLow ? value > low : value >= low) && value <= high;
const nullable = (rule: Rule): Rule => (value) => value === null || rule(value);

const gradientBoostingRules: Record<keyof GradientBoostingParams, [Rule, string]> = {
  learningRate: [real(0, 10, true), 'a number in (0, 10]'],
  maxIter: [integer(1, 100_000), 'an integer in 1..100000'],
  maxLeafNodes: [integer(2, 4096), 'an integer in 2..4096'],
  maxDepth: [nullable(integer(1, 1000)), 'null or an integer in 1..1000'],
  minSamplesLeaf: [integer(1, 1e9), 'an integer ≥ 1'],
  minHessian: [real(0, 1e9), 'a number ≥ 0'],
  l2Regularization: [real(0, 1e9), 'a number ≥ 0'],
  maxBins: [integer(2, 255), 'an integer in 2..255'],
  subsample: [real(0, 1, true), 'a number in (0, 1]'],
  maxFeatures: [real(0, 1, true), 'a number in (0, 1]'],
  earlyStopping: [(value) => value === 'auto' || typeof value === 'boolean', "'auto', true or false"],
  validationFraction: [real(0, 1, true), 'a number in (0, 1)'],
  nIterNoChange: [integer(1, 100_000), 'an integer ≥ 1'],
  tol: [real(0, 1e9), 'a number ≥ 0'],
  seed: [integer(0, 2 ** 32 - 1), 'an integer in 0..4294967295'],
};

const randomForestRules: Record<keyof RandomForestParams, [Rule, string]> = {
  nEstimators: [integer(1, 100_000), 'an integer in 1..100000'],
  maxFeatures: [(value) => value === 'auto' || value === 'sqrt' || value === 'log2' || real(0, 1, true)(value), "'auto', 'sqrt', 'log2' or a number in (0, 1]"],
  maxDepth: [nullable(integer(1, 1000)), 'null or an integer in 1..1000'],
  minSamplesLeaf: [integer(1, 1e9), 'an integer ≥ 1'],
  minSamplesSplit: [integer(2, 1e9), 'an integer ≥ 2'],
  bootstrap: [(value) => typeof value === 'boolean', 'true or false'],
  maxBins: [integer(2, 255), 'an integer in 2..255'],
  seed: [integer(0, 2 ** 32 - 1), 'an integer in 0..4294967295'],
};

function resolve<Params extends object>(given: Partial<Params>, defaults: Params, rules: Record<keyof Params, [Rule, string]>): Params {
  const known = Object.keys(defaults);
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) throw new ValidationError(`unknown parameter "${name}"; valid parameters: ${known.join(', ')}`, { parameter: name, valid: known });
  }
  const params = { ...defaults, ...given };
  for (const name of known as (keyof Params & string)[]) {
    const [valid, expected] = rules[name];
    if (!valid(params[name])) {
      throw new ValidationError(`parameter ${name} must be ${expected}; got ${JSON.stringify(params[name])} (default ${JSON.stringify(defaults[name])})`, { parameter: name, expected });
    }
  }
  return params;
}

export function resolveGradientBoostingParams(given: Partial<GradientBoostingParams> = {}): GradientBoostingParams {
  const params = resolve(given, gradientBoostingDefaults, gradientBoostingRules);
  if (params.validationFraction >= 1) throw new ValidationError('parameter validationFraction must be below 1', { parameter: 'validationFraction' });
  return params;
}

export function resolveRandomForestParams(given: Partial<RandomForestParams> = {}): RandomForestParams {
  return resolve(given, randomForestDefaults, randomForestRules);
}

/** Checks shapes and the target: class indices 0..C−1 with every class present, or finite values. */
export function checkTrainingData(matrix: FeatureMatrix, target: Target): number {
  if (matrix.rows === 0) throw new ValidationError('the training split has no rows');
  if (matrix.width === 0) throw new ValidationError('the model needs at least one feature column');
  if (matrix.values.length !== matrix.rows * matrix.width) throw new Error(`feature matrix holds ${matrix.values.length} values for ${matrix.rows} × ${matrix.width}`);
  if (target.values.length !== matrix.rows) throw new Error(`target has ${target.values.length} rows, features ${matrix.rows}`);
  if (target.task === 'regression') {
    for (let row = 0; row < matrix.rows; row++) {
      if (!Number.isFinite(target.values[row])) throw new ValidationError(`target value in row ${row} is missing or not finite`);
    }
    return 1;
  }
  const classes = target.classes.length;
  if (classes < 2) throw new ValidationError('classification needs at least two classes in the training split');
  const seen = new Uint8Array(classes);
  for (let row = 0; row < matrix.rows; row++) {
    const value = target.values[row];
    if (!(Number.isInteger(value) && value >= 0 && value < classes)) throw new ValidationError(`target in row ${row} is missing or not a class index`);
    seen[value] = 1;
  }
  if (seen.includes(0)) throw new ValidationError(`class "${target.classes[seen.indexOf(0)]}" does not occur in the training split`);
  return classes;
}
