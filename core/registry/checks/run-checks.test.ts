import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeColumnarFile } from '../../datasets/columnar-file.js';
import { inspectModel } from '../../onnx/inspect.js';
import { churnTable } from '../../testing/churn-table.js';
import { trainPipeline, type TrainHooks } from '../../training/train-pipeline.js';
import { WorkerPool } from '../../workers/pool.js';
import type { GovernancePolicy, ModelScan } from '../types.js';
import { runGovernanceChecks, type CheckSubject, type GovernanceCheckInput } from './run-checks.js';

const hooks = (): TrainHooks => ({ signal: new AbortController().signal, progress() {}, metric() {} });
const pool = new WorkerPool(2);
afterAll(() => pool.close());
const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-governance-run-'));
const evaluationTable = churnTable(3000, 21);
const evaluation = { label: 'churn:2', file: path.join(folder, 'evaluation.mlwbcol'), columns: evaluationTable.columns.map((column) => column.name) };
let candidate: CheckSubject;
let champion: CheckSubject;

/** What the registry's scan reports, built from the model description for these tests. */
function scanOf(bytes: Uint8Array): ModelScan {
  const description = inspectModel(bytes);
  return {
    ...description,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
    domains: Object.keys(description.opsets).sort(),
    externalData: [],
    initializerCount: 0,
    nodeCount: 0,
  };
}

function subject(name: string, version: number, file: string, bytes: Uint8Array): CheckSubject {
  writeFileSync(file, bytes);
  const scan = scanOf(bytes);
  return { name, version, file, registeredSha256: scan.sha256, scan, tags: { owner: 'ana', team: 'growth' }, description: 'Churn model for retention campaigns.' };
}

beforeAll(async () => {
  const training = churnTable(3000, 5);
  const gbdt = await trainPipeline(training, { target: 'target', model: 'gbdt', params: { max_iter: 30 }, seed: 1 }, hooks());
  const lr = await trainPipeline(training, { target: 'target', model: 'lr', params: {}, seed: 1 }, hooks());
  candidate = subject('churn', 2, path.join(folder, 'candidate.onnx'), gbdt.onnx);
  champion = subject('churn', 1, path.join(folder, 'champion.onnx'), lr.onnx);
  await writeColumnarFile(evaluationTable, evaluation.file);
}, 120_000);

function permissivePolicy(): GovernancePolicy {
  return {
    auto_approve: true,
    protected_aliases: ['champion'],
    evaluation: { dataset: 'churn', target: 'target' },
    checks: {
      performance: { metric: 'roc_auc', threshold: 0.6, champion_tolerance: 0.2, champion_alias: 'champion' },
      bias: { sensitive_columns: ['region', 'customer_segment'], max_demographic_parity_difference: 1, max_equal_opportunity_difference: 1, min_group_size: 30 },
      security: { allowed_domains: ['ai.onnx', 'ai.onnx.ml'], max_size_mb: 20, allowed_inputs: 'dataset', required_outputs: ['label', 'probabilities'] },
      compliance: { required_metadata: ['owner', 'model_card'], required_tags: ['team'] },
      quality: { probability_range: true, positive_rate: { min: 0, max: 1 }, importance_correlation: { min: -1 }, latency_p95_ms: 1000 },
    },
  };
}

const run = (overrides: Partial<GovernanceCheckInput> = {}) => runGovernanceChecks({ policy: permissivePolicy(), candidate, champion, evaluation, ...overrides }, pool);
const verdicts = (results: Awaited<ReturnType<typeof run>>) => Object.fromEntries(results.map((result) => [result.name, result.verdict]));

