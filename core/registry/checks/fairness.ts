// Group fairness of a classifier's decisions over one sensitive column: per group, how often the
// model predicts the positive class and how its error rates differ, and the two gaps the bias
// checks bound (Fairlearn's demographic parity and equal opportunity differences).

export interface GroupRates {
  group: string;
  count: number;
  /** Share of the group's rows predicted positive. */
  positive_rate: number;
  /** Share of the group's rows actually positive. */
  base_rate: number;
  /** Predicted positive among actual positives; null when the group has none. */
  true_positive_rate: number | null;
  /** Predicted positive among actual negatives; null when the group has none. */
  false_positive_rate: number | null;
  /** Predicted class equals the actual class (all classes, not only the positive one). */
  accuracy: number;
}

export interface FairnessDifferences {
  /** max − min positive_rate over the groups compared; null with fewer than two such groups. */
  demographic_parity_difference: number | null;
  /** max − min true_positive_rate over compared groups that have positives; null with fewer than two. */
  equal_opportunity_difference: number | null;
  /** The groups behind each difference, highest rate first, so a summary can name them. */
  parity_extremes: [string, string] | null;
  opportunity_extremes: [string, string] | null;
  compared_groups: number;
}

/**
 * Per-group rates. `groupCodes[row]` indexes `groupNames` (−1 = missing value, reported as its
 * own group so missing data cannot hide a disparity); `actual` and `predicted` are class indices.
 * Groups are returned in `groupNames` order with the missing group last; empty groups are left out.
 */
export function groupRates(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  positive: number,
  groupCodes: ArrayLike<number>,
  groupNames: readonly string[],
): GroupRates[] {
  const slots = groupNames.length + 1;
  const count = new Float64Array(slots);
  const predictedPositive = new Float64Array(slots);
  const actualPositive = new Float64Array(slots);
  const truePositive = new Float64Array(slots);
  const correct = new Float64Array(slots);
  for (let row = 0; row < actual.length; row++) {
    const code = groupCodes[row];
    const slot = code < 0 ? groupNames.length : code;
    const isActual = actual[row] === positive;
    const isPredicted = predicted[row] === positive;
    count[slot]++;
    if (isPredicted) predictedPositive[slot]++;
    if (isActual) actualPositive[slot]++;
    if (isActual && isPredicted) truePositive[slot]++;
    if (actual[row] === predicted[row]) correct[slot]++;
  }
  const groups: GroupRates[] = [];
  for (let slot = 0; slot < slots; slot++) {
    if (count[slot] === 0) continue;
    const negatives = count[slot] - actualPositive[slot];
    const falsePositive = predictedPositive[slot] - truePositive[slot];
    groups.push({
      group: slot < groupNames.length ? groupNames[slot] : missingGroup,
      count: count[slot],
      positive_rate: predictedPositive[slot] / count[slot],
      base_rate: actualPositive[slot] / count[slot],
      true_positive_rate: actualPositive[slot] > 0 ? truePositive[slot] / actualPositive[slot] : null,
      false_positive_rate: negatives > 0 ? falsePositive / negatives : null,
      accuracy: correct[slot] / count[slot],
    });
  }
  return groups;
}

/** How a missing sensitive value is named in group tables. */
export const missingGroup = '(missing)';

/** The gaps over groups of at least `minGroupSize` rows; smaller groups stay in the table only. */
export function fairnessDifferences(groups: readonly GroupRates[], minGroupSize: number): FairnessDifferences {
  const compared = groups.filter((group) => group.count >= minGroupSize);
  const parity = spread(compared, (group) => group.positive_rate);
  const opportunity = spread(compared, (group) => group.true_positive_rate);
  return {
    demographic_parity_difference: parity?.difference ?? null,
    equal_opportunity_difference: opportunity?.difference ?? null,
    parity_extremes: parity?.extremes ?? null,
    opportunity_extremes: opportunity?.extremes ?? null,
    compared_groups: compared.length,
  };
}

function spread(groups: readonly GroupRates[], rate: (group: GroupRates) => number | null): { difference: number; extremes: [string, string] } | null {
  let highest: GroupRates | undefined;
  let lowest: GroupRates | undefined;
  let rated = 0;
  for (const group of groups) {
    const value = rate(group);
    if (value === null) continue;
    rated++;
    if (!highest || value > rate(highest)!) highest = group;
    if (!lowest || value < rate(lowest)!) lowest = group;
  }
  if (rated < 2 || !highest || !lowest) return null;
  return { difference: rate(highest)! - rate(lowest)!, extremes: [highest.group, lowest.group] };
}
