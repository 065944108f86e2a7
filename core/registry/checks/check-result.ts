// Shared pieces of the governance check functions: building results, the champion a candidate
// is compared with, and which checks a policy asks for (so a family that cannot run still
// reports each of its checks by name, skipped or in error).
import type { CheckCategory, CheckResult, CheckVerdict, GovernancePolicy } from '../types.js';
import type { ModelScore } from './scoring.js';

/** What the candidate is compared with: a scored champion, or why there is none to compare. */
export type ChampionContext =
  | { status: 'scored'; name: string; version: number; score: ModelScore }
  | { status: 'absent'; reason: string }
  | { status: 'failed'; name: string; version: number; error: string };

/** duration_ms is filled in by runGovernanceChecks, which knows what each check's work cost. */
export function checkResult(
  name: string,
  category: CheckCategory,
  verdict: CheckVerdict,
  summary: string,
  inputs: Record<string, unknown> = {},
  numbers: Record<string, unknown> = {},
): CheckResult {
  return { name, category, verdict, summary, inputs, numbers, duration_ms: 0 };
}

export function skippedCheck(name: string, category: CheckCategory, reason: string, inputs: Record<string, unknown> = {}): CheckResult {
  return checkResult(name, category, 'skipped', reason, inputs);
}

/** Numbers in summaries: enough digits to see a difference against a bound, no float noise. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(Math.abs(value) >= 1 ? 4 : 3)));
}

export function quoteList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

/** The checks the policy asks for, per category, in the order they are reported. */
export function policyCheckNames(policy: GovernancePolicy): Record<CheckCategory, string[]> {
  const { performance, bias, security, compliance, quality } = policy.checks;
  return {
    performance: performance ? ['performance.threshold', 'performance.champion'] : [],
    bias: bias ? bias.sensitive_columns.map((column) => `bias.${column}`) : [],
    security: security ? ['security.domains', 'security.external_data', 'security.size', 'security.io', 'security.sha256'] : [],
    compliance: compliance ? ['compliance.metadata', 'compliance.tags'] : [],
    quality: quality
      ? [
          ...(quality.probability_range ? ['quality.probability_range'] : []),
          ...(quality.positive_rate ? ['quality.positive_rate'] : []),
          ...(quality.importance_correlation ? ['quality.importance_correlation'] : []),
          ...(quality.latency_p95_ms !== undefined ? ['quality.latency'] : []),
        ]
      : [],
  };
}
