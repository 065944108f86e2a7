import { describe, expect, it } from 'vitest';
import { brierScore, logLoss } from './classification.js';
import {
  allCloseTo,
  binary,
  binaryProbabilities,
  closeTo,
  large,
  largeFixture,
  multiclass,
  noPredictedPositives,
  oneClass,
  referenceFixtures,
} from './golden-fixtures.js';
import {
  averagePrecision,
  averagePrecisionOneVsRest,
  calibrationCurve,
  precisionRecallCurve,
  rocAuc,
  rocAucOneVsRest,
  rocCurve,
} from './ranking.js';

const scores = (values: readonly number[]) => Float64Array.from(values);

describe('ROC AUC and average precision match scikit-learn 1.2.1', () => {
  it('reference §3 fixtures, with and without tied scores', () => {
    expect(rocAuc([0, 0, 1, 1], scores([0.1, 0.4, 0.35, 0.8]))).toBe(referenceFixtures.rocAuc);
    expect(rocAuc([0, 1, 0, 1], scores([0.5, 0.5, 0.2, 0.9]))).toBe(referenceFixtures.rocAucTies);
    expect(closeTo(averagePrecision([0, 0, 1, 1], scores([0.1, 0.4, 0.35, 0.8])), referenceFixtures.averagePrecision)).toBe(true);
    expect(closeTo(averagePrecision([0, 1, 0, 1], scores([0.5, 0.5, 0.2, 0.9])), referenceFixtures.averagePrecisionTies)).toBe(true);
  });

  it('binary fixture with ties across classes', () => {
    expect(closeTo(rocAuc(binary.y, scores(binary.p)), binary.expected.rocAuc)).toBe(true);
    expect(closeTo(averagePrecision(binary.y, scores(binary.p)), binary.expected.averagePrecision)).toBe(true);
    expect(rocAuc(noPredictedPositives.y, scores(noPredictedPositives.p))).toBe(noPredictedPositives.expected.rocAuc);
  });

  it('5,000 rows with 1,009 distinct scores', () => {
    const { y, p } = largeFixture();
    expect(y.reduce((sum, value) => sum + value, 0)).toBe(large.expected.positives);
    expect(closeTo(rocAuc(y, p), large.expected.rocAuc)).toBe(true);
    expect(closeTo(averagePrecision(y, p), large.expected.averagePrecision)).toBe(true);
    expect(closeTo(logLoss(y, binaryProbabilities(Array.from(p)), 2), large.expected.logLoss)).toBe(true);
    expect(closeTo(brierScore(y, p), large.expected.brier)).toBe(true);
  });

  it('equals the Mann-Whitney statistic with average ranks for ties (reference §3)', () => {
    const { y, p } = largeFixture();
    const order = Array.from(p.keys()).sort((a, b) => p[a] - p[b]);
    const ranks = new Float64Array(p.length);
    for (let start = 0; start < order.length; ) {
      let end = start;
      while (end < order.length && p[order[end]] === p[order[start]]) end++;
      for (let index = start; index < end; index++) ranks[order[index]] = (start + 1 + end) / 2;
      start = end;
    }
    let positives = 0;
    let rankSum = 0;
    y.forEach((label, row) => {
      if (!label) return;
      positives++;
      rankSum += ranks[row];
    });
    const negatives = y.length - positives;
    const mannWhitney = (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
    expect(closeTo(rocAuc(y, p), mannWhitney)).toBe(true);
  });

  it('one class present: null and a warning instead of an exception', () => {
    const warnings: string[] = [];
    expect(rocAuc(oneClass.y, scores(oneClass.p), warnings)).toBeNull();
    expect(averagePrecision(oneClass.y, scores(oneClass.p), warnings)).toBeNull();
    expect(warnings).toEqual([
      'ROC AUC is undefined: only negative rows are present',
      'Average precision is undefined: no positive rows are present',
    ]);
    expect(rocAuc([1, 1], scores([0.3, 0.6]))).toBeNull();
  });

  it('multiclass one-vs-rest macro averages', () => {
    const probabilities = Float64Array.from(multiclass.P.flat());
    expect(closeTo(rocAucOneVsRest(multiclass.y, probabilities, 3), multiclass.expected.rocAucOvr)).toBe(true);
    expect(closeTo(averagePrecisionOneVsRest(multiclass.y, probabilities, 3), multiclass.expected.averagePrecisionMacro)).toBe(true);
  });

  it('multiclass with a class absent from the rows: null, naming the class', () => {
    const warnings: string[] = [];
    const probabilities = Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.5, 0.4, 0.1]);
    expect(rocAucOneVsRest([0, 1, 0], probabilities, 3, { classes: ['red', 'green', 'blue'], warnings })).toBeNull();
    expect(warnings).toEqual(['ROC AUC (one-vs-rest) is undefined: class "blue" has no rows among those evaluated']);
  });
});

