import { describe, expect, it } from 'vitest';
import { fairnessDifferences, groupRates, missingGroup } from './fairness.js';

// Rows by group (positive class 1):
//   a: actual 1 1 0 0, predicted 1 0 1 0  → positive rate 2/4, TPR 1/2, FPR 1/2, accuracy 2/4
//   b: actual 1 0 0 0, predicted 1 0 0 0  → positive rate 1/4, TPR 1/1, FPR 0/3, accuracy 4/4
//   c: actual 0,       predicted 1        → positive rate 1/1, TPR none, FPR 1/1, accuracy 0
//   missing: actual 1, predicted 1        → positive rate 1/1, TPR 1/1
const actual = [1, 1, 0, 0, 1, 0, 0, 0, 0, 1];
const predicted = [1, 0, 1, 0, 1, 0, 0, 0, 1, 1];
const codes = [0, 0, 0, 0, 1, 1, 1, 1, 2, -1];
const names = ['a', 'b', 'c', 'never-seen'];

describe('group fairness', () => {
  it('tabulates each group’s rates, the missing value as its own group, empty groups left out', () => {
    const groups = groupRates(actual, predicted, 1, codes, names);
    expect(groups).toEqual([
      { group: 'a', count: 4, positive_rate: 0.5, base_rate: 0.5, true_positive_rate: 0.5, false_positive_rate: 0.5, accuracy: 0.5 },
      { group: 'b', count: 4, positive_rate: 0.25, base_rate: 0.25, true_positive_rate: 1, false_positive_rate: 0, accuracy: 1 },
      { group: 'c', count: 1, positive_rate: 1, base_rate: 0, true_positive_rate: null, false_positive_rate: 1, accuracy: 0 },
      { group: missingGroup, count: 1, positive_rate: 1, base_rate: 1, true_positive_rate: 1, false_positive_rate: null, accuracy: 1 },
    ]);
  });

  it('compares only groups of at least the minimum size, and only groups with positives for equal opportunity', () => {
    const groups = groupRates(actual, predicted, 1, codes, names);
    expect(fairnessDifferences(groups, 2)).toEqual({
      demographic_parity_difference: 0.25,
      equal_opportunity_difference: 0.5,
      parity_extremes: ['a', 'b'],
      opportunity_extremes: ['b', 'a'],
      compared_groups: 2,
    });
    // With every group compared, the one-row group 'c' (never actually positive) drives parity but not opportunity.
    expect(fairnessDifferences(groups, 1)).toMatchObject({ demographic_parity_difference: 0.75, parity_extremes: ['c', 'b'], equal_opportunity_difference: 0.5, compared_groups: 4 });
    expect(fairnessDifferences(groups, 5)).toMatchObject({ demographic_parity_difference: null, equal_opportunity_difference: null, compared_groups: 0 });
  });

  it('treats the positive class by index, so the same rows judged for class 0 give other rates', () => {
    const groups = groupRates(actual, predicted, 0, codes, names);
    expect(groups[0]).toMatchObject({ group: 'a', positive_rate: 0.5, true_positive_rate: 0.5 });
    expect(groups[1]).toMatchObject({ group: 'b', positive_rate: 0.75, true_positive_rate: 1, accuracy: 1 });
  });
});
