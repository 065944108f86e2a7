// Replays MLflow REST requests (reference §4–§8) against a real core process on loopback and
// checks the responses an MLflow client relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreProcess, type CoreProcess } from '../testing/core-process.js';

let core: CoreProcess;
const api = (path: string) => `/api/2.0/mlflow${path}`;

beforeAll(async () => {
  core = await startCoreProcess();
});
afterAll(async () => core?.dispose());

async function createRun(experimentId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await core.call('POST', api('/runs/create'), { experiment_id: experimentId, start_time: Date.now(), ...extra });
  expect(created.status).toBe(200);
  return created.body.run.info.run_id;
}

describe('experiments', () => {
  it('has the Default experiment 0 and creates, finds and renames experiments', async () => {
    const fallback = await core.call('GET', api('/experiments/get?experiment_id=0'));
    expect(fallback.body.experiment).toMatchObject({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active' });

    const created = await core.call('POST', api('/experiments/create'), { name: 'churn-model', tags: [{ key: 'team', value: 'growth' }] });
    expect(created.status).toBe(200);
    const id = created.body.experiment_id;
    expect(id).toMatch(/^\d+$/);

    const byName = await core.call('GET', api('/experiments/get-by-name?experiment_name=churn-model'));
    expect(byName.body.experiment).toMatchObject({ experiment_id: id, artifact_location: `mlflow-artifacts:/${id}`, tags: [{ key: 'team', value: 'growth' }] });

    const duplicate = await core.call('POST', api('/experiments/create'), { name: 'churn-model' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');

    expect((await core.call('POST', api('/experiments/update'), { experiment_id: id, new_name: 'churn-model-v2' })).status).toBe(200);
    const found = await core.call('POST', api('/experiments/search'), { filter: "name LIKE 'churn%' and tags.team IS NOT NULL", max_results: 10 });
    expect(found.body.experiments.map((experiment: { name: string }) => experiment.name)).toEqual(['churn-model-v2']);
  });

  it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown experiment', async () => {
    const missing = await core.call('GET', api('/experiments/get?experiment_id=98765'));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining('98765') });
  });

  it('deletes an experiment with its runs and refuses new runs there', async () => {
    const { body } = await core.call('POST', api('/experiments/create'), { name: 'to-delete' });
    const runId = await createRun(body.experiment_id);
    await core.call('POST', api('/experiments/delete'), { experiment_id: body.experiment_id });
    const run = await core.call('GET', api(`/runs/get?run_id=${runId}`));
    expect(run.body.run.info.lifecycle_stage).toBe('deleted');
    const refused = await core.call('POST', api('/runs/create'), { experiment_id: body.experiment_id });
    expect(refused.status).toBe(400);
    await core.call('POST', api('/experiments/restore'), { experiment_id: body.experiment_id });
    expect((await core.call('GET', api(`/runs/get?run_id=${runId}`))).body.run.info.lifecycle_stage).toBe('active');
  });
});

