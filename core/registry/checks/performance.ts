// Performance checks: the candidate's metric against the policy's threshold, and against the
// champion scored on the same rows. Losses are lower-is-better, so their bounds point the other way.
import type { CheckResult, GovernancePolicy } from '../types.js';
import { checkResult, formatNumber, skippedCheck, type ChampionContext } from './check-result.js';
import type { ModelScore } from './scoring.js';

export type PerformancePolicy = NonNullable<GovernancePolicy['checks']['performance']>;

/** Metrics where a smaller value is a better model. */
export const lowerIsBetterMetrics: ReadonlySet<string> = new Set(['log_loss', 'brier', 'rmse', 'mae']);

export interface PerformanceContext {
  /** The evaluation data, e.g. "churn:3". */
  dataset: string;
  candidate: ModelScore;
  champion: ChampionContext;
}

export function performanceChecks(policy: PerformancePolicy, context: PerformanceContext): CheckResult[] {
  return [thresholdCheck(policy, context), championCheck(policy, context)];
}

function thresholdCheck(policy: PerformancePolicy, context: PerformanceContext): CheckResult {
  const name = 'performance.threshold';
  const { metric, threshold } = policy;
  const lower = lowerIsBetterMetrics.has(metric);
  const inputs = { metric, threshold, direction: lower ? 'at most' : 'at least', dataset: context.dataset, rows: context.candidate.rows, positive_label: context.candidate.positive_label };
  const value = metricValue(context.candidate, metric);
  if (typeof value === 'string') return checkResult(name, 'performance', 'error', value, inputs, { metrics: context.candidate.metrics });
  if (value === null) return skippedCheck(name, 'performance', undefinedReason(metric, context.candidate), inputs);
  const passed = lower ? value <= threshold : value >= threshold;
  const relation = passed ? (lower ? '≤' : '≥') : lower ? '>' : '<';
  const summary = `${metric} ${formatNumber(value)} ${relation} ${formatNumber(threshold)} on ${context.dataset} (${context.candidate.rows} rows)`;
  return checkResult(name, 'performance', passed ? 'pass' : 'fail', summary, inputs, { value, metrics: context.candidate.metrics });
}

function championCheck(policy: PerformancePolicy, context: PerformanceContext): CheckResult {
  const name = 'performance.champion';
  const { metric } = policy;
  const tolerance = policy.champion_tolerance ?? 0;
  const lower = lowerIsBetterMetrics.has(metric);
  const champion = context.champion;
  const inputs: Record<string, unknown> = { metric, champion_alias: policy.champion_alias, tolerance, direction: lower ? 'lower is better' : 'higher is better', dataset: context.dataset };
  if (champion.status === 'absent') return skippedCheck(name, 'performance', champion.reason, inputs);
  inputs.champion = `${champion.name} v${champion.version}`;
  if (champion.status === 'failed') {
    return checkResult(name, 'performance', 'error', `the champion ${champion.name} v${champion.version} could not be scored: ${champion.error}`, inputs);
  }
  const candidateValue = metricValue(context.candidate, metric);
  const championValue = metricValue(champion.score, metric);
  const numbers = { candidate: candidateValue, champion: championValue, candidate_metrics: context.candidate.metrics, champion_metrics: champion.score.metrics };
  if (typeof candidateValue === 'string') return checkResult(name, 'performance', 'error', candidateValue, inputs, numbers);
  if (typeof championValue === 'string') return checkResult(name, 'performance', 'error', `champion: ${championValue}`, inputs, numbers);
  if (candidateValue === null) return skippedCheck(name, 'performance', undefinedReason(metric, context.candidate), inputs);
  if (championValue === null) return skippedCheck(name, 'performance', `champion: ${undefinedReason(metric, champion.score)}`, inputs);
  // Positive "shortfall" = how much worse the candidate is, whichever way the metric points.
  const shortfall = lower ? candidateValue - championValue : championValue - candidateValue;
  const passed = shortfall <= tolerance;
  const comparison = `${metric} ${formatNumber(candidateValue)} vs champion ${champion.name} v${champion.version} ${formatNumber(championValue)}`;
  const summary =
    shortfall <= 0
      ? `${comparison}: as good or better`
      : passed
        ? `${comparison}: ${formatNumber(shortfall)} worse, within the tolerance ${formatNumber(tolerance)}`
        : `${comparison}: ${formatNumber(shortfall)} worse, more than the tolerance ${formatNumber(tolerance)}`;
  return checkResult(name, 'performance', passed ? 'pass' : 'fail', summary, inputs, { ...numbers, shortfall });
}

/** The metric's value, null when undefined on this data, or a sentence when the model has no such metric. */
function metricValue(score: ModelScore, metric: string): number | null | string {
  if (!(metric in score.metrics)) {
    return `metric "${metric}" is not measured for a ${score.task} model; measured: ${Object.keys(score.metrics).join(', ')}`;
  }
  return score.metrics[metric];
}

function undefinedReason(metric: string, score: ModelScore): string {
  const warning = score.warnings.find((text) => text.toLowerCase().includes(metric.replace('_', ' ')) || text.includes(metric));
  return `${metric} is undefined on the evaluation data${warning ? `: ${warning}` : ''}`;
}
