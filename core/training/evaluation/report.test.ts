import { describe, expect, it } from 'vitest';
import type { Target } from '../types.js';
import {
  allCloseTo,
  binary,
  binaryProbabilities,
  closeTo,
  large,
  largeFixture,
  multiclass,
  oneClass,
  regression,
} from './golden-fixtures.js';
import type { BinaryReport, MulticlassReport, RegressionReport } from './report.js';
import { evaluate, maxCurvePoints } from './report.js';

const binaryTarget = (labels: ArrayLike<number>): Target => ({ task: 'binary', values: Float64Array.from(labels), classes: ['stayed', 'churned'] });
const roundTrip = <T>(report: T): T => JSON.parse(JSON.stringify(report)) as T;

describe('evaluate', () => {
  it('binary: every metric, the confusion matrix and sklearn-identical curves, as plain JSON', () => {
    const report = evaluate('binary', binaryTarget(binary.y), { probabilities: binaryProbabilities(binary.p) }) as BinaryReport;
    const { expected } = binary;
    expect(report.task).toBe('binary');
    expect(report.rows).toBe(20);
    expect(closeTo(report.metrics.accuracy, expected.accuracy)).toBe(true);
    expect(closeTo(report.metrics.precision, expected.precision)).toBe(true);
    expect(closeTo(report.metrics.recall, expected.recall)).toBe(true);
    expect(closeTo(report.metrics.f1, expected.f1)).toBe(true);
    expect(closeTo(report.metrics.roc_auc, expected.rocAuc)).toBe(true);
    expect(closeTo(report.metrics.average_precision, expected.averagePrecision)).toBe(true);
    expect(closeTo(report.metrics.log_loss, expected.logLoss)).toBe(true);
    expect(closeTo(report.metrics.brier_score, expected.brier)).toBe(true);
    expect(report.confusionMatrix).toEqual([[9, 1], [4, 6]]);
    expect(report.curves.roc).toHaveLength(1);
    expect(report.curves.roc[0].class).toBe('churned');
    expect(allCloseTo(report.curves.roc[0].falsePositiveRate, expected.roc.fpr)).toBe(true);
    expect(allCloseTo(report.curves.roc[0].truePositiveRate, expected.roc.tpr)).toBe(true);
    expect(report.curves.precisionRecall[0].thresholds).toEqual([...expected.pr.thresholds, null]);
    expect(allCloseTo(report.curves.calibration[0].meanPredicted, expected.calibration.probPred)).toBe(true);
    expect(report.warnings).toEqual([]);
    expect(roundTrip(report)).toEqual(report);
  });

  it('evaluates the rows given, prediction i belonging to target row rows[i]', () => {
    // The fixture's rows at odd positions, with decoy rows in between.
    const labels = binary.y.flatMap((label) => [1 - label, label]);
    const rows = Uint32Array.from(binary.y.keys(), (index) => 2 * index + 1);
    const report = evaluate('binary', binaryTarget(labels), { probabilities: binaryProbabilities(binary.p) }, rows) as BinaryReport;
    const direct = evaluate('binary', binaryTarget(binary.y), { probabilities: binaryProbabilities(binary.p) });
    expect(report).toEqual(direct);
  });

  it('thins long curves to at most 200 points, keeping their ends', () => {
    const { y, p } = largeFixture();
    const report = evaluate('binary', binaryTarget(y), { probabilities: binaryProbabilities(Array.from(p)) }) as BinaryReport;
    expect(closeTo(report.metrics.roc_auc, large.expected.rocAuc)).toBe(true);
    const roc = report.curves.roc[0];
    expect(large.expected.rocPoints).toBeGreaterThan(maxCurvePoints);
    expect(roc.falsePositiveRate).toHaveLength(maxCurvePoints);
    expect([roc.falsePositiveRate[0], roc.truePositiveRate[0]]).toEqual([0, 0]);
    expect([roc.falsePositiveRate.at(-1), roc.truePositiveRate.at(-1)]).toEqual([1, 1]);
    expect(roc.thresholds).toHaveLength(maxCurvePoints);
    const pr = report.curves.precisionRecall[0];
    expect(pr.recall).toHaveLength(maxCurvePoints);
    expect([pr.recall[0], pr.recall.at(-1), pr.precision.at(-1), pr.thresholds.at(-1)]).toEqual([1, 0, 1, null]);
    expect(pr.recall.every((value, index) => index === 0 || value <= pr.recall[index - 1])).toBe(true);
    expect(JSON.stringify(report).length).toBeLessThan(40_000);
  });

  it('multiclass: macro and weighted scores, one-vs-rest AUC and a curve per class', () => {
    const target: Target = { task: 'multiclass', values: Float64Array.from(multiclass.y), classes: ['low', 'mid', 'high'] };
    const report = evaluate('multiclass', target, { probabilities: Float64Array.from(multiclass.P.flat()) }) as MulticlassReport;
    const { expected } = multiclass;
    expect(closeTo(report.metrics.accuracy, expected.accuracy)).toBe(true);
    expect(closeTo(report.metrics.precision_macro, expected.precisionMacro)).toBe(true);
    expect(closeTo(report.metrics.recall_weighted, expected.recallWeighted)).toBe(true);
    expect(closeTo(report.metrics.f1_macro, expected.f1Macro)).toBe(true);
    expect(closeTo(report.metrics.f1_weighted, expected.f1Weighted)).toBe(true);
    expect(closeTo(report.metrics.roc_auc_ovr, expected.rocAucOvr)).toBe(true);
    expect(closeTo(report.metrics.average_precision_macro, expected.averagePrecisionMacro)).toBe(true);
    expect(closeTo(report.metrics.log_loss, expected.logLoss)).toBe(true);
    expect(report.confusionMatrix).toEqual([[3, 1, 0], [2, 4, 0], [0, 0, 5]]);
    expect(report.curves.roc.map((curve) => curve.class)).toEqual(['low', 'mid', 'high']);
    expect(report.curves.calibration).toHaveLength(3);
    expect(roundTrip(report)).toEqual(report);
  });

  it('one class in the rows: undefined metrics are null, the reasons are listed, and the JSON holds no NaN', () => {
    const report = evaluate('binary', binaryTarget(oneClass.y), { probabilities: binaryProbabilities(oneClass.p) }) as BinaryReport;
    expect(report.metrics.roc_auc).toBeNull();
    expect(report.metrics.average_precision).toBeNull();
    expect(closeTo(report.metrics.log_loss, oneClass.expected.logLoss)).toBe(true);
    expect(closeTo(report.metrics.brier_score, oneClass.expected.brier)).toBe(true);
    expect(report.curves.roc).toEqual([]);
    expect(report.curves.precisionRecall).toEqual([]);
    expect(report.curves.calibration[0].meanPredicted).toEqual(oneClass.expected.calibration.probPred);
    expect(report.warnings).toEqual([
      'Recall is ill-defined and set to 0.0 for class "churned": no true samples',
      'ROC AUC is undefined: only negative rows are present',
      'Average precision is undefined: no positive rows are present',
      'No ROC curve for class "churned": the evaluated rows are all of it or all of the rest',
      'No precision-recall curve for class "churned": it has no rows among those evaluated',
    ]);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    expect(roundTrip(report)).toEqual(report);
  });

  it('regression: RMSE, MAE and R²', () => {
    const target: Target = { task: 'regression', values: Float64Array.from(regression.y), classes: [] };
    const report = evaluate('regression', target, { values: Float64Array.from(regression.predicted) }) as RegressionReport;
    expect(closeTo(report.metrics.rmse, regression.expected.rmse)).toBe(true);
    expect(closeTo(report.metrics.mae, regression.expected.mae)).toBe(true);
    expect(closeTo(report.metrics.r2, regression.expected.r2)).toBe(true);
    expect(report.warnings).toEqual([]);
  });

  it('refuses inputs that do not fit together, saying what is wrong', () => {
    const target = binaryTarget([0, 1, 1]);
    const probabilities = binaryProbabilities([0.2, 0.7, 0.9]);
    expect(() => evaluate('regression', target, { probabilities })).toThrow(/Cannot evaluate a binary target as regression/);
    expect(() => evaluate('binary', target, { probabilities: probabilities.subarray(2) })).toThrow(/Expected 3 × 2 probabilities/);
    expect(() => evaluate('binary', target, { probabilities }, Uint32Array.of(0, 1, 5))).toThrow(/Row 5 is outside/);
    expect(() => evaluate('binary', target, { values: new Float64Array(3) })).toThrow(/needs predicted probabilities/);
    expect(() => evaluate('binary', binaryTarget([0, 2, 1]), { probabilities })).toThrow(/Row 1 has class index 2/);
    expect(() => evaluate('binary', target, { probabilities: binaryProbabilities([0.2, Number.NaN, 0.9]) })).toThrow(/Row 1 has probability NaN/);
  });
});
