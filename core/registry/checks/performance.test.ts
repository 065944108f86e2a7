import { describe, expect, it } from 'vitest';
import type { ChampionContext } from './check-result.js';
import { performanceChecks, type PerformancePolicy } from './performance.js';
import { modelScore } from './score-fixture.js';

const policy = (overrides: Partial<PerformancePolicy> = {}): PerformancePolicy => ({ metric: 'roc_auc', threshold: 0.75, champion_tolerance: 0.01, champion_alias: 'champion', ...overrides });
const scored = (metrics: Record<string, number | null>): ChampionContext => ({ status: 'scored', name: 'churn', version: 3, score: modelScore({ key: 'champion', metrics }) });
const absent: ChampionContext = { status: 'absent', reason: 'there is no champion' };

describe('performance checks', () => {
  it('passes a metric at or above its threshold and fails one below, naming both numbers', () => {
    const [passing] = performanceChecks(policy(), { dataset: 'churn:1', candidate: modelScore(), champion: absent });
    expect(passing).toMatchObject({ name: 'performance.threshold', verdict: 'pass', summary: 'roc_auc 0.8 ≥ 0.75 on churn:1 (1000 rows)' });
    const [failing] = performanceChecks(policy({ threshold: 0.85 }), { dataset: 'churn:1', candidate: modelScore(), champion: absent });
    expect(failing).toMatchObject({ verdict: 'fail', summary: 'roc_auc 0.8 < 0.85 on churn:1 (1000 rows)', numbers: { value: 0.8 } });
  });

  it('reads losses as lower-is-better, for the threshold and against the champion', () => {
    const [threshold, champion] = performanceChecks(policy({ metric: 'log_loss', threshold: 0.5, champion_tolerance: 0.02 }), {
      dataset: 'churn:1',
      candidate: modelScore(),
      champion: scored({ log_loss: 0.42 }),
    });
    expect(threshold).toMatchObject({ verdict: 'pass', summary: 'log_loss 0.45 ≤ 0.5 on churn:1 (1000 rows)', inputs: { direction: 'at most' } });
    // 0.45 is 0.03 worse than 0.42: more than the 0.02 tolerance.
    expect(champion.verdict).toBe('fail');
    expect(champion.summary).toBe('log_loss 0.45 vs champion churn v3 0.42: 0.03 worse, more than the tolerance 0.02');
    const [tooHigh] = performanceChecks(policy({ metric: 'brier', threshold: 0.1 }), { dataset: 'churn:1', candidate: modelScore(), champion: absent });
    expect(tooHigh).toMatchObject({ verdict: 'fail', summary: 'brier 0.15 > 0.1 on churn:1 (1000 rows)' });
  });

  it('compares with the champion within the tolerance, higher being better for AUC', () => {
    const [, within] = performanceChecks(policy(), { dataset: 'churn:1', candidate: modelScore(), champion: scored({ roc_auc: 0.805 }) });
    expect(within).toMatchObject({ verdict: 'pass', summary: 'roc_auc 0.8 vs champion churn v3 0.805: 0.005 worse, within the tolerance 0.01' });
    const [, beyond] = performanceChecks(policy(), { dataset: 'churn:1', candidate: modelScore(), champion: scored({ roc_auc: 0.83 }) });
    expect(beyond.verdict).toBe('fail');
    const [, better] = performanceChecks(policy({ champion_tolerance: undefined }), { dataset: 'churn:1', candidate: modelScore(), champion: scored({ roc_auc: 0.7 }) });
    expect(better).toMatchObject({ verdict: 'pass', inputs: { tolerance: 0 } });
    expect(better.summary).toMatch(/as good or better/);
  });

  it('skips the champion comparison with the reason, and errors on a broken champion or an unknown metric', () => {
    const [, none] = performanceChecks(policy(), { dataset: 'churn:1', candidate: modelScore(), champion: absent });
    expect(none).toMatchObject({ verdict: 'skipped', summary: 'there is no champion' });
    const [, broken] = performanceChecks(policy(), { dataset: 'churn:1', candidate: modelScore(), champion: { status: 'failed', name: 'churn', version: 2, error: 'the model needs column "age"' } });
    expect(broken).toMatchObject({ verdict: 'error', summary: 'the champion churn v2 could not be scored: the model needs column "age"' });
    const [unknown] = performanceChecks(policy({ metric: 'rmse' }), { dataset: 'churn:1', candidate: modelScore(), champion: absent });
    expect(unknown.verdict).toBe('error');
    expect(unknown.summary).toMatch(/metric "rmse" is not measured for a classification model; measured: accuracy/);
    const [undefinedAuc] = performanceChecks(policy(), { dataset: 'churn:1', candidate: modelScore({ metrics: { roc_auc: null }, warnings: ['ROC AUC is undefined: only negative rows are present'] }), champion: absent });
    expect(undefinedAuc).toMatchObject({ verdict: 'skipped', summary: 'roc_auc is undefined on the evaluation data: ROC AUC is undefined: only negative rows are present' });
  });
});
