import { describe, expect, it } from 'vitest';
import { LogisticRegression, RidgeRegression, minimizeLbfgs } from './linear.js';
import type { FeatureMatrix, Target } from './types.js';

/*
 * Reference numbers from scikit-learn 1.2.1 (Debian python3-sklearn), produced once with
 * /usr/bin/python3 on the data set `referenceData()` builds (the same MINSTD generator and
 * formulas in Python):
 *   LogisticRegression().fit(X, y_binary)          # lbfgs, C=1.0, tol=1e-4: n_iter 15
 *   LogisticRegression().fit(X, y_multiclass)      # multinomial lbfgs: n_iter 22
 *   LogisticRegression(C=0.1).fit(X, y_binary)
 *   Ridge(alpha=1.0).fit(X, y_regression)
 * then coef_, intercept_, roc_auc_score(y, predict_proba(X)[:, 1]) and log_loss(y, predict_proba(X)).
 */
const sklearn = {
  binary: {
    coef: [1.950691874626322, -2.7859428175109726, 0.8367692507966951, 0.14672034567235984],
    intercept: 0.4925827527939325,
    auc: 0.9723324178618655,
    firstProbabilities: [0.14419733011980626, 0.9335165402851787, 0.7663114430840039],
  },
  binaryC01: { coef: [0.9643698941674269, -1.380142710658769, 0.3830623722538475, 0.05894618888712855], intercept: 0.35058962585995745 },
  multiclass: {
    coef: [
      [-2.162637655059838, -2.2339618166752584, 1.0446979623655022, 0.06190520097216034],
      [0.1075591476173167, -0.018666384816386793, 0.16856097796305408, 0.007470127893826221],
      [2.0550785074425213, 2.2526282014916466, -1.2132589403285559, -0.06937532886598761],
    ],
    intercept: [-0.7085862074164555, 0.7567404822808281, -0.04815427486437368],
    logLoss: 0.3765624501356625,
  },
  ridge: { coef: [1.9544259517406428, -0.9982239912888776, -0.0059315766607359426, 0.5001988895537717], intercept: 2.9939339726483323 },
};

/** 200 rows × 4 features from MINSTD (seed 20240601); arithmetic only, so Python gets the same bits. */
function referenceData() {
  let state = 20240601;
  const draw = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const rows = 200;
  const values = new Float64Array(rows * 4);
  const binary = new Float64Array(rows);
  const multiclass = new Float64Array(rows);
  const regression = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const x = [0, 1, 2, 3].map(() => 4 * draw() - 2);
    x[3] = 3 * x[3] + 1;
    const [n1, n2, n3] = [draw(), draw(), draw()];
    const z = 1.5 * x[0] - 2 * x[1] + 0.5 * x[2] + 0.1 * x[3] + 0.3;
    binary[row] = z + 3 * (n1 - 0.5) > 0 ? 1 : 0;
    const s = x[0] + x[1] - 0.5 * x[2] + 2 * (n2 - 0.5);
    multiclass[row] = s < -0.8 ? 0 : s < 0.6 ? 1 : 2;
    regression[row] = 2 * x[0] - x[1] + 0.5 * x[3] + 3 + (n3 - 0.5);
    values.set(x, row * 4);
  }
  return { values, binary, multiclass, regression };
}

function matrixOf(values: Float64Array, width: number): FeatureMatrix {
  return { rows: values.length / width, width, values: Float32Array.from(values), names: Array.from({ length: width }, (_, j) => `x${j}`) };
}

/** Mann-Whitney AUC with ties counted ½ (equal to sklearn's trapezoid AUC). */
function auc(labels: Float64Array, scores: ArrayLike<number>): number {
  let wins = 0;
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    positives++;
    for (let j = 0; j < labels.length; j++) if (labels[j] === 0) wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
  }
  return wins / (positives * (labels.length - positives));
}

function expectRelative(actual: number[], expected: number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(Math.abs(value - expected[index])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[index]))));
}

const data = referenceData();
// sklearn's lbfgs stops ~1e-5 (relative) short of the optimum we converge to; float32 features
// (the trainer's storage) move it by ~1e-7. Hence 1e-4, inside the 1e-3 the issue asks for.
const features = matrixOf(data.values, 4);

