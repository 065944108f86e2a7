// Runs a governance policy against a candidate version: one pool task scores the candidate and
// its champion on the evaluation data while another re-hashes the stored file, then the pure
// check functions judge the numbers. Every failure ends up in a result (error or skipped, with
// the reason), never as a rejected promise, so a review always records the full picture.
import type { WorkerPool } from '../../workers/pool.js';
import type { CheckCategory, CheckResult, GovernancePolicy, ModelScan } from '../types.js';
import { biasChecks } from './bias.js';
import { checkResult, policyCheckNames, skippedCheck, type ChampionContext } from './check-result.js';
import { complianceChecks } from './compliance.js';
import { performanceChecks } from './performance.js';
import { qualityChecks } from './quality.js';
import { isFailedScore, type GovernanceScores, type ModelScore } from './scoring.js';
import { securityChecks, type SecurityContext } from './security.js';

export interface CheckSubject {
  name: string;
  version: number;
  /** The stored ONNX file. */
  file: string;
  registeredSha256: string;
  scan: ModelScan;
  /** Model tags overlaid by version tags. */
  tags: Record<string, string>;
  description: string;
  /** Stored feature importance (e.g. from training); used only when every scored model has one. */
  importance?: Record<string, number>;
}

export interface GovernanceCheckInput {
  policy: GovernancePolicy;
  candidate: CheckSubject;
  /** The version carrying the policy's champion alias, when there is one. */
  champion?: CheckSubject;
  evaluation?: {
    /** How results name the data, e.g. "churn:1". */
    label: string;
    /** Its columnar file. */
    file: string;
    columns: string[];
  };
}

/** One-row runs behind the latency percentiles. */
export const latencySamples = 200;
/** Rows permutation importance is computed on, when it has to be computed. */
export const importanceRows = 2000;

const categoryOrder: readonly CheckCategory[] = ['performance', 'bias', 'security', 'compliance', 'quality'];

type Outcome<Value> = { value: Value; ms: number } | { error: string; ms: number };

export async function runGovernanceChecks(input: GovernanceCheckInput, pool: WorkerPool): Promise<CheckResult[]> {
  const { policy, candidate, evaluation } = input;
  const names = policyCheckNames(policy);
  const championIsCandidate = input.champion !== undefined && input.champion.name === candidate.name && input.champion.version === candidate.version;
  const champion = championIsCandidate ? undefined : input.champion;
  const scored = names.performance.length + names.bias.length + names.quality.length > 0;
  const evaluationSpec = policy.evaluation;

  // Queued first: hashing is quick, so on a one-thread pool it does not wait behind the scoring.
  const hashing = policy.checks.security ? outcome(() => pool.run('hashFile', { file: candidate.file })) : undefined;
  const scoring =
    scored && evaluation && evaluationSpec
      ? outcome(() =>
          pool.run('governanceScore', {
            evaluationFile: evaluation.file,
            target: evaluationSpec.target,
            positiveLabel: evaluationSpec.positive_label,
            sensitiveColumns: policy.checks.bias?.sensitive_columns ?? [],
            minGroupSize: policy.checks.bias?.min_group_size ?? 1,
            models: [
              { key: 'candidate' as const, file: candidate.file, importance: candidate.importance },
              ...(champion ? [{ key: 'champion' as const, file: champion.file, importance: champion.importance }] : []),
            ],
            latencySamples,
            importanceRows,
          }),
        )
      : undefined;
  const [hashed, scores] = await Promise.all([hashing, scoring]);

  // Why the evaluation-based checks cannot run, when they cannot.
  let unavailable: { verdict: 'skipped' | 'error'; reason: string } | undefined;
  let candidateScore: ModelScore | undefined;
  if (!evaluationSpec) unavailable = { verdict: 'skipped', reason: 'the policy configures no evaluation dataset' };
  else if (!evaluation) unavailable = { verdict: 'skipped', reason: `the evaluation dataset '${evaluationSpec.dataset}' is not available` };
  else if (scores && 'error' in scores) unavailable = { verdict: 'error', reason: `scoring on ${evaluation.label} failed: ${scores.error}` };
  else if (scores) {
    const score = scores.value.models.find((model) => model.key === 'candidate')!;
    if (isFailedScore(score)) unavailable = { verdict: 'error', reason: `the candidate could not be scored on ${evaluation.label}: ${score.error}` };
    else candidateScore = score;
  }
  const scoreValue = scores && 'value' in scores ? scores.value : undefined;
  const championContext = championFor(policy, input, championIsCandidate, scoreValue);
  const dataset = evaluation?.label ?? '';
  const attributed = attribution(scoreValue, hashed);

  const families: Record<CheckCategory, (() => CheckResult[]) | undefined> = {
    performance: policy.checks.performance && candidateScore ? () => performanceChecks(policy.checks.performance!, { dataset, candidate: candidateScore!, champion: championContext }) : undefined,
    bias: policy.checks.bias && candidateScore ? () => biasChecks(policy.checks.bias!, { dataset, candidate: candidateScore! }) : undefined,
    security: policy.checks.security ? () => securityChecks(policy.checks.security!, securityContext(input, hashed)) : undefined,
    compliance: policy.checks.compliance ? () => complianceChecks(policy.checks.compliance!, { tags: candidate.tags, description: candidate.description }) : undefined,
    quality:
      policy.checks.quality && candidateScore
        ? () => qualityChecks(policy.checks.quality!, { dataset, candidate: candidateScore!, champion: championContext, importanceSource: scoreValue!.importance_source })
        : undefined,
  };

  const results: CheckResult[] = [];
  for (const category of categoryOrder) {
    const run = families[category];
    if (!run) {
      // Only evaluation-based families lack a runner while the policy names checks for them.
      for (const name of names[category]) {
        results.push(unavailable?.verdict === 'error' ? checkResult(name, category, 'error', unavailable.reason) : skippedCheck(name, category, unavailable?.reason ?? 'not scored'));
      }
      continue;
    }
    const started = performance.now();
    try {
      const produced = run();
      const share = (performance.now() - started) / Math.max(1, produced.length);
      for (const result of produced) results.push({ ...result, duration_ms: share + (attributed.get(result.name) ?? 0) });
    } catch (error) {
      const message = `the ${category} checks failed: ${(error as Error).message}`;
      for (const name of names[category]) results.push({ ...checkResult(name, category, 'error', message), duration_ms: performance.now() - started });
    }
  }
  return results;
}