describe('runGovernanceChecks', () => {
  it('passes every check of a permissive policy, in a stable order, each with its numbers and duration', async () => {
    const results = await run();
    expect(results.map((result) => result.name)).toEqual([
      'performance.threshold',
      'performance.champion',
      'bias.region',
      'bias.customer_segment',
      'security.domains',
      'security.external_data',
      'security.size',
      'security.io',
      'security.sha256',
      'compliance.metadata',
      'compliance.tags',
      'quality.probability_range',
      'quality.positive_rate',
      'quality.importance_correlation',
      'quality.latency',
    ]);
    for (const result of results) expect([result.name, result.verdict, result.summary]).toEqual([result.name, 'pass', result.summary]);
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    expect(byName['performance.threshold'].summary).toMatch(/^roc_auc 0\.\d+ ≥ 0\.6 on churn:2 \(3000 rows\)$/);
    expect(byName['performance.champion'].inputs).toMatchObject({ champion: 'churn v1' });
    expect(byName['bias.region'].numbers.groups).toHaveLength(5);
    expect(byName['quality.importance_correlation'].inputs).toMatchObject({ source: 'permutation' });
    expect(byName['performance.threshold'].duration_ms).toBeGreaterThan(0);
    expect(byName['security.sha256'].duration_ms).toBeGreaterThan(0);
    expect(results.every((result) => Number.isFinite(result.duration_ms) && result.duration_ms >= 0)).toBe(true);
    // Plain data: what a review stores as JSON comes back the same.
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  }, 60_000);

  it('fails the bias check under a strict bound and names the groups furthest apart', async () => {
    const policy = permissivePolicy();
    policy.checks.bias = { ...policy.checks.bias!, max_demographic_parity_difference: 0.001 };
    const results = await run({ policy });
    const region = results.find((result) => result.name === 'bias.region')!;
    expect(region.verdict).toBe('fail');
    const match = /^demographic parity difference (0\.\d+) > 0\.001: '(\w+)' (0\.\d+) vs '(\w+)' (0\.\d+)$/.exec(region.summary);
    expect(match, region.summary).not.toBeNull();
    expect(['north', 'south', 'east', 'west', 'central']).toEqual(expect.arrayContaining([match![2], match![4]]));
    expect(region.numbers.demographic_parity_difference).toBeGreaterThan(0.001);
    expect(verdicts(results)['performance.threshold']).toBe('pass');
  }, 60_000);

  it('skips champion comparisons with the reason when there is no champion or the candidate is it', async () => {
    const alone = await run({ champion: undefined });
    const skipped = alone.filter((result) => result.verdict === 'skipped');
    expect(skipped.map((result) => result.name)).toEqual(['performance.champion', 'quality.importance_correlation']);
    expect(skipped[0].summary).toBe("there is no champion: no version of churn has the alias 'champion'");
    const itself = await run({ champion: candidate });
    expect(itself.find((result) => result.name === 'performance.champion')!.summary).toBe("the candidate is the champion ('champion' points at churn v2)");
  }, 60_000);

  it('skips evaluation checks without evaluation data, and reports unreadable data or a changed file as results, not rejections', async () => {
    const withoutData = verdicts(await run({ evaluation: undefined }));
    expect(withoutData).toMatchObject({ 'performance.threshold': 'skipped', 'bias.region': 'skipped', 'security.io': 'skipped', 'quality.latency': 'skipped', 'compliance.metadata': 'pass', 'security.sha256': 'pass' });
    const broken = await run({ evaluation: { ...evaluation, file: path.join(folder, 'gone.mlwbcol') } });
    const threshold = broken.find((result) => result.name === 'performance.threshold')!;
    expect(threshold.verdict).toBe('error');
    expect(threshold.summary).toMatch(/^scoring on churn:2 failed: .*ENOENT/);
    const tampered = await run({ candidate: { ...candidate, registeredSha256: '0'.repeat(64) } });
    expect(verdicts(tampered)['security.sha256']).toBe('fail');
    const unreadable = readFileSync(candidate.file).subarray(0, 10);
    const truncatedFile = path.join(folder, 'truncated.onnx');
    writeFileSync(truncatedFile, unreadable);
    const truncated = await run({ candidate: { ...candidate, file: truncatedFile } });
    expect(truncated.find((result) => result.name === 'performance.threshold')!.summary).toMatch(/^the candidate could not be scored on churn:2: /);
    expect(verdicts(truncated)['security.sha256']).toBe('fail');
  }, 60_000);
});
