import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreProcess, type CoreProcess } from '../testing/core-process.js';
import { TrackingClient, TrackingClientError } from './client.js';

let core: CoreProcess;
beforeAll(async () => {
  core = await startCoreProcess();
});
afterAll(async () => core?.dispose());

describe('TrackingClient', () => {
  it('logs a run with batched metrics, params, tags and an artifact', async () => {
    const client = new TrackingClient({ url: core.url, token: core.token, batchSize: 300 });
    const experimentId = await client.ensureExperiment('client-test');
    expect(await client.ensureExperiment('client-test')).toBe(experimentId);
    const runId = await client.createRun(experimentId, { runName: 'batched', tags: { source: 'client' } });
    await client.logParams(runId, { lr: 0.1, layers: 3 });
    for (let step = 0; step < 1000; step++) client.logMetric(runId, 'loss', 1 / (step + 1), step);
    client.logMetric(runId, 'diverged', Number.NaN);
    await client.endRun(runId);

    const run = (await core.call('GET', `/api/runs/${runId}`)).body.run;
    expect(run).toMatchObject({ status: 'FINISHED', params: { lr: '0.1', layers: '3' }, tags: { source: 'client' }, metrics: { loss: 1 / 1000, diverged: 'NaN' } });
    const history = await core.call('GET', `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=loss`);
    expect(history.body.metrics).toHaveLength(1000);

    const info = (await core.call('GET', `/api/2.0/mlflow/runs/get?run_id=${runId}`)).body.run.info;
    await client.uploadArtifact(info.artifact_uri, 'notes/readme.txt', 'hello');
    const listing = await core.call('GET', `/api/runs/${runId}/artifacts?path=notes`);
    expect(listing.body.files).toEqual([{ path: 'notes/readme.txt', is_dir: false, file_size: 5 }]);
  });

  it('surfaces server errors with the MLflow error code', async () => {
    const client = new TrackingClient({ url: core.url, token: core.token });
    client.logMetric('0123456789abcdef0123456789abcdef', 'x', 1);
    await expect(client.flush()).rejects.toMatchObject({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' });
    const unauthorised = new TrackingClient({ url: core.url, token: 'wrong' });
    await expect(unauthorised.createExperiment('x')).rejects.toBeInstanceOf(TrackingClientError);
  });
});
