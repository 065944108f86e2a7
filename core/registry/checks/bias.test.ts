import { describe, expect, it } from 'vitest';
import { biasChecks, type BiasPolicy } from './bias.js';
import { fairnessDifferences, type GroupRates } from './fairness.js';
import { modelScore } from './score-fixture.js';
import type { SensitiveColumnScore } from './scoring.js';

const group = (name: string, count: number, positiveRate: number, truePositiveRate: number | null): GroupRates => ({
  group: name,
  count,
  positive_rate: positiveRate,
  base_rate: 0.2,
  true_positive_rate: truePositiveRate,
  false_positive_rate: 0.1,
  accuracy: 0.8,
});

function columnScore(column: string, groups: GroupRates[], minGroupSize: number): SensitiveColumnScore {
  return { column, groups, ...fairnessDifferences(groups, minGroupSize), duration_ms: 1 };
}

const policy: BiasPolicy = { sensitive_columns: ['customer_segment'], max_demographic_parity_difference: 0.25, max_equal_opportunity_difference: 0.3, min_group_size: 50 };

describe('bias checks', () => {
  it('fails when demographic parity exceeds its bound, naming the two groups furthest apart', () => {
    const groups = [group('new', 400, 0.42, 0.8), group('regular', 900, 0.2, 0.7), group('loyal', 700, 0.11, 0.6), group('tiny', 10, 0.9, 1)];
    const [result] = biasChecks(policy, { dataset: 'churn:1', candidate: modelScore({ bias: [columnScore('customer_segment', groups, 50)] }) });
    expect(result.name).toBe('bias.customer_segment');
    expect(result.verdict).toBe('fail');
    // 'tiny' (10 rows < 50) is in the table but not compared.
    expect(result.summary).toBe("demographic parity difference 0.31 > 0.25: 'new' 0.42 vs 'loyal' 0.11");
    expect(result.numbers).toMatchObject({ demographic_parity_difference: 0.42 - 0.11, equal_opportunity_difference: 0.8 - 0.6, compared_groups: 3 });
    expect((result.numbers.groups as GroupRates[]).map((entry) => entry.group)).toEqual(['new', 'regular', 'loyal', 'tiny']);
  });

  it('fails on equal opportunity alone, and passes when both differences are within bounds', () => {
    const unequal = [group('north', 100, 0.3, 0.9), group('south', 100, 0.25, 0.5)];
    const [failing] = biasChecks(policy, { dataset: 'churn:1', candidate: modelScore({ bias: [columnScore('customer_segment', unequal, 50)] }) });
    expect(failing).toMatchObject({ verdict: 'fail', summary: "equal opportunity difference 0.4 > 0.3: 'north' 0.9 vs 'south' 0.5" });
    const fair = [group('north', 100, 0.3, 0.7), group('south', 100, 0.25, 0.6)];
    const [passing] = biasChecks(policy, { dataset: 'churn:1', candidate: modelScore({ bias: [columnScore('customer_segment', fair, 50)] }) });
    expect(passing).toMatchObject({ verdict: 'pass', summary: 'demographic parity difference 0.05 ≤ 0.25 and equal opportunity difference 0.1 ≤ 0.3 over 2 groups of ≥ 50 rows' });
  });

  it('skips a column without two groups large enough, a regression candidate, and reports an unusable column as an error', () => {
    const small = [group('north', 40, 0.9, 1), group('south', 100, 0.1, 0.1)];
    const [skipped] = biasChecks(policy, { dataset: 'churn:1', candidate: modelScore({ bias: [columnScore('customer_segment', small, 50)] }) });
    expect(skipped).toMatchObject({ verdict: 'skipped', summary: "fewer than two groups of customer_segment have at least 50 rows ('north' 40, 'south' 100)" });
    const [regression] = biasChecks(policy, { dataset: 'churn:1', candidate: modelScore({ task: 'regression' }) });
    expect(regression.verdict).toBe('skipped');
    expect(regression.summary).toMatch(/regression model/);
    const missing = { ...columnScore('customer_segment', [], 50), error: 'the evaluation data has no column "customer_segment"' };
    const [error] = biasChecks(policy, { dataset: 'churn:1', candidate: modelScore({ bias: [missing] }) });
    expect(error).toMatchObject({ verdict: 'error', summary: 'the evaluation data has no column "customer_segment"' });
  });
});