describe('runs', () => {
  it('creates a run, logs to it, and returns the MLflow shape', async () => {
    const { body } = await core.call('POST', api('/runs/create'), {
      experiment_id: '0',
      run_name: 'first',
      start_time: '1700000000000',
      tags: [{ key: 'mlflow.user', value: 'alice' }],
    });
    const info = body.run.info;
    expect(info).toMatchObject({ run_name: 'first', experiment_id: '0', status: 'RUNNING', start_time: 1700000000000, lifecycle_stage: 'active' });
    expect(info.run_id).toMatch(/^[0-9a-f]{32}$/);
    expect(info.run_uuid).toBe(info.run_id);
    expect(info.artifact_uri).toBe(`mlflow-artifacts:/0/${info.run_id}/artifacts`);
    expect(info.end_time).toBeUndefined();
    expect(body.run.inputs).toEqual({});

    await core.call('POST', api('/runs/log-metric'), { run_id: info.run_id, key: 'loss', value: 0.5, timestamp: 1, step: 0 });
    await core.call('POST', api('/runs/log-metric'), { run_uuid: info.run_id, key: 'loss', value: 'NaN', timestamp: 2, step: 1 });
    await core.call('POST', api('/runs/log-metric'), { run_id: info.run_id, key: 'loss', value: 0.25, timestamp: 3, step: 2 });
    await core.call('POST', api('/runs/log-metric'), { run_id: info.run_id, key: 'gain', value: 'Infinity', timestamp: 3, step: 0 });
    await core.call('POST', api('/runs/log-parameter'), { run_id: info.run_id, key: 'lr', value: '0.1' });
    await core.call('POST', api('/runs/set-tag'), { run_id: info.run_id, key: 'stage', value: 'a' });
    await core.call('POST', api('/runs/set-tag'), { run_id: info.run_id, key: 'stage', value: 'b' });
    const ended = await core.call('POST', api('/runs/update'), { run_id: info.run_id, status: 'FINISHED', end_time: 1700000005000 });
    expect(ended.body.run_info).toMatchObject({ status: 'FINISHED', end_time: 1700000005000 });

    const fetched = (await core.call('GET', api(`/runs/get?run_id=${info.run_id}`))).body.run;
    expect(fetched.data.metrics).toEqual(
      expect.arrayContaining([
        { key: 'loss', value: 0.25, timestamp: 3, step: 2 },
        { key: 'gain', value: 'Infinity', timestamp: 3, step: 0 },
      ]),
    );
    expect(fetched.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
    expect(fetched.data.tags).toEqual(expect.arrayContaining([{ key: 'stage', value: 'b' }, { key: 'mlflow.runName', value: 'first' }]));

    const history = await core.call('GET', api(`/metrics/get-history?run_id=${info.run_id}&metric_key=loss`));
    expect(history.body.metrics.map((point: { value: unknown }) => point.value)).toEqual([0.5, 'NaN', 0.25]);
    const paged = await core.call('GET', api(`/metrics/get-history?run_id=${info.run_id}&metric_key=loss&max_results=2`));
    expect(paged.body.metrics).toHaveLength(2);
    const rest = await core.call('GET', api(`/metrics/get-history?run_id=${info.run_id}&metric_key=loss&max_results=2&page_token=${paged.body.next_page_token}`));
    expect(rest.body.metrics.map((point: { step: number }) => point.step)).toEqual([2]);
  });

  it('keeps params write-once: same value is a no-op, a different value is 400', async () => {
    const runId = await createRun('0');
    expect((await core.call('POST', api('/runs/log-parameter'), { run_id: runId, key: 'depth', value: '3' })).status).toBe(200);
    expect((await core.call('POST', api('/runs/log-parameter'), { run_id: runId, key: 'depth', value: '3' })).status).toBe(200);
    const changed = await core.call('POST', api('/runs/log-parameter'), { run_id: runId, key: 'depth', value: '4' });
    expect(changed.status).toBe(400);
    expect(changed.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(changed.body.message).toContain("key='depth'");
  });

  it('answers 404 for an unknown run and 400 for a malformed run id', async () => {
    const missing = await core.call('GET', api('/runs/get?run_id=0123456789abcdef0123456789abcdef'));
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await core.call('POST', api('/runs/log-metric'), { run_id: 'nope', key: 'x', value: 1, timestamp: 1 })).status).toBe(404);
    expect((await core.call('GET', api('/runs/get?run_id=../../etc'))).status).toBe(400);
  });

  it('records nested runs through mlflow.parentRunId', async () => {
    const parent = await createRun('0', { run_name: 'parent' });
    const child = await createRun('0', { run_name: 'child', tags: [{ key: 'mlflow.parentRunId', value: parent }] });
    const detail = await core.call('GET', `/api/runs/${parent}`);
    expect(detail.body.children).toEqual([{ run_id: child, run_name: 'child', status: 'RUNNING' }]);
    expect((await core.call('GET', `/api/runs/${child}`)).body.run.parent_run_id).toBe(parent);
  });

  it('refuses writes to a deleted run and restores it', async () => {
    const runId = await createRun('0');
    await core.call('POST', api('/runs/delete'), { run_id: runId });
    const refused = await core.call('POST', api('/runs/log-metric'), { run_id: runId, key: 'x', value: 1, timestamp: 1 });
    expect(refused.status).toBe(400);
    await core.call('POST', api('/runs/restore'), { run_id: runId });
    expect((await core.call('POST', api('/runs/log-metric'), { run_id: runId, key: 'x', value: 1, timestamp: 1 })).status).toBe(200);
  });
});

