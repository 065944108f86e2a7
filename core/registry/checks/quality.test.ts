import { describe, expect, it } from 'vitest';
import type { ChampionContext } from './check-result.js';
import { alignImportance, pearson, qualityChecks, type QualityPolicy } from './quality.js';
import { modelScore } from './score-fixture.js';

const policy: QualityPolicy = { probability_range: true, positive_rate: { min: 0.1, max: 0.4 }, importance_correlation: { min: 0.8 }, latency_p95_ms: 1 };
const absent: ChampionContext = { status: 'absent', reason: 'the candidate is the champion' };
const byName = (results: ReturnType<typeof qualityChecks>) => Object.fromEntries(results.map((result) => [result.name, result]));

describe('quality checks', () => {
  it('correlates importances over the union of features, a missing feature counting as zero', () => {
    expect(alignImportance({ b: 2, a: 1 }, { a: 3, c: 5 })).toEqual({ features: ['a', 'b', 'c'], candidate: [1, 2, 0], champion: [3, 0, 5] });
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    // By hand: deviations (−1, 0, 1) and (−1, 2, −1) → Σ = 0.
    expect(pearson([1, 2, 3], [1, 3, 1])).toBe(0);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('passes a sane candidate close to its champion and skips the correlation without one', () => {
    const champion: ChampionContext = { status: 'scored', name: 'churn', version: 1, score: modelScore({ key: 'champion', importance: { total_spend: 0.12, region: 0.01, transaction_count: 0.001 } }) };
    const results = byName(qualityChecks(policy, { dataset: 'churn:1', candidate: modelScore(), champion, importanceSource: 'permutation' }));
    expect(Object.values(results).map((result) => result.verdict)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(results['quality.importance_correlation'].summary).toMatch(/^importance correlation with the champion 0\.99\d* ≥ 0\.8 over 3 features \(permutation importance\)$/);
    const without = byName(qualityChecks(policy, { dataset: 'churn:1', candidate: modelScore(), champion: absent, importanceSource: 'stored' }));
    expect(without['quality.importance_correlation']).toMatchObject({ verdict: 'skipped', summary: 'the candidate is the champion' });
  });

  it('fails out-of-range probabilities, a positive rate outside its band, diverging importance and slow rows', () => {
    const candidate = modelScore({
      probability_range: { min: -0.2, max: 1.3, outside_unit_interval: 7, nan: 2 },
      predicted_positive_rate: 0.55,
      latency_ms: { p50: 0.8, p95: 2.5, p99: 4, samples: 200 },
      importance: { total_spend: 0, region: 1 },
    });
    const champion: ChampionContext = { status: 'scored', name: 'churn', version: 1, score: modelScore({ importance: { total_spend: 1, region: 0 } }) };
    const results = byName(qualityChecks(policy, { dataset: 'churn:1', candidate, champion, importanceSource: 'stored' }));
    expect(results['quality.probability_range']).toMatchObject({ verdict: 'fail', summary: '7 probabilities outside [0, 1] (min -0.2, max 1.3); 2 are NaN' });
    expect(results['quality.positive_rate']).toMatchObject({ verdict: 'fail', summary: 'predicted positive rate 0.55 is above [0.1, 0.4]' });
    expect(results['quality.importance_correlation']).toMatchObject({ verdict: 'fail', numbers: { correlation: -1 } });
    expect(results['quality.latency']).toMatchObject({ verdict: 'fail', summary: 'single-row p95 latency 2.5 ms > 1 ms (p50 0.8 ms, 200 runs)' });
  });

  it('skips what a regression model cannot be asked, and runs only the checks the policy names', () => {
    const regression = modelScore({ task: 'regression', probability_range: null, predicted_positive_rate: null, positive_label: null });
    const results = byName(qualityChecks(policy, { dataset: 'churn:1', candidate: regression, champion: absent, importanceSource: 'stored' }));
    expect(results['quality.probability_range'].verdict).toBe('skipped');
    expect(results['quality.positive_rate'].verdict).toBe('skipped');
    expect(qualityChecks({ probability_range: false }, { dataset: 'churn:1', candidate: regression, champion: absent, importanceSource: 'stored' })).toEqual([]);
  });
});