describe('curves match scikit-learn 1.2.1', () => {
  it('ROC curve drops collinear points by default; the first threshold is the top score + 1', () => {
    const curve = rocCurve(binary.y, scores(binary.p))!;
    expect(allCloseTo(curve.falsePositiveRate, binary.expected.roc.fpr)).toBe(true);
    expect(allCloseTo(curve.truePositiveRate, binary.expected.roc.tpr)).toBe(true);
    expect(Array.from(curve.thresholds)).toEqual(binary.expected.roc.thresholds);
    const full = rocCurve(binary.y, scores(binary.p), { dropIntermediate: false })!;
    expect(allCloseTo(full.falsePositiveRate, binary.expected.rocFull.fpr)).toBe(true);
    expect(allCloseTo(full.truePositiveRate, binary.expected.rocFull.tpr)).toBe(true);
    expect(Array.from(full.thresholds)).toEqual(binary.expected.rocFull.thresholds);
    expect(rocCurve(largeFixture().y, largeFixture().p)!.thresholds.length).toBe(large.expected.rocPoints);
  });

  it('precision-recall curve in sklearn order, ending at recall 0 and precision 1', () => {
    const curve = precisionRecallCurve(binary.y, scores(binary.p))!;
    expect(allCloseTo(curve.precision, binary.expected.pr.precision)).toBe(true);
    expect(allCloseTo(curve.recall, binary.expected.pr.recall)).toBe(true);
    expect(Array.from(curve.thresholds)).toEqual(binary.expected.pr.thresholds);
    expect(precisionRecallCurve(largeFixture().y, largeFixture().p)!.precision.length).toBe(large.expected.prPoints);
  });

  it('curves are null when a side is missing', () => {
    expect(rocCurve(oneClass.y, scores(oneClass.p))).toBeNull();
    expect(precisionRecallCurve(oneClass.y, scores(oneClass.p))).toBeNull();
  });

  it('calibration: 10 uniform bins, an edge score in the lower bin, empty bins dropped', () => {
    const curve = calibrationCurve(binary.y, scores(binary.p), 10);
    expect(allCloseTo(curve.fractionPositive, binary.expected.calibration.probTrue)).toBe(true);
    expect(allCloseTo(curve.meanPredicted, binary.expected.calibration.probPred)).toBe(true);
    expect(Array.from(curve.counts)).toEqual([3, 1, 2, 3, 4, 1, 3, 1, 1, 1]);

    const single = calibrationCurve(oneClass.y, scores(oneClass.p));
    expect(allCloseTo(single.fractionPositive, oneClass.expected.calibration.probTrue)).toBe(true);
    expect(allCloseTo(single.meanPredicted, oneClass.expected.calibration.probPred)).toBe(true);

    const { y, p } = largeFixture();
    const many = calibrationCurve(y, p);
    expect(allCloseTo(many.fractionPositive, large.expected.calibration.probTrue)).toBe(true);
    expect(allCloseTo(many.meanPredicted, large.expected.calibration.probPred)).toBe(true);
  });
});
