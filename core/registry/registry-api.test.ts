// The registry and its governance as users drive them over HTTP: register trained runs, import
// ONNX files (bad ones rejected with nothing stored), MLflow's registry REST, submit → checks →
// auto-approval or review by someone else, protected aliases, and a verifiable audit log.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeModel, GraphBuilder, makeModel } from '../onnx/builder.js';
import { runCli, startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { importChurnDataset, waitForJob } from '../testing/training-fixtures.js';

let core: CoreProcess;
const runs: Record<string, string> = {};
// Scored on the training data here (the test workspace has no holdout); the bias bound is the knob.
const policyWithBiasBound = (bound: number) => `version: 1
evaluation: {dataset: churn, target: target, positive_label: "1"}
checks:
  performance: {metric: roc_auc, threshold: 0.6, champion_tolerance: 0.05}
  bias: {sensitive_columns: [region, customer_segment], max_demographic_parity_difference: ${bound}, max_equal_opportunity_difference: 1}
  security: {max_size_mb: 50}
  compliance: {required_metadata: [owner, intended_use, training_data, license]}
  quality: {positive_rate: {min: 0.01, max: 0.6}, importance_correlation: {min: 0}, latency_p95_ms: 50}
`;
const compliance = { owner: 'ana', intended_use: 'churn outreach', training_data: 'churn sample', license: 'internal' };

async function train(model: string, features?: string[]): Promise<string> {
  const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model, experiment: 'registry-test', seed: 5, features, params: model === 'gbdt' ? { max_iter: 30 } : {} });
  expect(started.status, started.text).toBe(200);
  const job = await waitForJob(core, started.body.job.id);
  expect(job.status, job.error).toBe('succeeded');
  return started.body.run_id as string;
}

