// Quality checks: sanity of what the candidate outputs (probabilities in [0, 1], a plausible
// share of positive decisions), whether it relies on the same inputs as the champion, and
// whether it answers one row fast enough to serve.
import type { CheckResult, GovernancePolicy } from '../types.js';
import { checkResult, formatNumber, skippedCheck, type ChampionContext } from './check-result.js';
import type { ModelScore } from './scoring.js';

export type QualityPolicy = NonNullable<GovernancePolicy['checks']['quality']>;

export interface QualityContext {
  dataset: string;
  candidate: ModelScore;
  champion: ChampionContext;
  /** Where the importances came from: stored with the versions, or permutation on the evaluation rows. */
  importanceSource: 'stored' | 'permutation';
}

export function qualityChecks(policy: QualityPolicy, context: QualityContext): CheckResult[] {
  const results: CheckResult[] = [];
  if (policy.probability_range) results.push(probabilityRangeCheck(context));
  if (policy.positive_rate) results.push(positiveRateCheck(policy.positive_rate, context));
  if (policy.importance_correlation) results.push(importanceCheck(policy.importance_correlation.min, context));
  if (policy.latency_p95_ms !== undefined) results.push(latencyCheck(policy.latency_p95_ms, context.candidate));
  return results;
}

function probabilityRangeCheck(context: QualityContext): CheckResult {
  const name = 'quality.probability_range';
  const range = context.candidate.probability_range;
  const inputs = { dataset: context.dataset, rows: context.candidate.rows };
  if (!range) {
    const reason = context.candidate.task === 'regression' ? 'the candidate is a regression model: it outputs no probabilities' : 'the candidate has no probabilities output';
    return skippedCheck(name, 'quality', reason, inputs);
  }
  const numbers = { ...range };
  if (range.outside_unit_interval > 0 || range.nan > 0) {
    const parts = [
      ...(range.outside_unit_interval > 0 ? [`${range.outside_unit_interval} probabilities outside [0, 1] (min ${formatNumber(range.min)}, max ${formatNumber(range.max)})`] : []),
      ...(range.nan > 0 ? [`${range.nan} are NaN`] : []),
    ];
    return checkResult(name, 'quality', 'fail', parts.join('; '), inputs, numbers);
  }
  return checkResult(name, 'quality', 'pass', `every probability is within [0, 1] (min ${formatNumber(range.min)}, max ${formatNumber(range.max)})`, inputs, numbers);
}

function positiveRateCheck(band: { min: number; max: number }, context: QualityContext): CheckResult {
  const name = 'quality.positive_rate';
  const rate = context.candidate.predicted_positive_rate;
  const inputs = { min: band.min, max: band.max, positive_label: context.candidate.positive_label, dataset: context.dataset };
  if (rate === null) return skippedCheck(name, 'quality', 'the candidate is a regression model: it makes no positive decisions', inputs);
  const passed = rate >= band.min && rate <= band.max;
  const where = passed ? 'within' : rate < band.min ? 'below' : 'above';
  const summary = `predicted positive rate ${formatNumber(rate)} is ${where} [${formatNumber(band.min)}, ${formatNumber(band.max)}]`;
  return checkResult(name, 'quality', passed ? 'pass' : 'fail', summary, inputs, { predicted_positive_rate: rate });
}

function importanceCheck(minimum: number, context: QualityContext): CheckResult {
  const name = 'quality.importance_correlation';
  const champion = context.champion;
  const inputs: Record<string, unknown> = { min: minimum, source: context.importanceSource };
  if (champion.status === 'absent') return skippedCheck(name, 'quality', champion.reason, inputs);
  inputs.champion = `${champion.name} v${champion.version}`;
  if (champion.status === 'failed') return checkResult(name, 'quality', 'error', `the champion ${champion.name} v${champion.version} could not be scored: ${champion.error}`, inputs);
  const { features, candidate, champion: reference } = alignImportance(context.candidate.importance, champion.score.importance);
  const numbers = { features, candidate, champion: reference, correlation: null as number | null };
  const correlation = pearson(candidate, reference);
  if (correlation === null) {
    return checkResult(name, 'quality', 'skipped', `the correlation is undefined: over ${features.length} features one model's importances do not vary`, inputs, numbers);
  }
  numbers.correlation = correlation;
  const passed = correlation >= minimum;
  const summary = `importance correlation with the champion ${formatNumber(correlation)} ${passed ? '≥' : '<'} ${formatNumber(minimum)} over ${features.length} features (${context.importanceSource} importance)`;
  return checkResult(name, 'quality', passed ? 'pass' : 'fail', summary, inputs, numbers);
}

function latencyCheck(bound: number, candidate: ModelScore): CheckResult {
  const { p50, p95, p99, samples } = candidate.latency_ms;
  const passed = p95 <= bound;
  const summary = `single-row p95 latency ${formatNumber(p95)} ms ${passed ? '≤' : '>'} ${formatNumber(bound)} ms (p50 ${formatNumber(p50)} ms, ${samples} runs)`;
  return checkResult('quality.latency', 'quality', passed ? 'pass' : 'fail', summary, { latency_p95_ms: bound, samples }, { p50, p95, p99 });
}

/** Both importances over the union of features in sorted order, a feature one model lacks counting as 0. */
export function alignImportance(left: Record<string, number>, right: Record<string, number>): { features: string[]; candidate: number[]; champion: number[] } {
  const features = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return { features, candidate: features.map((feature) => left[feature] ?? 0), champion: features.map((feature) => right[feature] ?? 0) };
}

/** Pearson's r; null when either side has no variance (or fewer than two values). */
export function pearson(left: readonly number[], right: readonly number[]): number | null {
  const count = left.length;
  if (count < 2 || right.length !== count) return null;
  let leftSum = 0;
  let rightSum = 0;
  for (let index = 0; index < count; index++) {
    leftSum += left[index];
    rightSum += right[index];
  }
  const leftMean = leftSum / count;
  const rightMean = rightSum / count;
  let product = 0;
  let leftSquares = 0;
  let rightSquares = 0;
  for (let index = 0; index < count; index++) {
    const leftDeviation = left[index] - leftMean;
    const rightDeviation = right[index] - rightMean;
    product += leftDeviation * rightDeviation;
    leftSquares += leftDeviation * leftDeviation;
    rightSquares += rightDeviation * rightDeviation;
  }
  if (leftSquares === 0 || rightSquares === 0) return null;
  return Math.max(-1, Math.min(1, product / Math.sqrt(leftSquares * rightSquares)));
}
