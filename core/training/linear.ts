// Linear models: L2 logistic regression (binary and multinomial) and ridge regression, with
// scikit-learn's objectives and defaults, exported as LinearClassifier / LinearRegressor
// (reference §1.3, §1.4). Everything is computed in float64 on the float32 feature matrix.
import { ValidationError } from '../api/errors.js';
import { attr, mlDomain, type GraphBuilder } from '../onnx/builder.js';
import { classLabels, pipelineOutputs } from './pipeline-onnx.js';
import type { FeatureMatrix, Predictions, Target, TrainedModel } from './types.js';
import { sigmoid, softmaxInPlace } from './activations.js';

export interface LogisticRegressionParams {
  /** Inverse L2 strength, as scikit-learn's C: objective = C·Σ log-loss + ½‖w‖² (intercept not penalised). */
  C: number;
  fitIntercept: boolean;
  maxIter: number;
  /**
   * Stop when the largest gradient component of C·Σ loss + ½‖w‖² is at most tol. That is a tighter
   * stop than scikit-learn ≥ 1.2 (which scales the objective by 1/(C·n)), so the fit lands on the
   * optimum that sklearn's lbfgs approaches.
   */
  tol: number;
}

export interface RidgeParams {
  alpha: number;
  fitIntercept: boolean;
}

export const logisticRegressionDefaults: LogisticRegressionParams = { C: 1, fitIntercept: true, maxIter: 1000, tol: 1e-4 };
export const ridgeDefaults: RidgeParams = { alpha: 1, fitIntercept: true };

/** Fitted weights: one row per score (1 for binary and regression, C for multinomial). */
export interface LinearModelSpec {
  kind: 'logistic_regression' | 'ridge';
  coefficients: number[][];
  intercepts: number[];
  iterations: number;
  converged: boolean;
}

export class LogisticRegression implements TrainedModel {
  constructor(readonly spec: LinearModelSpec) {}

  static fit(matrix: FeatureMatrix, target: Target, params: Partial<LogisticRegressionParams> = {}): LogisticRegression {
    const { C, fitIntercept, maxIter, tol } = checkParams(params, logisticRegressionDefaults, {
      C: (value) => value > 0 && Number.isFinite(value),
      maxIter: (value) => Number.isInteger(value) && value >= 1 && value <= 100_000,
      tol: (value) => value > 0 && Number.isFinite(value),
    });
    if (target.task === 'regression') throw new ValidationError('logistic regression needs a classification target; use ridge for regression');
    const labels = classIndices(matrix, target);
    const outputs = target.classes.length === 2 ? 1 : target.classes.length;
    const { width } = matrix;
    const objective = outputs === 1 ? binaryObjective(matrix, labels) : multinomialObjective(matrix, labels, outputs);
    // C·Σ loss + ½‖w‖²: scikit-learn's objective; ≥ 1.2 divides it by C·n, which moves no optimum.
    const stride = width + 1;
    const fg = (x: Float64Array, gradient: Float64Array) => {
      if (!fitIntercept) for (let k = 0; k < outputs; k++) x[k * stride + width] = 0;
      let value = C * objective(x, gradient);
      for (let i = 0; i < gradient.length; i++) gradient[i] *= C;
      for (let k = 0; k < outputs; k++) {
        for (let j = 0; j < width; j++) {
          const w = x[k * stride + j];
          value += 0.5 * w * w;
          gradient[k * stride + j] += w;
        }
        if (!fitIntercept) gradient[k * stride + width] = 0;
      }
      return value;
    };
    const result = minimizeLbfgs(fg, new Float64Array(outputs * stride), { maxIter, gtol: tol });
    const coefficients: number[][] = [];
    const intercepts: number[] = [];
    for (let k = 0; k < outputs; k++) {
      coefficients.push(Array.from(result.x.subarray(k * stride, k * stride + width)));
      intercepts.push(result.x[k * stride + width]);
    }
    return new LogisticRegression({ kind: 'logistic_regression', coefficients, intercepts, iterations: result.iterations, converged: result.converged });
  }