describe('logistic regression against scikit-learn', () => {
  it('reproduces the data set the reference numbers came from', () => {
    expect(data.binary.reduce((a, b) => a + b, 0)).toBe(113);
    expect([0, 1, 2].map((k) => data.multiclass.filter((c) => c === k).length)).toEqual([69, 49, 82]);
    expect(data.regression.reduce((a, b) => a + b, 0)).toBeCloseTo(705.3432751341459, 9);
    expect(Array.from(data.values.subarray(0, 4))).toEqual([1.8677363357822112, 1.5006645431279506, -1.421838670699782, -3.7234200475380845]);
  });

  it('binary: coefficients within 1e-4 relative, AUC within 0.001, probabilities within 1e-4', () => {
    const target: Target = { task: 'binary', values: data.binary, classes: ['0', '1'] };
    const model = LogisticRegression.fit(features, target);
    expect(model.spec.converged).toBe(true);
    expectRelative(model.spec.coefficients[0], sklearn.binary.coef, 1e-4);
    expectRelative(model.spec.intercepts, [sklearn.binary.intercept], 1e-4);
    const probabilities = model.predict(features).probabilities!;
    const positive = Array.from({ length: features.rows }, (_, row) => probabilities[2 * row + 1]);
    expect(Math.abs(auc(data.binary, positive) - sklearn.binary.auc)).toBeLessThan(0.001);
    expectRelative(positive.slice(0, 3), sklearn.binary.firstProbabilities, 1e-4);
    expect(probabilities[0] + probabilities[1]).toBeCloseTo(1, 12);
  });

  it('binary with C=0.1 follows sklearn’s C convention (stronger penalty, smaller weights)', () => {
    const model = LogisticRegression.fit(features, { task: 'binary', values: data.binary, classes: ['0', '1'] }, { C: 0.1 });
    expectRelative(model.spec.coefficients[0], sklearn.binaryC01.coef, 1e-4);
    expectRelative(model.spec.intercepts, [sklearn.binaryC01.intercept], 1e-4);
  });

  it('multinomial: coefficients within 1e-4 relative and log-loss within 1e-5', () => {
    const target: Target = { task: 'multiclass', values: data.multiclass, classes: ['a', 'b', 'c'] };
    const model = LogisticRegression.fit(features, target);
    expect(model.spec.converged).toBe(true);
    model.spec.coefficients.forEach((row, k) => expectRelative(row, sklearn.multiclass.coef[k], 1e-4));
    expectRelative(model.spec.intercepts, sklearn.multiclass.intercept, 1e-4);
    const probabilities = model.predict(features).probabilities!;
    let logLoss = 0;
    for (let row = 0; row < features.rows; row++) logLoss -= Math.log(probabilities[row * 3 + data.multiclass[row]]);
    expect(Math.abs(logLoss / features.rows - sklearn.multiclass.logLoss)).toBeLessThan(1e-5);
  });

  it('rejects unknown and out-of-range parameters, listing the valid ones', () => {
    const target: Target = { task: 'binary', values: data.binary, classes: ['0', '1'] };
    expect(() => LogisticRegression.fit(features, target, { penalty: 'l1' } as never)).toThrow(/unknown parameter "penalty"; valid parameters: C, fitIntercept, maxIter, tol/);
    expect(() => LogisticRegression.fit(features, target, { C: 0 })).toThrow(/parameter C is out of range: 0/);
    expect(() => LogisticRegression.fit(features, target, { maxIter: 2.5 })).toThrow(/maxIter is out of range/);
  });

  it('refuses a training split with only one class present', () => {
    const target: Target = { task: 'binary', values: new Float64Array(features.rows), classes: ['0', '1'] };
    expect(() => LogisticRegression.fit(features, target)).toThrow(/class "1" does not occur in the training split/);
  });
});

describe('ridge regression', () => {
  const target: Target = { task: 'regression', values: data.regression, classes: [] };

  it('matches scikit-learn Ridge(alpha=1.0)', () => {
    const model = RidgeRegression.fit(features, target);
    expectRelative(model.spec.coefficients[0], sklearn.ridge.coef, 1e-6);
    expectRelative(model.spec.intercepts, [sklearn.ridge.intercept], 1e-6);
  });

  it('solves the normal equations: the penalised gradient vanishes at the answer', () => {
    const model = RidgeRegression.fit(features, target, { alpha: 3 });
    const [w] = model.spec.coefficients;
    const [b] = model.spec.intercepts;
    const predicted = model.predict(features).values!;
    // d/dw Σ(y − Xw − b)² + α‖w‖² = −2Xᵀr + 2αw = 0 and d/db = −2Σr = 0.
    const residualSum = predicted.reduce((sum, p, row) => sum + (data.regression[row] - p), 0);
    expect(Math.abs(residualSum)).toBeLessThan(1e-9);
    for (let j = 0; j < 4; j++) {
      let gradient = 3 * w[j];
      for (let row = 0; row < features.rows; row++) gradient -= features.values[row * 4 + j] * (data.regression[row] - predicted[row]);
      expect(Math.abs(gradient)).toBeLessThan(1e-9);
    }
    expect(predicted[0]).toBeCloseTo(b + w.reduce((sum, wj, j) => sum + wj * features.values[j], 0), 12);
  });
});

describe('L-BFGS', () => {
  it('finds the minimum of a badly scaled quadratic', () => {
    const scales = [1, 100, 0.01];
    const result = minimizeLbfgs(
      (x, gradient) => {
        let value = 0;
        for (let i = 0; i < 3; i++) {
          value += 0.5 * scales[i] * (x[i] - i) ** 2;
          gradient[i] = scales[i] * (x[i] - i);
        }
        return value;
      },
      new Float64Array(3),
      { maxIter: 200, gtol: 1e-10 },
    );
    expect(result.converged).toBe(true);
    Array.from(result.x).forEach((value, i) => expect(value).toBeCloseTo(i, 6));
  });
});
