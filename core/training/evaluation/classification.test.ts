import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/errors.js';
import {
  accuracy,
  brierScore,
  confusionMatrix,
  logLoss,
  precisionRecallF1,
  predictedClasses,
  probabilityEpsilon,
} from './classification.js';
import {
  binary,
  binaryProbabilities,
  closeTo,
  logLossEdges,
  multiclass,
  multiclassNeverPredicted,
  multiclassNeverTrue,
  noPredictedPositives,
  oneClass,
  referenceFixtures,
} from './golden-fixtures.js';

const rows = (matrix: number[][]) => Float64Array.from(matrix.flat());

describe('label metrics match scikit-learn 1.2.1', () => {
  it('binary: accuracy, precision, recall and F1 of class 1, the confusion matrix', () => {
    const predicted = predictedClasses(binaryProbabilities(binary.p), 2);
    const warnings: string[] = [];
    const scores = precisionRecallF1(binary.y, predicted, 2, 'binary', { warnings });
    expect(closeTo(accuracy(binary.y, predicted), binary.expected.accuracy)).toBe(true);
    expect(closeTo(scores.precision, binary.expected.precision)).toBe(true);
    expect(closeTo(scores.recall, binary.expected.recall)).toBe(true);
    expect(closeTo(scores.f1, binary.expected.f1)).toBe(true);
    expect(Array.from(confusionMatrix(binary.y, predicted, 2))).toEqual(binary.expected.confusion);
    expect(warnings).toEqual([]);
  });

  it('argmax takes the first class on ties, so 0.5 / 0.5 predicts class 0', () => {
    expect(Array.from(predictedClasses(rows(multiclass.P), 3))).toEqual(multiclass.expected.pred);
    expect(Array.from(predictedClasses(binaryProbabilities([0.5, 0.5000001]), 2))).toEqual([0, 1]);
  });

  it('multiclass: macro and weighted averages', () => {
    const predicted = predictedClasses(rows(multiclass.P), 3);
    const macro = precisionRecallF1(multiclass.y, predicted, 3, 'macro');
    const weighted = precisionRecallF1(multiclass.y, predicted, 3, 'weighted');
    const { expected } = multiclass;
    expect(closeTo(accuracy(multiclass.y, predicted), expected.accuracy)).toBe(true);
    expect([macro.precision, macro.recall, macro.f1].every((value, index) =>
      closeTo(value, [expected.precisionMacro, expected.recallMacro, expected.f1Macro][index]))).toBe(true);
    expect([weighted.precision, weighted.recall, weighted.f1].every((value, index) =>
      closeTo(value, [expected.precisionWeighted, expected.recallWeighted, expected.f1Weighted][index]))).toBe(true);
    expect(Array.from(confusionMatrix(multiclass.y, predicted, 3))).toEqual(expected.confusion);
  });

  it("reference §3's F1 fixture", () => {
    expect(closeTo(precisionRecallF1([1, 0, 1, 1], [1, 1, 0, 1], 2, 'binary').f1, referenceFixtures.f1)).toBe(true);
  });
});

