// Governance check wall time: one runGovernanceChecks over a 100,000-row churn evaluation table
// with a GBDT candidate and a GBDT champion, bias over two attributes, every check family on.
// Training and file writing happen before the clock; the worker pool is started before it too,
// as a running core's pool already is.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeColumnarFile } from '../../core/datasets/columnar-file.js';
import { inspectModel } from '../../core/onnx/inspect.js';
import { runGovernanceChecks, type CheckSubject } from '../../core/registry/checks/run-checks.js';
import type { GovernancePolicy } from '../../core/registry/types.js';
import { churnTable } from '../../core/testing/churn-table.js';
import { trainPipeline } from '../../core/training/train-pipeline.js';
import { WorkerPool } from '../../core/workers/pool.js';

const trainingRows = 20_000;

export async function measureGovernanceCheck(rows = 100_000): Promise<{ seconds: number; rows: number; checks: number; failed: number }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-bench-governance-'));
  const pool = new WorkerPool();
  try {
    const hooks = { signal: new AbortController().signal, progress() {}, metric() {} };
    const training = churnTable(trainingRows, 3);
    const train = async (seed: number, maxIter: number) =>
      (await trainPipeline(training, { target: 'target', model: 'gbdt', params: { max_iter: maxIter }, seed }, hooks)).onnx;
    const candidate = subject('churn', 2, path.join(folder, 'candidate.onnx'), await train(2, 60));
    const champion = subject('churn', 1, path.join(folder, 'champion.onnx'), await train(1, 40));
    const evaluationTable = churnTable(rows, 17);
    const evaluation = { label: 'churn:1', file: path.join(folder, 'evaluation.mlwbcol'), columns: evaluationTable.columns.map((column) => column.name) };
    await writeColumnarFile(evaluationTable, evaluation.file);
    await pool.run('hashFile', { file: evaluation.file }); // starts the pool's thread(s) before the clock

    const started = performance.now();
    const results = await runGovernanceChecks({ policy: benchPolicy(), candidate, champion, evaluation }, pool);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rows, checks: results.length, failed: results.filter((result) => result.verdict === 'fail' || result.verdict === 'error').length };
  } finally {
    await pool.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function subject(name: string, version: number, file: string, bytes: Uint8Array): CheckSubject {
  writeFileSync(file, bytes);
  const description = inspectModel(bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    name,
    version,
    file,
    registeredSha256: sha256,
    scan: { ...description, sha256, size: bytes.byteLength, domains: Object.keys(description.opsets).sort(), externalData: [], initializerCount: 0, nodeCount: 0 },
    tags: { owner: 'bench', intended_use: 'retention campaigns', training_data: 'churn:1', license: 'MIT' },
    description: 'Churn model for the governance benchmark.',
  };
}

function benchPolicy(): GovernancePolicy {
  return {
    auto_approve: false,
    protected_aliases: ['champion'],
    evaluation: { dataset: 'churn', target: 'target', positive_label: '1' },
    checks: {
      performance: { metric: 'roc_auc', threshold: 0.7, champion_tolerance: 0.02, champion_alias: 'champion' },
      bias: { sensitive_columns: ['region', 'customer_segment'], max_demographic_parity_difference: 0.5, max_equal_opportunity_difference: 0.5, min_group_size: 100 },
      security: { allowed_domains: ['ai.onnx', 'ai.onnx.ml'], max_size_mb: 50, allowed_inputs: 'dataset', required_outputs: ['label', 'probabilities'] },
      compliance: { required_metadata: ['owner', 'intended_use', 'training_data', 'license', 'model_card'], required_tags: [] },
      quality: { probability_range: true, positive_rate: { min: 0.01, max: 0.9 }, importance_correlation: { min: 0.5 }, latency_p95_ms: 5 },
    },
  };
}
