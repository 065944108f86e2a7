// Training as a user drives it over HTTP: import the churn CSV, start a job, watch it finish,
// find the tracked run with its ONNX pipeline; bad requests create nothing; cancel ends KILLED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { importChurnDataset, waitForJob as waitForJobOf } from '../testing/training-fixtures.js';

let core: CoreProcess;

beforeAll(async () => {
  core = await startCoreProcess();
  await importChurnDataset(core, 4000, 11);
});
afterAll(async () => core?.dispose());

const waitForJob = (id: string) => waitForJobOf(core, id);

describe('POST /api/train', () => {
  it('trains in the background while health checks answer, then records the run and its ONNX model', async () => {
    const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', experiment: 'churn-models', seed: 3 });
    expect(started.status).toBe(200);
    const healthStart = performance.now();
    expect((await fetch(`${core.url}/healthz`)).status).toBe(200);
    expect(performance.now() - healthStart).toBeLessThan(1000);

    const job = await waitForJob(started.body.job.id);
    expect(job).toMatchObject({ status: 'succeeded', run_id: started.body.run_id });
    const { run, inputs } = (await core.call('GET', `/api/runs/${started.body.run_id}`)).body;
    expect(run.status).toBe('FINISHED');
    expect(run.params).toMatchObject({ model: 'lr', target: 'target', dataset: 'churn', dataset_version: '1', C: '1' });
    expect(run.metrics.test_roc_auc).toBeGreaterThan(0.7);
    expect(run.metrics.parity_max_abs_diff).toBeLessThan(1e-5);
    expect(run.tags['mlwb.dataset.sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(inputs).toEqual([expect.objectContaining({ name: 'churn', context: 'train' })]);
    const listing = await core.call('GET', `/api/runs/${run.run_id}/artifacts?path=model`);
    expect(listing.body.files.map((file: { path: string }) => file.path)).toEqual(['model/MLmodel', 'model/model.onnx']);
    const root = await core.call('GET', `/api/runs/${run.run_id}/artifacts`);
    expect(root.body.files.map((file: { path: string }) => file.path)).toEqual(['data_profile.json', 'evaluation.json', 'feature_importance.json', 'model', 'preprocessing.json']);
    const profile = await core.call('GET', `/api/runs/${run.run_id}/artifacts/content?path=data_profile.json`);
    expect(profile.body).toMatchObject({ dataset: 'churn:1', rows: 4000, split: { train: expect.any(Number) } });
  });

  it('streams live progress and learning-curve events until the job ends', async () => {
    const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'mlp', params: { epochs: 3, patience: 0 } });
    const response = await fetch(`${core.url}/api/jobs/${started.body.job.id}/events?token=${core.token}`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const stream = await response.text(); // ends when the job does
    expect(stream).toContain('event: progress');
    expect((stream.match(/event: metric/g) ?? []).length).toBe(3);
    expect(stream).toMatch(/"train_loss":\d/);
    expect(stream.trimEnd().endsWith('event: end\ndata: {}')).toBe(true);
    const { run } = (await core.call('GET', `/api/runs/${started.body.run_id}`)).body;
    expect(run.tags['mlwb.backend']).toMatch(/^tfjs wasm/);
    expect(run.metrics.parity_passed).toBe(1);
  });

  it('answers bad requests with 400 naming the problem and creates no run', async () => {
    const before = (await core.call('GET', '/api/experiments')).body.experiments.reduce((sum: number, experiment: { run_count: number }) => sum + experiment.run_count, 0);
    const unknownParam = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', params: { depth: 3 } });
    expect(unknownParam.status).toBe(400);
    expect(unknownParam.body.error.message).toContain('Valid parameters: C, max_iter, tol, fit_intercept');
    const unknownTarget = await core.call('POST', '/api/train', { dataset: 'churn', target: 'churned', model: 'lr' });
    expect(unknownTarget.body.error.message).toContain("Target column 'churned' is not in the dataset");
    const unknownDataset = await core.call('POST', '/api/train', { dataset: 'nope', target: 'target', model: 'lr' });
    expect(unknownDataset.status).toBe(404);
    const after = (await core.call('GET', '/api/experiments')).body.experiments.reduce((sum: number, experiment: { run_count: number }) => sum + experiment.run_count, 0);
    expect(after).toBe(before);
  });

  it('cancels a job: the run ends KILLED with no model stored', async () => {
    const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', params: { max_iter: 100000, tol: 1e-12 } });
    const cancelled = await core.call('POST', `/api/jobs/${started.body.job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    const job = await waitForJob(started.body.job.id);
    expect(job.status).toBe('cancelled');
    const { run } = (await core.call('GET', `/api/runs/${started.body.run_id}`)).body;
    expect(run.status).toBe('KILLED');
    expect((await core.call('GET', `/api/runs/${run.run_id}/artifacts`)).body.files).toEqual([]);
  });
});
