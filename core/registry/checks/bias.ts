// Bias checks, one per sensitive column: the candidate's demographic parity and equal
// opportunity differences over groups large enough to compare, each against its bound. A failing
// summary names the two groups furthest apart, which is what a reviewer looks into first.
import type { CheckResult, GovernancePolicy } from '../types.js';
import { checkResult, formatNumber, skippedCheck } from './check-result.js';
import type { GroupRates } from './fairness.js';
import type { ModelScore } from './scoring.js';

export type BiasPolicy = NonNullable<GovernancePolicy['checks']['bias']>;

export interface BiasContext {
  dataset: string;
  candidate: ModelScore;
}

export function biasChecks(policy: BiasPolicy, context: BiasContext): CheckResult[] {
  return policy.sensitive_columns.map((column) => columnCheck(policy, context, column));
}

function columnCheck(policy: BiasPolicy, context: BiasContext, column: string): CheckResult {
  const name = `bias.${column}`;
  const inputs = {
    column,
    max_demographic_parity_difference: policy.max_demographic_parity_difference,
    max_equal_opportunity_difference: policy.max_equal_opportunity_difference,
    min_group_size: policy.min_group_size,
    dataset: context.dataset,
    positive_label: context.candidate.positive_label,
  };
  if (context.candidate.task === 'regression') {
    return skippedCheck(name, 'bias', 'bias checks compare predicted positive rates, and the candidate is a regression model', inputs);
  }
  const score = context.candidate.bias.find((entry) => entry.column === column);
  if (!score) return checkResult(name, 'bias', 'error', `column "${column}" was not scored`, inputs);
  if (score.error) return checkResult(name, 'bias', 'error', score.error, inputs);
  const numbers = {
    groups: score.groups,
    demographic_parity_difference: score.demographic_parity_difference,
    equal_opportunity_difference: score.equal_opportunity_difference,
    compared_groups: score.compared_groups,
  };
  const parity = score.demographic_parity_difference;
  if (parity === null) {
    const sizes = score.groups.map((group) => `'${group.group}' ${group.count}`).join(', ');
    return checkResult(name, 'bias', 'skipped', `fewer than two groups of ${column} have at least ${policy.min_group_size} rows (${sizes})`, inputs, numbers);
  }

  const failures: string[] = [];
  const passes: string[] = [];
  const judge = (label: string, value: number, bound: number, extremes: [string, string], rate: (group: GroupRates) => number | null) => {
    if (value > bound) {
      const [high, low] = extremes.map((group) => score.groups.find((entry) => entry.group === group)!);
      failures.push(`${label} ${formatNumber(value)} > ${formatNumber(bound)}: '${high.group}' ${formatNumber(rate(high)!)} vs '${low.group}' ${formatNumber(rate(low)!)}`);
    } else {
      passes.push(`${label} ${formatNumber(value)} ≤ ${formatNumber(bound)}`);
    }
  };
  judge('demographic parity difference', parity, policy.max_demographic_parity_difference, score.parity_extremes!, (group) => group.positive_rate);
  const opportunity = score.equal_opportunity_difference;
  if (opportunity !== null) {
    judge('equal opportunity difference', opportunity, policy.max_equal_opportunity_difference, score.opportunity_extremes!, (group) => group.true_positive_rate);
  }
  const compared = `over ${score.compared_groups} groups of ≥ ${policy.min_group_size} rows`;
  const unmeasured = opportunity === null ? '; equal opportunity not measurable (fewer than two compared groups have positives)' : '';
  if (failures.length > 0) return checkResult(name, 'bias', 'fail', `${failures.join('; ')}${unmeasured}`, inputs, numbers);
  return checkResult(name, 'bias', 'pass', `${passes.join(' and ')} ${compared}${unmeasured}`, inputs, numbers);
}