  predict(matrix: FeatureMatrix): Predictions {
    const { coefficients, intercepts } = this.spec;
    const scores = linearScores(matrix, coefficients, intercepts);
    const outputs = coefficients.length;
    if (outputs === 1) {
      const probabilities = new Float64Array(matrix.rows * 2);
      for (let row = 0; row < matrix.rows; row++) {
        probabilities[2 * row] = sigmoid(-scores[row]);
        probabilities[2 * row + 1] = sigmoid(scores[row]);
      }
      return { probabilities };
    }
    for (let row = 0; row < matrix.rows; row++) softmaxInPlace(scores.subarray(row * outputs, (row + 1) * outputs));
    return { probabilities: scores };
  }

  /** LinearClassifier; binary as rows [−w, +w], intercepts [−b, +b], LOGISTIC → [σ(−z), σ(z)] (§1.4). */
  appendOnnx(graph: GraphBuilder, featureTensor: string, target: Target): void {
    const { coefficients, intercepts } = this.spec;
    const binary = coefficients.length === 1;
    const rows = binary ? [coefficients[0].map((w) => -w), coefficients[0]] : coefficients;
    const labels = classLabels(target);
    graph.addNode(
      'LinearClassifier',
      [featureTensor],
      [pipelineOutputs.label, pipelineOutputs.probabilities],
      {
        coefficients: attr.floats(rows.flat()),
        intercepts: attr.floats(binary ? [-intercepts[0], intercepts[0]] : intercepts),
        ...(labels.type === 'int64' ? { classlabels_ints: attr.ints(labels.values) } : { classlabels_strings: attr.strings(labels.values) }),
        post_transform: attr.string(binary ? 'LOGISTIC' : 'SOFTMAX'),
      },
      mlDomain,
    );
  }
}

export class RidgeRegression implements TrainedModel {
  constructor(readonly spec: LinearModelSpec) {}

  /** Closed form: (XcᵀXc + αI) w = Xcᵀyc on centred data, b = ȳ − x̄·w (scikit-learn's Ridge). */
  static fit(matrix: FeatureMatrix, target: Target, params: Partial<RidgeParams> = {}): RidgeRegression {
    const { alpha, fitIntercept } = checkParams(params, ridgeDefaults, { alpha: (value) => value >= 0 && Number.isFinite(value) });
    if (target.task !== 'regression') throw new ValidationError('ridge regression needs a numeric target; use logistic regression for classes');
    const { rows, width, values } = matrix;
    for (let row = 0; row < rows; row++) {
      if (!Number.isFinite(target.values[row])) throw new ValidationError(`target value in row ${row} is missing or not finite`);
    }
    const means = new Float64Array(width);
    let targetMean = 0;
    if (fitIntercept) {
      for (let row = 0; row < rows; row++) {
        for (let j = 0; j < width; j++) means[j] += values[row * width + j];
        targetMean += target.values[row];
      }
      for (let j = 0; j < width; j++) means[j] /= rows;
      targetMean /= rows;
    }
    const gram = new Float64Array(width * width);
    const moment = new Float64Array(width);
    const centred = new Float64Array(width);
    for (let row = 0; row < rows; row++) {
      for (let j = 0; j < width; j++) centred[j] = values[row * width + j] - means[j];
      const y = target.values[row] - targetMean;
      for (let j = 0; j < width; j++) {
        moment[j] += centred[j] * y;
        for (let k = 0; k <= j; k++) gram[j * width + k] += centred[j] * centred[k];
      }
    }
    for (let j = 0; j < width; j++) {
      gram[j * width + j] += alpha;
      for (let k = 0; k < j; k++) gram[k * width + j] = gram[j * width + k];
    }
    const weights = solveSymmetric(gram, moment, width);
    let intercept = targetMean;
    for (let j = 0; j < width; j++) intercept -= means[j] * weights[j];
    return new RidgeRegression({ kind: 'ridge', coefficients: [Array.from(weights)], intercepts: [intercept], iterations: 1, converged: true });
  }

  predict(matrix: FeatureMatrix): Predictions {
    return { values: linearScores(matrix, this.spec.coefficients, this.spec.intercepts) };
  }

  appendOnnx(graph: GraphBuilder, featureTensor: string): void {
    graph.addNode(
      'LinearRegressor',
      [featureTensor],
      [pipelineOutputs.variable],
      { coefficients: attr.floats(this.spec.coefficients[0]), intercepts: attr.floats(this.spec.intercepts), targets: attr.int(1) },
      mlDomain,
    );
  }
}