async function upload(name: string, bytes: Uint8Array | string, fileName = 'model.onnx') {
  const response = await fetch(`${core.url}/api/models/import?name=${encodeURIComponent(name)}&file_name=${fileName}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${core.token}`, 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function submit(name: string, version: number) {
  const submitted = await core.call('POST', `/api/models/${name}/versions/${version}/submit`);
  expect(submitted.status, submitted.text).toBe(200);
  expect(submitted.body.review.state).toBe('checking');
  await waitForJob(core, submitted.body.job_id);
  return (await core.call('GET', `/api/models/${name}/versions/${version}`)).body;
}

beforeAll(async () => {
  core = await startCoreProcess();
  await importChurnDataset(core, 3000, 21);
  runs.lr = await train('lr');
  runs.gbdt = await train('gbdt');
}, 120_000);
afterAll(async () => core?.dispose());

describe('registering models', () => {
  it('registers runs as numbered versions with their scan and lineage', async () => {
    const first = await core.call('POST', '/api/models/register', { name: 'churn', run_id: runs.lr, tags: compliance });
    expect(first.status, first.text).toBe(200);
    expect(first.body.version).toMatchObject({ name: 'churn', version: 1, origin: 'run', run_id: runs.lr, approval: 'not_submitted', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.body.scan.domains).toEqual(['ai.onnx', 'ai.onnx.ml']);
    expect(first.body.scan.inputs.map((input: { name: string }) => input.name)).toContain('total_spend');
    expect(first.body.lineage.datasets).toEqual([expect.objectContaining({ name: 'churn', version: 1, context: 'train' })]);
    expect(first.body.lineage.run).toMatchObject({ run_id: runs.lr, model_kind: 'lr', target: 'target' });
    const second = await core.call('POST', '/api/models/register', { name: 'churn', run_id: runs.gbdt, tags: compliance });
    expect(second.body.version.version).toBe(2);

    const detail = await core.call('GET', '/api/models/churn');
    expect(detail.body.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect(detail.body.model).toMatchObject({ version_count: 2, latest_version: 2, approvals: { not_submitted: 2 } });
    const graph = await core.call('GET', '/api/models/churn/versions/1/lineage');
    expect(graph.body.edges).toEqual([
      { from: 'dataset:churn:1', to: `run:${runs.lr}` },
      { from: `run:${runs.lr}`, to: 'version:churn/1' },
    ]);
  });

  it('imports an external ONNX file and refuses broken or unsafe ones with nothing stored', async () => {
    const { sha256 } = (await core.call('GET', '/api/models/churn/versions/1')).body.version;
    const onnx = await readFile(path.join(core.workspace, 'artifacts', 'sha256', sha256.slice(0, 2), sha256));
    const imported = await upload('imported', onnx, 'sklearn-model.onnx');
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.version).toMatchObject({ name: 'imported', version: 1, origin: 'import' });
    expect(imported.body.lineage.imported.file_name).toBe('sklearn-model.onnx');

    const notOnnx = await upload('imported', 'name,age\nana,31\n', 'data.csv');
    expect(notOnnx.status).toBe(400);
    expect(notOnnx.body.error.message).toMatch(/not an ONNX model/);
    const truncated = await upload('imported', onnx.subarray(0, Math.floor(onnx.length / 2)));
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.message).toMatch(/truncated|not an ONNX model/);

    const graph = new GraphBuilder('custom');
    graph.addInput('x', 'float', ['N', 1]);
    graph.addNode('Shout', ['x'], ['y'], {}, 'com.example');
    graph.addOutput('y', 'float', ['N', 1]);
    const model = makeModel(graph.toGraph());
    model.opsetImport!.push({ domain: 'com.example', version: 1 });
    const custom = await upload('imported', encodeModel(model));
    expect(custom.status).toBe(400);
    expect(custom.body.error.message).toContain('com.example');

    const versions = (await core.call('GET', '/api/models/imported')).body.versions;
    expect(versions).toHaveLength(1);
  });
});

describe('MLflow registry REST', () => {
  const mlflow = (method: string, route: string, body?: unknown) => core.call(method, `/api/2.0/mlflow${route}`, body);

  it('creates, searches and aliases models the way MLflow clients expect', async () => {
    expect((await mlflow('POST', '/registered-models/create', { name: 'mlflow-model', tags: [{ key: 'team', value: 'growth' }] })).status).toBe(200);
    const duplicate = await mlflow('POST', '/registered-models/create', { name: 'mlflow-model' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    const created = await mlflow('POST', '/model-versions/create', { name: 'mlflow-model', source: `runs:/${runs.lr}/model`, run_id: runs.lr });
    expect(created.body.model_version).toMatchObject({ name: 'mlflow-model', version: '1', status: 'READY', current_stage: 'None', run_id: runs.lr });

    const search = await mlflow('GET', `/registered-models/search?filter=${encodeURIComponent("tags.team = 'growth'")}`);
    expect(search.body.registered_models.map((model: { name: string }) => model.name)).toEqual(['mlflow-model']);
    const like = await mlflow('GET', `/registered-models/search?filter=${encodeURIComponent("name LIKE 'MLFLOW%'")}`);
    expect(like.body.registered_models ?? []).toEqual([]);
    const versions = await mlflow('GET', `/model-versions/search?filter=${encodeURIComponent(`run_id = '${runs.lr}'`)}`);
    expect(versions.body.model_versions.map((version: { name: string }) => version.name).sort()).toEqual(['churn', 'mlflow-model']);

    expect((await mlflow('POST', '/registered-models/alias', { name: 'mlflow-model', alias: 'challenger', version: '1' })).status).toBe(200);
    const byAlias = await mlflow('GET', '/registered-models/alias?name=mlflow-model&alias=challenger');
    expect(byAlias.body.model_version).toMatchObject({ version: '1', aliases: ['challenger'] });
    const model = await mlflow('GET', '/registered-models/get?name=mlflow-model');
    expect(model.body.registered_model.aliases).toEqual([{ alias: 'challenger', version: '1' }]);
    expect(model.body.registered_model.latest_versions).toEqual([expect.objectContaining({ version: '1', current_stage: 'None' })]);

    const reserved = await mlflow('POST', '/registered-models/alias', { name: 'mlflow-model', alias: 'latest', version: '1' });
    expect(reserved.status).toBe(400);
    const missing = await mlflow('POST', '/registered-models/alias', { name: 'mlflow-model', alias: 'next', version: '9' });
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');

    const staged = await mlflow('POST', '/model-versions/transition-stage', { name: 'mlflow-model', version: '1', stage: 'staging', archive_existing_versions: false });
    expect(staged.body.model_version.current_stage).toBe('Staging');
    expect((await mlflow('DELETE', '/registered-models/alias', { name: 'mlflow-model', alias: 'challenger' })).status).toBe(200);
    expect((await mlflow('DELETE', '/model-versions/delete', { name: 'mlflow-model', version: '1' })).status).toBe(200);
    const again = await mlflow('POST', '/model-versions/create', { name: 'mlflow-model', source: `runs:/${runs.lr}/model` });
    expect(again.body.model_version.version).toBe('2'); // numbers are never reused
  });
});

describe('governance', () => {
  it('auto-approves a version that passes every check, holds one that fails, and lets someone else approve it', async () => {
    expect((await core.call('GET', '/api/policy')).body.version).toBe(1); // the default, seeded
    expect((await core.call('PUT', '/api/policy', { document: policyWithBiasBound(1) })).body.version).toBe(2);
    const approved = await submit('churn', 1);
    expect(approved.review.checks.length).toBeGreaterThan(8);
    const failing = approved.review.checks.filter((check: { verdict: string }) => check.verdict === 'fail' || check.verdict === 'error');
    expect(failing, JSON.stringify(failing)).toEqual([]);
    expect(approved.version.approval).toBe('approved');
    expect(approved.review).toMatchObject({ state: 'approved', auto_approved: true, decided_by: 'policy' });

    // The champion is protected: only an approved version may carry it.
    expect((await core.call('POST', '/api/models/churn/aliases', { alias: 'champion', version: 1 })).status).toBe(200);
    const blocked = await core.call('POST', '/api/models/churn/aliases', { alias: 'champion', version: 2 });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toMatch(/protected.*version 2.*not submitted/);

    const stored = await core.call('PUT', '/api/policy', { document: policyWithBiasBound(0.01) });
    expect(stored.body.version).toBe(3);
    // A new policy version: the earlier approval no longer holds.
    expect((await core.call('GET', '/api/models/churn/versions/1')).body.version.approval).toBe('expired');

    const held = await submit('churn', 2);
    expect(held.review.state).toBe('pending_review');
    const bias = held.review.checks.filter((check: { name: string; verdict: string }) => check.name.startsWith('bias.') && check.verdict === 'fail');
    expect(bias.length).toBeGreaterThan(0);
    expect(bias[0].summary).toMatch(/demographic parity difference/);
    expect(bias[0].numbers.groups.length).toBeGreaterThan(1);

    const own = await core.call('POST', '/api/models/churn/versions/2/review', { decision: 'approve', comment: 'looks fine' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/tester submitted version 2.*cannot approve/);

    const added = await runCli(['users', 'add', 'bob', '--token', 'bob-token-0123456789', '--workspace', core.workspace, '--json']);
    expect(added.code, added.stderr).toBe(0);
    const asBob = await fetch(`${core.url}/api/models/churn/versions/2/review`, {
      method: 'POST',
      headers: { Authorization: 'Bearer bob-token-0123456789', 'Content-Type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', comment: 'Segment gap is explained by tenure; accepted for the pilot.' }),
    });
    expect(asBob.status).toBe(200);
    expect(await asBob.json()).toMatchObject({ state: 'approved', decided_by: 'bob', auto_approved: false });
    expect((await core.call('POST', '/api/models/churn/aliases', { alias: 'champion', version: 2 })).status).toBe(200);
    expect((await core.call('GET', '/api/models/churn')).body.model.aliases).toEqual({ champion: 2 });

    // Editing the version afterwards expires the approval.
    await core.call('POST', '/api/models/churn/versions/2/tags', { key: 'notes', value: 'retrained' });
    expect((await core.call('GET', '/api/models/churn/versions/2')).body.version.approval).toBe('expired');

    const queue = await core.call('GET', '/api/reviews?state=approved');
    expect(queue.body.reviews.map((review: { version: number }) => review.version)).toEqual([2, 1]);
  }, 120_000);

  it('keeps the old policy when the new one is invalid, naming the line and field', async () => {
    const before = (await core.call('GET', '/api/policy')).body.version;
    const invalid = await core.call('PUT', '/api/policy', { document: 'checks:\n  performance:\n    metric: roc_auc\n    threshhold: 0.7\n' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/line 4.*threshhold/);
    expect((await core.call('GET', '/api/policy')).body.version).toBe(before);
  });

  it('writes a manifest and a model card from the version, its lineage and its checks', async () => {
    const manifest = await core.call('GET', '/api/models/churn/versions/2/manifest');
    expect(manifest.text).toMatch(/name: churn/);
    expect(manifest.text).toContain(runs.gbdt);
    const card = await core.call('GET', '/api/models/churn/versions/2/card?format=html');
    expect(card.text).toMatch(/<html/);
    expect(card.text).toContain('churn outreach');
  });

  it('records every action in a hash chain that detects an edit behind the app', async () => {
    const verified = await core.call('GET', '/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true, first_bad: null });
    expect(verified.body.entries).toBeGreaterThan(10);
    const trail = await core.call('GET', '/api/audit?entity_type=model_version&entity_id=churn/2');
    expect(trail.body.entries.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['model_version.create', 'review.submit', 'review.hold', 'review.approve', 'model_version.set_tag']),
    );
    const approval = trail.body.entries.find((entry: { action: string }) => entry.action === 'review.approve');
    const raw = new Database(path.join(core.workspace, 'workbench.db'));
    raw.prepare('UPDATE audit_log SET actor = ? WHERE seq = ?').run('mallory', approval.seq);
    raw.close();
    const tampered = await core.call('GET', '/api/audit/verify');
    expect(tampered.body.ok).toBe(false);
    expect(tampered.body.first_bad).toMatchObject({ seq: approval.seq, problem: 'edited' });
  });
});
