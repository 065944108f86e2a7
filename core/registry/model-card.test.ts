import { describe, expect, it } from 'vitest';
import type { ReviewDetail } from '../api/registry-contract.js';
import type { ManifestInput } from './manifest.js';
import { modelCardHtml, modelCardMarkdown } from './model-card.js';
import type { CheckResult, VersionLineage } from './types.js';
import { fixtureTime, versionFixture } from './version-fixture.js';

const time = fixtureTime;

const version = versionFixture({ aliases: ['champion'], approval: 'pending_review', metrics: {} });

const lineage: VersionLineage = {
  run: {
    run_id: 'r1',
    run_name: 'gbdt-depth-6',
    experiment_id: '2',
    experiment_name: 'churn',
    user_id: 'alice',
    start_time: time - 3_600_000,
    end_time: time,
    model_kind: 'gbdt',
    task: 'classification',
    target: 'churned',
    params: { max_depth: '6' },
    metrics: { test_auc: 0.9123, val_auc: 0.9 },
  },
  datasets: [{ name: 'customers', version: 4, sha256: 'cd'.repeat(32), context: 'train' }],
  feature_views: [],
  code_version: 'git:1a2b3c',
  packages: { onnxruntime: '1.20.0' },
};

const biasCheck: CheckResult = {
  name: 'bias.region',
  category: 'bias',
  verdict: 'fail',
  summary: 'demographic parity difference 0.21 > 0.1 across region',
  inputs: { column: 'region' },
  numbers: {
    demographic_parity_difference: 0.21,
    equal_opportunity_difference: 0.08,
    groups: [
      { group: 'north', count: 1200, positive_rate: 0.31, true_positive_rate: 0.8 },
      { group: 'south', count: 950, positive_rate: 0.1, true_positive_rate: 0.72 },
    ],
  },
  duration_ms: 12,
};

const review: ReviewDetail = {
  review_id: 7,
  name: 'churn',
  version: 3,
  revision: 1,
  policy_version: 2,
  submitted_by: 'alice',
  submitted_time: time + 60_000,
  state: 'pending_review',
  auto_approved: false,
  decided_by: null,
  decided_time: null,
  comment: null,
  error: null,
  verdicts: { pass: 1, fail: 1 },
  current: true,
  checks: [{ name: 'performance.threshold', category: 'performance', verdict: 'pass', summary: 'test_auc 0.91 ≥ 0.8', inputs: {}, numbers: { value: 0.9123, threshold: 0.8 }, duration_ms: 3 }, biasCheck],
};

const tags = { owner: 'growth-team', license: 'internal', intended_use: 'Rank customers for retention offers.', training_data: 'Customer snapshots 2023.' };
const input: ManifestInput = { model: { name: 'churn', description: 'Who leaves next month', tags }, version, lineage, scan: null, review, policyVersion: 2 };

describe('model card', () => {
  it('writes the details, metrics, checks and per-group fairness a reviewer needs in Markdown', () => {
    const card = modelCardMarkdown(input);
    expect(card).toMatch(/^# churn version 3\n\nWho leaves next month\n/);
    for (const heading of ['Model details', 'Intended use', 'Training data', 'Evaluation metrics', 'Governance checks', 'Fairness', 'Limitations', 'Lineage']) expect(card).toContain(`\n## ${heading}\n`);
    expect(card).toContain('| Owner | growth-team |');
    expect(card).toContain('| License | internal |');
    expect(card).toContain('Rank customers for retention offers.');
    expect(card).toContain('| test | auc | 0.9123 |');
    expect(card).toContain('| validation | auc | 0.9 |');
    expect(card).toContain('| performance.threshold | pass | test_auc 0.91 ≥ 0.8 | value 0.9123, threshold 0.8 |');
    expect(card).toContain('| Demographic parity difference | 0.21 |');
    expect(card).toContain('| Group | Count | Positive rate | True positive rate |');
    expect(card).toContain('| north | 1,200 | 0.31 | 0.8 |');
    expect(card).toContain('| south | 950 | 0.1 | 0.72 |');
    expect(card).toContain('- bias.region (fail): demographic parity difference 0.21 > 0.1 across region');
    expect(card).toContain('| Run | gbdt-depth-6 (r1) |');
  });

  it('says "Not provided" where metadata is missing', () => {
    const bare: ManifestInput = { model: { name: 'legacy', description: '', tags: {} }, version: { ...version, name: 'legacy', approval: 'not_submitted' }, lineage: { datasets: [], feature_views: [], packages: {} }, scan: null, review: null, policyVersion: null };
    const card = modelCardMarkdown(bare);
    expect(card).toContain('| Owner | Not provided |');
    expect(card).toContain('| License | Not provided |');
    expect(card).toContain('_Not provided: the model has no "intended_use" tag._');
    expect(card).toContain('_Not provided: the model has no "training_data" tag._');
    expect(card).toContain('_Not provided: no metrics were recorded for this version._');
    expect(card).toContain('_Not provided: this version has not been submitted for review._');
    expect(card).toMatch(/## Fairness\n\n_Not provided: no bias check ran/);
    expect(card).toContain('| Code version | Not provided |');
  });

  it('writes one self-contained HTML file with light and dark styles', () => {
    const html = modelCardHtml(input);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).not.toMatch(/<link|<script|src=|@import|url\(/i);
    expect(html).toContain('<td>north</td><td>1,200</td><td>0.31</td><td>0.8</td>');
    expect(html).toContain('<td class="verdict fail">fail</td>');
  });

  it('escapes every value it puts into HTML', () => {
    const hostile: ManifestInput = {
      ...input,
      model: { ...input.model, description: 'a & b', tags: { ...tags, owner: '<script>alert("owner")</script>' } },
      review: { ...review, checks: [{ ...biasCheck, summary: '<img onerror=x>', numbers: { groups: [{ group: '<b>north</b>', count: 1 }] } }] },
    };
    const html = modelCardHtml(hostile);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>north');
    expect(html).toContain('&#60;script&#62;alert(&#34;owner&#34;)&#60;/script&#62;');
    expect(html).toContain('a &#38; b');
  });
});
