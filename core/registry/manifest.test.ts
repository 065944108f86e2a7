import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ReviewDetail } from '../api/registry-contract.js';
import { groupMetrics, manifestDocument, manifestYaml, type ManifestInput } from './manifest.js';
import type { ModelScan, VersionLineage } from './types.js';
import { fixtureTime, versionFixture } from './version-fixture.js';

const time = fixtureTime;

const version = versionFixture({ aliases: ['champion', 'candidate'], approval: 'approved', metrics: { test_auc: 0.9 } });

const lineage: VersionLineage = {
  run: {
    run_id: 'r1',
    run_name: 'gbdt-depth-6',
    experiment_id: '2',
    experiment_name: 'churn',
    user_id: 'alice',
    start_time: time - 3_600_000,
    end_time: time - 3_000_000,
    model_kind: 'gbdt',
    task: 'classification',
    target: 'churned',
    params: { max_depth: '6', learning_rate: '0.1' },
    metrics: { test_auc: 0.91, val_auc: 0.9, validation_log_loss: 0.3, train_seconds: 12.5 },
  },
  datasets: [{ name: 'customers', version: 4, sha256: 'cd'.repeat(32), context: 'train' }],
  feature_views: ['customer_activity'],
  code_version: 'git:1a2b3c',
  packages: { onnxruntime: '1.20.0', 'ml-workbench': '0.3.0' },
};

const scan: ModelScan = {
  sha256: 'ab'.repeat(32),
  size: 20480,
  irVersion: 9,
  producerName: 'ml-workbench',
  producerVersion: '0.3.0',
  opsets: { 'ai.onnx.ml': 3, 'ai.onnx': 17 },
  domains: ['ai.onnx', 'ai.onnx.ml'],
  operators: ['Cast', 'ai.onnx.ml.TreeEnsembleClassifier'],
  inputs: [{ name: 'tenure', type: 'float', shape: ['batch', 1] }],
  outputs: [{ name: 'probabilities', type: 'float', shape: ['batch', 2] }],
  metadata: {},
  externalData: [],
  initializerCount: 0,
  nodeCount: 4,
};

const review: ReviewDetail = {
  review_id: 7,
  name: 'churn',
  version: 3,
  revision: 1,
  policy_version: 2,
  submitted_by: 'alice',
  submitted_time: time + 60_000,
  state: 'approved',
  auto_approved: false,
  decided_by: 'bob',
  decided_time: time + 120_000,
  comment: 'Fair across regions.',
  error: null,
  verdicts: { pass: 1 },
  current: true,
  checks: [{ name: 'performance.threshold', category: 'performance', verdict: 'pass', summary: 'test_auc 0.91 ≥ 0.8', inputs: {}, numbers: { value: 0.91 }, duration_ms: 3 }],
};

const input: ManifestInput = { model: { name: 'churn', description: 'Who leaves next month', tags: { team: 'growth', owner: 'alice' } }, version, lineage, scan, review, policyVersion: 2 };

describe('manifest', () => {
  it('describes the model, its training, dependencies, metrics and governance in git-friendly YAML', () => {
    const text = manifestYaml(input);
    const parsed = parse(text);
    expect(parsed).toEqual(manifestDocument(input));
    expect(Object.keys(parsed)).toEqual(['manifest_version', 'model', 'training', 'dependencies', 'metrics', 'governance']);
    expect(parsed.model).toMatchObject({
      name: 'churn',
      version: 3,
      framework: 'onnx',
      flavour: 'gbdt',
      task: 'classification',
      sha256: 'ab'.repeat(32),
      size_bytes: 20480,
      opsets: { 'ai.onnx': 17, 'ai.onnx.ml': 3 },
      signature: { inputs: [{ name: 'tenure', type: 'float', shape: ['batch', 1] }], outputs: [{ name: 'probabilities', type: 'float', shape: ['batch', 2] }] },
      aliases: ['candidate', 'champion'],
      tags: { owner: 'alice', team: 'growth' },
      description: 'Who leaves next month',
    });
    expect(parsed.training).toEqual({
      run_id: 'r1',
      experiment: 'churn',
      run_name: 'gbdt-depth-6',
      date: '2024-05-02T08:30:00.000Z',
      user: 'alice',
      data: [{ name: 'customers', version: 4, sha256: 'cd'.repeat(32), context: 'train' }],
      feature_views: ['customer_activity'],
      target: 'churned',
      code_version: 'git:1a2b3c',
      hyperparameters: { learning_rate: '0.1', max_depth: '6' },
    });
    expect(parsed.dependencies).toEqual({ 'ml-workbench': '0.3.0', onnxruntime: '1.20.0' });
    expect(parsed.metrics).toEqual({ test: { auc: 0.91 }, validation: { auc: 0.9, log_loss: 0.3 }, other: { train_seconds: 12.5 } });
    expect(parsed.governance).toEqual({
      approval: 'approved',
      policy_version: 2,
      submitted_by: 'alice',
      submitted_at: '2024-05-02T09:31:00.000Z',
      decided_by: 'bob',
      decided_at: '2024-05-02T09:32:00.000Z',
      comment: 'Fair across regions.',
      checks: [{ name: 'performance.threshold', verdict: 'pass', summary: 'test_auc 0.91 ≥ 0.8' }],
    });
    expect(text).toContain('shape: [ batch, 1 ]');
    expect(text).not.toContain('null');
  });

  it('keeps keys in a stable order whatever order the maps were built in', () => {
    const reordered: ManifestInput = {
      ...input,
      model: { ...input.model, tags: { team: 'growth', owner: 'alice' } },
      lineage: { ...lineage, packages: { 'ml-workbench': '0.3.0', onnxruntime: '1.20.0' }, run: { ...lineage.run!, params: { learning_rate: '0.1', max_depth: '6' } } },
      scan: { ...scan, opsets: { 'ai.onnx': 17, 'ai.onnx.ml': 3 } },
    };
    expect(manifestYaml(reordered)).toBe(manifestYaml(input));
  });

  it('leaves out what an imported, never-reviewed version does not have', () => {
    const imported: ManifestInput = {
      model: { name: 'legacy', description: '', tags: {} },
      version: { ...version, name: 'legacy', version: 1, origin: 'import', run_id: null, aliases: [], approval: 'not_submitted', metrics: {} },
      lineage: { datasets: [], feature_views: [], packages: {}, imported: { file_name: 'legacy.onnx', producer: 'skl2onnx' } },
      scan: null,
      review: null,
      policyVersion: null,
    };
    const parsed = parse(manifestYaml(imported));
    expect(Object.keys(parsed)).toEqual(['manifest_version', 'model', 'training', 'governance']);
    expect(parsed.training).toEqual({ imported_from: { file_name: 'legacy.onnx', producer: 'skl2onnx' } });
    expect(parsed.governance).toEqual({ approval: 'not_submitted' });
    expect(Object.keys(parsed.model)).not.toContain('aliases');
    expect(Object.keys(parsed.model)).not.toContain('description');
  });

  it('groups metrics by their prefix', () => {
    expect(groupMetrics({ accuracy: 0.8, test_f1: 0.7, val_f1: 0.72, validation_recall: 0.6 })).toEqual({ test: { f1: 0.7 }, validation: { f1: 0.72, recall: 0.6 }, other: { accuracy: 0.8 } });
    expect(groupMetrics({})).toEqual({});
  });
});
