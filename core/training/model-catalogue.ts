// The models a user can train, their parameters (with defaults, types and ranges, shown in the
// CLI and the Train dialog) and how each one fits. Parameter names are the user's words
// (`--param learning_rate=0.05`); each fit maps them onto its learner.
import type { ModelParamSpec } from '../api/contract.js';
import { ValidationError } from '../api/errors.js';
import { logisticRegressionDefaults, LogisticRegression, ridgeDefaults, RidgeRegression } from './linear.js';
import { mlpDefinition } from './mlp/mlp.js';
import { gradientBoostingDefinition, randomForestDefinition } from './trees/tree-definitions.js';
import type { FeatureMatrix, Target, Task, TrainedModel } from './types.js';

/** A parameter as the catalogue route shows it (core/api/contract.ts). */
export type ParamSpec = ModelParamSpec;

export interface FitContext {
  train: FeatureMatrix;
  trainTarget: Target;
  validation: FeatureMatrix;
  validationTarget: Target;
  seed: number;
  /** Per-iteration learning curves (trees per round, networks per epoch). */
  onIteration(step: number, metrics: Record<string, number>): void;
  signal: AbortSignal;
}

export interface FittedModel {
  model: TrainedModel;
  /** Gain-based importance per feature, where the learner has one (trees). */
  gainImportance?: Float64Array;
  /** Learner facts worth recording (iterations used, convergence). */
  details: Record<string, string | number | boolean>;
}

export interface ModelDefinition {
  kind: string;
  label: string;
  /** Trees take raw numbers (NaN included); linear models and networks get imputed, scaled inputs. */
  forTrees: boolean;
  params(task: Task): ParamSpec[];
  fit(params: Record<string, number | boolean>, context: FitContext): Promise<FittedModel>;
}

const linear: ModelDefinition = {
  kind: 'lr',
  label: 'Logistic regression / ridge',
  forTrees: false,
  params(task) {
    return task === 'regression'
      ? [
          { name: 'alpha', type: 'number', default: ridgeDefaults.alpha, min: 0, description: 'L2 regularisation strength' },
          { name: 'fit_intercept', type: 'boolean', default: ridgeDefaults.fitIntercept, description: 'learn an intercept' },
        ]
      : [
          { name: 'C', type: 'number', default: logisticRegressionDefaults.C, min: 0, minInclusive: false, description: 'inverse L2 regularisation strength (scikit-learn C)' },
          { name: 'max_iter', type: 'integer', default: logisticRegressionDefaults.maxIter, min: 1, max: 100_000, description: 'L-BFGS iterations at most' },
          { name: 'tol', type: 'number', default: logisticRegressionDefaults.tol, min: 0, minInclusive: false, description: 'gradient tolerance to stop' },
          { name: 'fit_intercept', type: 'boolean', default: logisticRegressionDefaults.fitIntercept, description: 'learn an intercept' },
        ];
  },
  async fit(params, context): Promise<FittedModel> {
    if (context.trainTarget.task === 'regression') {
      const model = RidgeRegression.fit(context.train, context.trainTarget, { alpha: params.alpha as number, fitIntercept: params.fit_intercept as boolean });
      return { model, details: {} };
    }
    const model = LogisticRegression.fit(context.train, context.trainTarget, {
      C: params.C as number,
      maxIter: params.max_iter as number,
      tol: params.tol as number,
      fitIntercept: params.fit_intercept as boolean,
    });
    return { model, details: { iterations: model.spec.iterations, converged: model.spec.converged } };
  },
};

const catalogue = new Map<string, ModelDefinition>([linear, gradientBoostingDefinition, randomForestDefinition, mlpDefinition].map((definition) => [definition.kind, definition]));

export function modelKinds(): string[] {
  return [...catalogue.keys()];
}

export function modelDefinition(kind: string): ModelDefinition {
  const definition = catalogue.get(kind);
  if (!definition) throw new ValidationError(`Unknown model '${kind}'. Valid models: ${modelKinds().join(', ')}.`, { field: 'model' });
  return definition;
}

/**
 * User-given values (strings from the CLI, numbers or booleans from JSON) checked against the
 * model's specs and merged over the defaults. Errors name the parameter and list the valid ones.
 */
export function resolveParams(definition: ModelDefinition, task: Task, given: Record<string, unknown>): Record<string, number | boolean> {
  const specs = definition.params(task);
  const resolved: Record<string, number | boolean> = Object.fromEntries(specs.map((spec) => [spec.name, spec.default]));
  for (const [name, raw] of Object.entries(given)) {
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) {
      throw new ValidationError(`Unknown parameter '${name}' for model '${definition.kind}' (${task}). Valid parameters: ${specs.map((candidate) => candidate.name).join(', ')}.`, {
        field: `params.${name}`,
      });
    }
    resolved[name] = parseValue(spec, raw);
  }
  return resolved;
}

function parseValue(spec: ParamSpec, raw: unknown): number | boolean {
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new ValidationError(`Parameter '${spec.name}' must be true or false, got '${String(raw)}'.`, { field: `params.${spec.name}` });
  }
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  const range = describeRange(spec);
  if (!Number.isFinite(value) || (spec.type === 'integer' && !Number.isInteger(value))) {
    throw new ValidationError(`Parameter '${spec.name}' must be ${spec.type === 'integer' ? 'an integer' : 'a number'}${range}, got '${String(raw)}'.`, { field: `params.${spec.name}` });
  }
  const belowMin = spec.min !== undefined && (spec.minInclusive === false ? value <= spec.min : value < spec.min);
  if (belowMin || (spec.max !== undefined && value > spec.max)) {
    throw new ValidationError(`Parameter '${spec.name}' is out of range${range}: got ${value}.`, { field: `params.${spec.name}` });
  }
  return value;
}

function describeRange(spec: ParamSpec): string {
  const low = spec.min === undefined ? '' : `${spec.minInclusive === false ? '>' : '≥'} ${spec.min}`;
  const high = spec.max === undefined ? '' : `≤ ${spec.max}`;
  return low || high ? ` (${[low, high].filter(Boolean).join(' and ')})` : '';
}