describe('log-batch', () => {
  const metrics = (count: number) => Array.from({ length: count }, (_, step) => ({ key: 'm', value: step, timestamp: 1000 + step, step }));
  const pairs = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({ key: `${prefix}${index}`, value: String(index) }));

  it('accepts 900 metrics + 50 params + 50 tags and rejects one entity more, naming the limit', async () => {
    const runId = await createRun('0');
    expect((await core.call('POST', api('/runs/log-batch'), { run_id: runId, metrics: metrics(900), params: pairs(50, 'p'), tags: pairs(50, 't') })).status).toBe(200);
    const other = await createRun('0');
    const over = await core.call('POST', api('/runs/log-batch'), { run_id: other, metrics: metrics(900), params: pairs(50, 'p'), tags: pairs(51, 't') });
    expect(over.status).toBe(400);
    expect(over.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(over.body.message).toContain('1000');
    const tooMany = await core.call('POST', api('/runs/log-batch'), { run_id: other, metrics: metrics(1001) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('1001 metrics (limit 1000)');
    const history = await core.call('GET', api(`/metrics/get-history?run_id=${other}&metric_key=m`));
    expect(history.body.metrics).toEqual([]);
  });

  it('rejects a body over 1 MB with the limit in the message', async () => {
    const runId = await createRun('0');
    const huge = JSON.stringify({ run_id: runId, tags: [{ key: 'blob', value: 'x'.repeat(1_100_000) }] });
    const response = await core.call('POST', api('/runs/log-batch'), huge);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('1000000 bytes');
  });

  it('is all or nothing: a bad param at the end leaves no metrics behind', async () => {
    const runId = await createRun('0');
    await core.call('POST', api('/runs/log-parameter'), { run_id: runId, key: 'lr', value: '0.1' });
    const response = await core.call('POST', api('/runs/log-batch'), { run_id: runId, metrics: metrics(10), params: [{ key: 'lr', value: '0.2' }] });
    expect(response.status).toBe(400);
    const run = await core.call('GET', api(`/runs/get?run_id=${runId}`));
    expect(run.body.run.data.metrics).toEqual([]);
  });

  it('keeps the latest metric by step, then timestamp, then value', async () => {
    const runId = await createRun('0');
    await core.call('POST', api('/runs/log-batch'), {
      run_id: runId,
      metrics: [
        { key: 'acc', value: 0.9, timestamp: 50, step: 5 },
        { key: 'acc', value: 0.1, timestamp: 99, step: 4 },
        { key: 'acc', value: 0.7, timestamp: 50, step: 5 },
      ],
    });
    const run = await core.call('GET', api(`/runs/get?run_id=${runId}`));
    expect(run.body.run.data.metrics).toEqual([{ key: 'acc', value: 0.9, timestamp: 50, step: 5 }]);
  });

  it('rejects boolean metric values and bad keys', async () => {
    const runId = await createRun('0');
    expect((await core.call('POST', api('/runs/log-batch'), { run_id: runId, metrics: [{ key: 'a', value: true, timestamp: 1 }] })).status).toBe(400);
    const badKey = await core.call('POST', api('/runs/log-batch'), { run_id: runId, params: [{ key: '../escape', value: '1' }] });
    expect(badKey.status).toBe(400);
    expect(badKey.body.message).toContain('../escape');
  });
});

describe('search', () => {
  let experimentId: string;
  const runIds: string[] = [];

  beforeAll(async () => {
    experimentId = (await core.call('POST', api('/experiments/create'), { name: 'search-space' })).body.experiment_id;
    for (let index = 0; index < 6; index++) {
      const runId = await createRun(experimentId, { run_name: `trial-${index}`, start_time: 1700000000000 + index });
      runIds.push(runId);
      await core.call('POST', api('/runs/log-batch'), {
        run_id: runId,
        metrics: [{ key: 'rmse', value: index / 10, timestamp: 1, step: 0 }],
        params: [{ key: 'model_class', value: index % 2 === 0 ? 'LogisticRegression' : 'Forest' }],
        tags: [{ key: 'user-name', value: index < 3 ? 'Tomas' : 'Ana' }],
      });
    }
  });

  it('filters with the grammar and orders by a metric', async () => {
    const found = await core.call('POST', api('/runs/search'), {
      experiment_ids: [experimentId],
      filter: "metrics.rmse < 0.5 and params.model_class = 'LogisticRegression'",
      order_by: ['metrics.rmse DESC'],
    });
    expect(found.body.runs.map((run: { info: { run_name: string } }) => run.info.run_name)).toEqual(['trial-4', 'trial-2', 'trial-0']);
    const quoted = await core.call('POST', api('/runs/search'), { experiment_ids: [experimentId], filter: `tags."user-name" = 'Ana' AND attributes.status = 'RUNNING'` });
    expect(quoted.body.runs).toHaveLength(3);
  });

  it('pages with next_page_token and supports projection', async () => {
    const first = await core.call('POST', api('/runs/search'), { experiment_ids: [experimentId], max_results: 4, order_by: ['attributes.start_time ASC'] });
    expect(first.body.runs).toHaveLength(4);
    const second = await core.call('POST', api('/runs/search'), { experiment_ids: [experimentId], max_results: 4, order_by: ['attributes.start_time ASC'], page_token: first.body.next_page_token });
    expect(second.body.runs.map((run: { info: { run_id: string } }) => run.info.run_id)).toEqual(runIds.slice(4));
    expect(second.body.next_page_token).toBeUndefined();
    const infoOnly = await core.call('POST', api('/runs/search'), { experiment_ids: [experimentId], run_info_only: true, max_results: 1 });
    expect(infoOnly.body.runs[0].data).toEqual({ metrics: [], params: [], tags: [] });
  });

  it('rejects bad filter syntax with 400 naming the position', async () => {
    const response = await core.call('POST', api('/runs/search'), { experiment_ids: [experimentId], filter: "metrics.rmse < 1 OR params.x = 'y'" });
    expect(response.status).toBe(400);
    expect(response.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(response.body.message).toMatch(/position 17/);
    const bad = await core.call('POST', api('/runs/search'), { experiment_ids: [experimentId], page_token: 'not-a-token' });
    expect(bad.status).toBe(400);
  });
});

describe('wire conventions', () => {
  it('serves the ajax and preview prefixes, the search-datasets quirk, and 404 for unknown routes', async () => {
    expect((await core.call('GET', '/ajax-api/2.0/mlflow/experiments/get?experiment_id=0')).status).toBe(200);
    expect((await core.call('GET', '/api/2.0/preview/mlflow/experiments/get?experiment_id=0')).status).toBe(200);
    expect((await core.call('POST', '/api/2.0mlflow/experiments/search-datasets', { experiment_ids: ['0'] })).body).toEqual({ dataset_summaries: [] });
    const unknown = await core.call('GET', '/api/2.0/mlflow/traces');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('answers 401 without a token or with a wrong one', async () => {
    const missing = await fetch(`${core.url}/api/2.0/mlflow/experiments/get?experiment_id=0`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error_code: string }).error_code).toBe('UNAUTHENTICATED');
    const wrong = await core.call('GET', api('/experiments/get?experiment_id=0'), undefined, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const ours = await fetch(`${core.url}/api/experiments`);
    expect(ours.status).toBe(401);
    expect(((await ours.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const response = await core.call('POST', api('/runs/create'), '{"experiment_id": ');
    expect(response.status).toBe(400);
    expect(response.body.error_code).toBe('BAD_REQUEST');
  });

  it('keeps the client user_id, accepts Basic auth with the token, and answers MLflow 3 probes', async () => {
    const created = await core.call('POST', api('/runs/create'), { experiment_id: '0', user_id: 'alice' });
    expect(created.body.run.info.user_id).toBe('alice');
    const found = await core.call('POST', api('/runs/search'), { experiment_ids: ['0'], filter: "attributes.user_id = 'alice'" });
    expect(found.body.runs).toHaveLength(1);

    const basic = `Basic ${Buffer.from(`someone:${core.token}`).toString('base64')}`;
    expect((await core.call('GET', api('/experiments/get?experiment_id=0'), undefined, { Authorization: basic })).status).toBe(200);

    expect((await core.call('POST', api('/logged-models/search'), { experiment_ids: ['0'], filter: "name = 'sub'" })).body).toEqual({ models: [] });
    const multipart = await core.call('POST', `/api/2.0/mlflow-artifacts/mpu/create/0/${created.body.run.info.run_id}/artifacts/big.bin`, { path: 'big.bin', num_parts: 2 });
    expect(multipart.status).toBe(501);
    // MLflow's client falls back to a plain PUT only on this exact prefix.
    expect(multipart.body.message.startsWith('Multipart upload is not supported for the current artifact repository')).toBe(true);
    const v3 = await core.call('GET', '/api/3.0/mlflow/server-info');
    expect(v3.body.error_code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('logs dataset inputs and finds runs by datasets.context', async () => {
    const runId = await createRun('0');
    await core.call('POST', api('/runs/log-inputs'), {
      run_id: runId,
      datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset: { name: 'churn', digest: 'abc123', source_type: 'local', source: 'churn.csv' } }],
    });
    const run = await core.call('GET', api(`/runs/get?run_id=${runId}`));
    expect(run.body.run.inputs.dataset_inputs[0].dataset).toMatchObject({ name: 'churn', digest: 'abc123' });
    const found = await core.call('POST', api('/runs/search'), { experiment_ids: ['0'], filter: "datasets.context = 'train'" });
    expect(found.body.runs.map((entry: { info: { run_id: string } }) => entry.info.run_id)).toEqual([runId]);
    expect(found.body.runs[0].inputs.dataset_inputs[0].dataset.name).toBe('churn');
  });
});