describe('zero division', () => {
  const predicted = predictedClasses(binaryProbabilities(noPredictedPositives.p), 2);

  it('"warn" (the default) gives 0 and says which class and why', () => {
    const warnings: string[] = [];
    const scores = precisionRecallF1(noPredictedPositives.y, predicted, 2, 'binary', { classes: ['stayed', 'churned'], warnings });
    expect(scores).toEqual(noPredictedPositives.expected.warn);
    expect(warnings).toEqual(['Precision is ill-defined and set to 0.0 for class "churned": no predicted samples']);
  });

  it('0 and 1 substitute silently; F1 is then computed from the substituted precision', () => {
    const warnings: string[] = [];
    expect(precisionRecallF1(noPredictedPositives.y, predicted, 2, 'binary', { zeroDivision: 0, warnings })).toEqual(
      noPredictedPositives.expected.zero,
    );
    expect(precisionRecallF1(noPredictedPositives.y, predicted, 2, 'binary', { zeroDivision: 1, warnings })).toEqual(
      noPredictedPositives.expected.one,
    );
    expect(warnings).toEqual([]);
  });

  it('with only negatives, recall of class 1 is 0/0', () => {
    const predicted = predictedClasses(binaryProbabilities(oneClass.p), 2);
    const warnings: string[] = [];
    const scores = precisionRecallF1(oneClass.y, predicted, 2, 'binary', { warnings });
    expect(scores).toEqual({ precision: oneClass.expected.precision, recall: oneClass.expected.recall, f1: 0 });
    expect(warnings).toEqual(['Recall is ill-defined and set to 0.0 for class "1": no true samples']);
    const lenient = precisionRecallF1(oneClass.y, predicted, 2, 'binary', { zeroDivision: 1 });
    expect(lenient.recall).toBe(oneClass.expected.recallZeroDivisionOne);
    expect(lenient.f1).toBe(oneClass.expected.f1ZeroDivisionOne);
  });

  it('macro and weighted: a never-predicted class counts as 0, a class in neither list is left out', () => {
    const { y, pred, expected } = multiclassNeverPredicted;
    const warnings: string[] = [];
    const macro = precisionRecallF1(y, pred, 4, 'macro', { warnings, classes: ['a', 'b', 'c', 'd'] });
    const weighted = precisionRecallF1(y, pred, 4, 'weighted');
    expect(closeTo(macro.precision, expected.precisionMacro)).toBe(true);
    expect(closeTo(macro.recall, expected.recallMacro)).toBe(true);
    expect(closeTo(macro.f1, expected.f1Macro)).toBe(true);
    expect(closeTo(weighted.precision, expected.precisionWeighted)).toBe(true);
    expect(closeTo(weighted.recall, expected.recallWeighted)).toBe(true);
    expect(closeTo(weighted.f1, expected.f1Weighted)).toBe(true);
    expect(warnings).toEqual(['Precision is ill-defined and set to 0.0 for class "c": no predicted samples']);

    const macroOne = precisionRecallF1(y, pred, 4, 'macro', { zeroDivision: 1 });
    const weightedOne = precisionRecallF1(y, pred, 4, 'weighted', { zeroDivision: 1 });
    expect(closeTo(macroOne.precision, expected.precisionMacroZeroDivisionOne)).toBe(true);
    expect(closeTo(macroOne.f1, expected.f1MacroZeroDivisionOne)).toBe(true);
    expect(closeTo(weightedOne.precision, expected.precisionWeightedZeroDivisionOne)).toBe(true);
    expect(closeTo(weightedOne.f1, expected.f1WeightedZeroDivisionOne)).toBe(true);
  });

  it('macro: a predicted class that never occurs has recall 0/0', () => {
    const { y, pred, expected } = multiclassNeverTrue;
    const warnings: string[] = [];
    const macro = precisionRecallF1(y, pred, 3, 'macro', { warnings });
    expect(closeTo(macro.precision, expected.precisionMacro)).toBe(true);
    expect(closeTo(macro.recall, expected.recallMacro)).toBe(true);
    expect(closeTo(macro.f1, expected.f1Macro)).toBe(true);
    expect(warnings).toEqual(['Recall is ill-defined and set to 0.0 for class "2": no true samples']);
  });
});

describe('probability metrics match scikit-learn 1.2.1', () => {
  it('log loss, binary and multiclass', () => {
    expect(closeTo(logLoss(binary.y, binaryProbabilities(binary.p), 2), binary.expected.logLoss)).toBe(true);
    expect(closeTo(logLoss(multiclass.y, rows(multiclass.P), 3), multiclass.expected.logLoss)).toBe(true);
    expect(closeTo(logLoss(oneClass.y, binaryProbabilities(oneClass.p), 2), oneClass.expected.logLoss)).toBe(true);
    // ham = 0, spam = 1 (sklearn sorts the labels)
    const spam = logLoss([1, 0, 0, 1], rows([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]), 2);
    expect(closeTo(spam, referenceFixtures.logLoss)).toBe(true);
  });

  it('log loss clips certain mistakes at float64 epsilon and renormalises rows that do not sum to 1', () => {
    const { unnormalised, certainBinary } = logLossEdges;
    expect(closeTo(logLoss(unnormalised.y, rows(unnormalised.P), 3), unnormalised.expected)).toBe(true);
    expect(closeTo(logLoss(certainBinary.y, rows(certainBinary.P), 2), certainBinary.expected)).toBe(true);
    expect(probabilityEpsilon).toBe(2.220446049250313e-16);
  });

  it('Brier score of the positive class', () => {
    expect(closeTo(brierScore(binary.y, Float64Array.from(binary.p)), binary.expected.brier)).toBe(true);
    expect(closeTo(brierScore(oneClass.y, Float64Array.from(oneClass.p)), oneClass.expected.brier)).toBe(true);
    expect(closeTo(brierScore([0, 1, 1, 0], Float64Array.of(0.1, 0.9, 0.8, 0.3)), referenceFixtures.brier)).toBe(true);
  });

  it('refuses probabilities outside [0, 1] and mismatched lengths, naming the row', () => {
    expect(() => brierScore([0, 1], Float64Array.of(0.2, 1.5))).toThrow(/Row 1 has probability 1.5/);
    expect(() => accuracy([0, 1, 1], [0, 1])).toThrow(ValidationError);
    expect(() => logLoss([0], Float64Array.of(0.2, 0.3, 0.5), 2)).toThrow(/do not form rows of 2 classes/);
  });
});