async function outcome<Value>(work: () => Promise<Value>): Promise<Outcome<Value>> {
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error: (error as Error).message, ms: performance.now() - started };
  }
}

function championFor(policy: GovernancePolicy, input: GovernanceCheckInput, championIsCandidate: boolean, scores: GovernanceScores | undefined): ChampionContext {
  const alias = policy.checks.performance?.champion_alias ?? 'champion';
  const champion = input.champion;
  if (!champion) return { status: 'absent', reason: `there is no champion: no version of ${input.candidate.name} has the alias '${alias}'` };
  if (championIsCandidate) return { status: 'absent', reason: `the candidate is the champion ('${alias}' points at ${champion.name} v${champion.version})` };
  const score = scores?.models.find((model) => model.key === 'champion');
  if (!score) return { status: 'absent', reason: 'the champion was not scored' };
  if (isFailedScore(score)) return { status: 'failed', name: champion.name, version: champion.version, error: score.error };
  return { status: 'scored', name: champion.name, version: champion.version, score };
}

function securityContext(input: GovernanceCheckInput, hashed: Outcome<{ sha256: string; size: number }> | undefined): SecurityContext {
  const rehash = !hashed ? { error: 'not hashed' } : 'error' in hashed ? { error: hashed.error } : hashed.value;
  return { scan: input.candidate.scan, registeredSha256: input.candidate.registeredSha256, rehash, evaluationColumns: input.evaluation?.columns };
}

/** Milliseconds of shared work (scoring phases, the re-hash) charged to the check that needed them. */
function attribution(scores: GovernanceScores | undefined, hashed: Outcome<unknown> | undefined): Map<string, number> {
  const charged = new Map<string, number>();
  if (hashed) charged.set('security.sha256', hashed.ms);
  const candidate = scores?.models.find((model): model is ModelScore => model.key === 'candidate' && !isFailedScore(model));
  if (!scores || !candidate) return charged;
  const champion = scores.models.find((model): model is ModelScore => model.key === 'champion' && !isFailedScore(model));
  let biasMs = 0;
  for (const column of candidate.bias) {
    charged.set(`bias.${column.column}`, column.duration_ms);
    biasMs += column.duration_ms;
  }
  charged.set('performance.threshold', scores.load_ms + candidate.timings_ms.predict + candidate.timings_ms.metrics - biasMs);
  if (champion) charged.set('performance.champion', champion.timings_ms.predict + champion.timings_ms.metrics);
  charged.set('quality.latency', candidate.timings_ms.latency);
  charged.set('quality.importance_correlation', candidate.timings_ms.importance + (champion?.timings_ms.importance ?? 0));
  return charged;
}