/** Fills in defaults, rejects unknown names and out-of-range values with the valid ones listed. */
function checkParams<Params extends object>(
  given: Partial<Params>,
  defaults: Params,
  ranges: Partial<Record<keyof Params, (value: number) => boolean>>,
): Params {
  const known = Object.keys(defaults);
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) throw new ValidationError(`unknown parameter "${name}"; valid parameters: ${known.join(', ')}`, { parameter: name, valid: known });
  }
  const params = { ...defaults, ...given };
  for (const [name, inRange] of Object.entries(ranges) as [keyof Params & string, (value: number) => boolean][]) {
    const value = params[name];
    if (typeof value !== 'number' || !inRange(value)) {
      throw new ValidationError(`parameter ${name} is out of range: ${String(value)} (default ${String(defaults[name])})`, { parameter: name });
    }
  }
  for (const name of known as (keyof Params & string)[]) {
    if (typeof params[name] !== typeof defaults[name]) throw new ValidationError(`parameter ${name} must be a ${typeof defaults[name]}`, { parameter: name });
  }
  return params;
}

function classIndices(matrix: FeatureMatrix, target: Target): Int32Array {
  if (target.values.length !== matrix.rows) throw new Error(`target has ${target.values.length} rows, features ${matrix.rows}`);
  const classes = target.classes.length;
  if (classes < 2) throw new ValidationError('classification needs at least two classes in the training split');
  const seen = new Uint8Array(classes);
  const labels = new Int32Array(matrix.rows);
  for (let row = 0; row < matrix.rows; row++) {
    const value = target.values[row];
    if (!(Number.isInteger(value) && value >= 0 && value < classes)) throw new ValidationError(`target in row ${row} is missing or not a class index`);
    labels[row] = value;
    seen[value] = 1;
  }
  if (seen.includes(0)) throw new ValidationError(`class "${target.classes[seen.indexOf(0)]}" does not occur in the training split`);
  return labels;
}

type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Summed log-loss of σ(x·w + b) and its gradient; parameters [w…, b]. */
function binaryObjective(matrix: FeatureMatrix, labels: Int32Array): Objective {
  const { rows, width, values } = matrix;
  return (x, gradient) => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < rows; row++) {
      const offset = row * width;
      let z = x[width];
      for (let j = 0; j < width; j++) z += x[j] * values[offset + j];
      // log(1 + e^z) − y·z, written to stay finite for large |z|.
      loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - labels[row] * z;
      const residual = sigmoid(z) - labels[row];
      for (let j = 0; j < width; j++) gradient[j] += residual * values[offset + j];
      gradient[width] += residual;
    }
    return loss;
  };
}

/** Summed multinomial log-loss of softmax(XWᵀ + b); parameters C rows of [w…, b]. */
function multinomialObjective(matrix: FeatureMatrix, labels: Int32Array, classes: number): Objective {
  const { rows, width, values } = matrix;
  const stride = width + 1;
  const scores = new Float64Array(classes);
  return (x, gradient) => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < rows; row++) {
      const offset = row * width;
      for (let k = 0; k < classes; k++) {
        let z = x[k * stride + width];
        for (let j = 0; j < width; j++) z += x[k * stride + j] * values[offset + j];
        scores[k] = z;
      }
      const label = labels[row];
      const correct = scores[label];
      loss += softmaxInPlace(scores) - correct;
      for (let k = 0; k < classes; k++) {
        const residual = scores[k] - (k === label ? 1 : 0);
        for (let j = 0; j < width; j++) gradient[k * stride + j] += residual * values[offset + j];
        gradient[k * stride + width] += residual;
      }
    }
    return loss;
  };
}

