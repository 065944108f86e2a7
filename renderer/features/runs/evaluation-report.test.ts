import { describe, expect, it } from 'vitest';
import { metricCards, parityResult, parseEvaluation, parseFeatureImportance, sortedImportance } from './evaluation-report';

const binary = {
  task: 'binary',
  rows: 450,
  classes: ['0', '1'],
  confusionMatrix: [
    [343, 18],
    [66, 23],
  ],
  warnings: [],
  metrics: { accuracy: 0.81, precision: 0.56, recall: 0.26, f1: 0.35, roc_auc: 0.77, average_precision: 0.49, log_loss: 0.42, brier_score: 0.13 },
  curves: {
    roc: [{ class: '1', falsePositiveRate: [0, 0.5, 1], truePositiveRate: [0, 0.8, 1], thresholds: [1, 0.5, 0] }],
    precisionRecall: [{ class: '1', precision: [0.2, 1], recall: [1, 0], thresholds: [0.1, null] }],
    calibration: [{ class: '1', fractionPositive: [0.1], meanPredicted: [0.12], counts: [40] }],
  },
};

describe('parseEvaluation', () => {
  it('reads the trainer’s binary report', () => {
    const evaluation = parseEvaluation(binary);
    expect(evaluation?.task).toBe('binary');
    if (evaluation?.task !== 'binary') return;
    expect(evaluation.confusionMatrix).toEqual(binary.confusionMatrix);
    expect(evaluation.curves.roc[0].truePositiveRate).toEqual([0, 0.8, 1]);
    expect(evaluation.curves.precisionRecall).toHaveLength(1);
  });

  it('reads regression reports and refuses other JSON', () => {
    expect(parseEvaluation({ task: 'regression', rows: 10, metrics: { rmse: 2, mae: 1, r2: null }, warnings: ['constant'] })).toEqual({
      task: 'regression',
      rows: 10,
      metrics: { rmse: 2, mae: 1, r2: null },
      warnings: ['constant'],
    });
    expect(parseEvaluation({ accuracy: 0.9 })).toBeNull();
    expect(parseEvaluation([1, 2])).toBeNull();
    expect(parseEvaluation({ task: 'binary', metrics: {} })).toBeNull();
  });

  it('drops malformed curves instead of failing the page', () => {
    const evaluation = parseEvaluation({ ...binary, curves: { roc: [{ class: '1', falsePositiveRate: 'x' }] } });
    expect(evaluation?.task === 'binary' && evaluation.curves.roc).toEqual([]);
  });
});

describe('metricCards', () => {
  it('shows the headline metrics of the task in order', () => {
    const cards = metricCards(parseEvaluation(binary)!);
    expect(cards.map((card) => card.label)).toEqual(['ROC AUC', 'Accuracy', 'F1', 'Precision', 'Recall', 'Log loss']);
    expect(cards[0]).toMatchObject({ value: 0.77, better: 'higher' });
    const regression = metricCards(parseEvaluation({ task: 'regression', rows: 1, metrics: { rmse: 2, mae: 1, r2: null } })!);
    expect(regression.map((card) => [card.label, card.value])).toEqual([
      ['RMSE', 2],
      ['MAE', 1],
      ['R²', null],
    ]);
  });
});

describe('parity and importance', () => {
  it('passes parity within 1e-5 unless the trainer said it failed', () => {
    expect(parityResult(9.5e-8)).toEqual({ state: 'pass', maxAbsDifference: 9.5e-8 });
    expect(parityResult(2e-5)).toEqual({ state: 'fail', maxAbsDifference: 2e-5 });
    expect(parityResult(0, 'ONNX parity check failed: max |difference| 0 (limit 1e-5), labels differ.').state).toBe('fail');
    expect(parityResult(undefined)).toEqual({ state: 'unknown' });
    // Regression: the trainer judges relative to the prediction's size.
    expect(parityResult(2e-3, undefined, 1)).toEqual({ state: 'pass', maxAbsDifference: 2e-3 });
    expect(parityResult(1e-7, undefined, 0).state).toBe('fail');
  });

  it('keeps well-formed rows and puts the most important first', () => {
    const rows = parseFeatureImportance([
      { feature: 'a', gain: null, permutation_mean: 0.01, permutation_std: 0.001 },
      { feature: 'b', permutation_mean: 0.2, permutation_std: 0.01 },
      { feature: 'broken' },
    ]);
    expect(rows?.map((row) => row.feature)).toEqual(['a', 'b']);
    expect(sortedImportance(rows!).map((row) => [row.feature, row.gain])).toEqual([
      ['b', null],
      ['a', null],
    ]);
    expect(parseFeatureImportance({})).toBeNull();
  });
});