interface LbfgsResult {
  x: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Limited-memory BFGS (10 pairs, as scipy) with a backtracking Armijo line search, which suffices
 * for these strictly convex objectives. It stops when the largest gradient component is ≤ gtol,
 * or when no step decreases the objective any more (the float64 floor).
 */
export function minimizeLbfgs(
  fg: Objective,
  start: Float64Array,
  { maxIter, gtol, memory = 10 }: { maxIter: number; gtol: number; memory?: number },
): LbfgsResult {
  const size = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let value = fg(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const alphas = new Float64Array(memory);
  const direction = new Float64Array(size);
  let nextX = new Float64Array(size);
  let nextGradient = new Float64Array(size);
  for (let iteration = 0; iteration < maxIter; iteration++) {
    if (maxAbs(gradient) <= gtol) return { x, iterations: iteration, converged: true };
    // Two-loop recursion: direction = −H·g.
    direction.set(gradient);
    for (let m = steps.length - 1; m >= 0; m--) {
      alphas[m] = rhos[m] * dot(steps[m], direction);
      axpy(-alphas[m], changes[m], direction);
    }
    const last = steps.length - 1;
    const gamma = last >= 0 ? dot(steps[last], changes[last]) / dot(changes[last], changes[last]) : 1 / Math.max(1, Math.sqrt(dot(gradient, gradient)));
    for (let i = 0; i < size; i++) direction[i] *= gamma;
    for (let m = 0; m < steps.length; m++) axpy(alphas[m] - rhos[m] * dot(changes[m], direction), steps[m], direction);
    for (let i = 0; i < size; i++) direction[i] = -direction[i];
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Rounding spoilt the curvature pairs: start again from steepest descent.
      steps.length = changes.length = rhos.length = 0;
      for (let i = 0; i < size; i++) direction[i] = -gradient[i];
      slope = dot(gradient, direction);
    }
    let step = 1;
    let nextValue = Infinity;
    let accepted = false;
    for (let trial = 0; trial < 60 && !accepted; trial++, step *= 0.5) {
      for (let i = 0; i < size; i++) nextX[i] = x[i] + step * direction[i];
      nextValue = fg(nextX, nextGradient);
      accepted = nextValue <= value + 1e-4 * step * slope;
    }
    // No step decreases the objective: the float64 floor, short of gtol.
    if (!accepted) return { x, iterations: iteration, converged: false };
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = nextX[i] - x[i];
      y[i] = nextGradient[i] - gradient[i];
    }
    const curvature = dot(s, y);
    if (curvature > 1e-12 * dot(y, y)) {
      if (steps.length === memory) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
      steps.push(s);
      changes.push(y);
      rhos.push(1 / curvature);
    }
    [x, nextX] = [nextX, x];
    [gradient, nextGradient] = [nextGradient, gradient];
    value = nextValue;
  }
  return { x, iterations: maxIter, converged: maxAbs(gradient) <= gtol };
}

function linearScores(matrix: FeatureMatrix, coefficients: number[][], intercepts: number[]): Float64Array {
  const { rows, width, values } = matrix;
  const outputs = coefficients.length;
  if (coefficients[0].length !== width) throw new ValidationError(`the model takes ${coefficients[0].length} features; the data has ${width}`);
  const scores = new Float64Array(rows * outputs);
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < outputs; k++) {
      const weights = coefficients[k];
      let z = intercepts[k];
      for (let j = 0; j < width; j++) z += weights[j] * values[row * width + j];
      scores[row * outputs + k] = z;
    }
  }
  return scores;
}

/** Cholesky solve of a symmetric positive definite system (row-major matrix). */
function solveSymmetric(matrix: Float64Array, rhs: Float64Array, size: number): Float64Array {
  const lower = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * size + j];
      for (let k = 0; k < j; k++) sum -= lower[i * size + k] * lower[j * size + k];
      if (i === j) {
        if (!(sum > 0)) throw new ValidationError('ridge system is singular: set alpha > 0 or remove constant or duplicate features');
        lower[i * size + i] = Math.sqrt(sum);
      } else {
        lower[i * size + j] = sum / lower[j * size + j];
      }
    }
  }
  const solution = Float64Array.from(rhs);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < i; k++) solution[i] -= lower[i * size + k] * solution[k];
    solution[i] /= lower[i * size + i];
  }
  for (let i = size - 1; i >= 0; i--) {
    for (let k = i + 1; k < size; k++) solution[i] -= lower[k * size + i] * solution[k];
    solution[i] /= lower[i * size + i];
  }
  return solution;
}



function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(scale: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += scale * x[i];
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const value of values) if (Math.abs(value) > max) max = Math.abs(value);
  return max;
}
