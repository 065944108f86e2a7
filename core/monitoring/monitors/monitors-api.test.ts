// A deployment's monitor as a user meets it: drifted traffic (the churn generator's knob at 0.6)
// through batch_predict is flagged as dataset drift with an alert that is raised once, webhooks
// get the JSON (a failing one is retried, a hanging one never holds the monitor up), and wrong
// predictions confirmed by feedback labels raise a degradation alert. A real core on loopback.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChurnRows } from '../../../resources/samples/churn/generate.js';
import { runCli, startCoreProcess, type CoreProcess } from '../../testing/core-process.js';
import { importChurnDataset, waitForJob } from '../../testing/training-fixtures.js';

let core: CoreProcess;
let inference: string;
let hooks: Server;
let hookUrl: string;
const received: Record<string, any[]> = { ok: [], flaky: [], hang: [] };
const deployment = 'churn-live';
const featureNames = ['event_timestamp', 'total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'registration_date', 'customer_segment', 'region'] as const;

async function batchPredict(records: unknown[]): Promise<Array<{ id: string; prediction: number }>> {
  const response = await fetch(`${inference}/deployments/${deployment}/batch_predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(records) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { predictions: Array<{ id: string; prediction: number }> }).predictions;
}

beforeAll(async () => {
  hooks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const name = request.url!.slice(1);
      received[name]?.push(JSON.parse(body));
      if (name === 'hang') return; // never answers: the sender's timeout ends the attempt
      response.writeHead(name === 'flaky' && received.flaky.length === 1 ? 500 : 200).end('ok');
    });
  });
  hooks.listen(0, '127.0.0.1');
  await once(hooks, 'listening');
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;

  core = await startCoreProcess();
  inference = JSON.parse(await readFile(path.join(core.workspace, 'server.json'), 'utf8')).inference_url;
  await importChurnDataset(core, 1500, 21);
  const started = await core.call('POST', '/api/train', { dataset: 'churn', target: 'target', model: 'lr', experiment: 'monitoring-test', seed: 3, params: {} });
  expect(started.status, started.text).toBe(200);
  expect((await waitForJob(core, started.body.job.id)).status).toBe('succeeded');
  expect((await core.call('POST', '/api/models/register', { name: 'churn', run_id: started.body.run_id })).status).toBe(200);
  const deployed = await core.call('POST', '/api/deployments', { name: deployment, model: 'churn', version: 1 });
  expect(deployed.status, deployed.text).toBe(200);
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  hooks?.closeAllConnections();
  hooks?.close();
});

describe('a monitor on a deployment', () => {
  let monitorId: string;
  let predictions: Array<{ id: string; prediction: number }>;

  it('is created against the training dataset from lineage and refuses bad settings', async () => {
    const created = await core.call('POST', '/api/monitors', {
      deployment,
      interval_seconds: 3600,
      window_seconds: 3600,
      degraded: { metric: 'accuracy', operator: '<', value: 0.85 },
      webhooks: [`${hookUrl}/ok`, `${hookUrl}/flaky`, `${hookUrl}/hang`],
    });
    expect(created.status, created.text).toBe(200);
    monitorId = created.body.monitor.id;
    expect(created.body.monitor).toMatchObject({ deployment, reference_label: 'churn:v1', enabled: true, last_run: null, open_alerts: 0 });

    expect((await core.call('POST', '/api/monitors', { deployment })).status).toBe(409);
    const unknown = await core.call('POST', '/api/monitors', { deployment: 'nope' });
    expect(unknown.status).toBe(404);
    const badReference = await core.call('PATCH', `/api/monitors/${monitorId}`, { reference: { dataset: 'missing' } });
    expect(badReference.status).toBe(404);
    const badWindow = await core.call('PATCH', `/api/monitors/${monitorId}`, { window_seconds: 60, interval_seconds: 600 });
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.error.message).toContain('window');
  });

  it('records an empty window with its reason instead of failing', async () => {
    const { status, body } = await core.call('POST', `/api/monitors/${monitorId}/run`, {});
    expect(status).toBe(200);
    expect(body.run).toMatchObject({ window_rows: 0, dataset_drift: null, error: expect.stringContaining('No predictions') });
    expect(body.raised).toEqual([]);
  });

  it('flags drifted traffic, raises one alert, and posts it to the webhooks without waiting for them', async () => {
    const rows = generateChurnRows({ rows: 1200, seed: 77, drift: 0.6 }).map((row) => Object.fromEntries(featureNames.map((name) => [name, row[name]])));
    predictions = (await Promise.all([batchPredict(rows.slice(0, 600)), batchPredict(rows.slice(600))])).flat();

    const started = performance.now();
    const { status, body } = await core.call('POST', `/api/monitors/${monitorId}/run`, {});
    const seconds = (performance.now() - started) / 1000;
    expect(status).toBe(200);
    expect(seconds).toBeLessThan(3); // the hanging webhook (5 s timeout) is not awaited
    expect(body.run).toMatchObject({ window_rows: 1200, dataset_drift: true, error: null, report_id: expect.any(String) });
    const drifted = body.run.column_scores.filter((column: { drifted: boolean }) => column.drifted).map((column: { column: string }) => column.column);
    expect(drifted).toEqual(expect.arrayContaining(['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase']));
    expect(drifted).not.toContain('region'); // the generator never drifts regions
    expect(body.raised).toEqual([expect.objectContaining({ kind: 'drift', status: 'open', deployment, monitor_run_id: body.run.id })]);

    const report = await core.call('GET', `/api/drift/reports/${body.run.report_id}`);
    expect(report.body.summary.dataset_drift).toBe(true);

    // Still drifted: the open alert is not raised again.
    const again = await core.call('POST', `/api/monitors/${monitorId}/run`, {});
    expect(again.body.run.dataset_drift).toBe(true);
    expect(again.body.raised).toEqual([]);
    const open = await core.call('GET', '/api/alerts?status=open');
    expect(open.body.alerts.filter((alert: { kind: string }) => alert.kind === 'drift')).toHaveLength(1);

    await expect.poll(() => received.flaky.length, { timeout: 15_000 }).toBe(2); // 500, then retried after the backoff
    expect(received.ok).toHaveLength(1);
    expect(received.ok[0].text).toContain(`Data drift on ${deployment}`);
    expect(received.ok[0].alert).toMatchObject({ id: body.raised[0].id, kind: 'drift' });
    expect(received.hang.length).toBeGreaterThanOrEqual(1);
    // The hanging hook: every attempt times out (5 s) and is retried with backoff; the outcome is
    // kept on the alert once the attempts are spent (0.5 + 1 + 2 s of backoff: about 18.5 s).
    const hangDelivery = async () => {
      const alerts = (await core.call('GET', '/api/alerts')).body.alerts as Array<{ id: number; webhooks: Array<{ url: string; attempts: number; delivered: boolean; error: string | null }> }>;
      return alerts.find((alert) => alert.id === body.raised[0].id)?.webhooks.find((delivery) => delivery.url.endsWith('/hang'));
    };
    await expect.poll(hangDelivery, { timeout: 40_000, interval: 500 }).toMatchObject({ attempts: 4, delivered: false, error: 'no answer within 5000 ms' });
  }, 90_000);

  it('raises a degradation alert once feedback labels show the predictions are wrong', async () => {
    // Labels opposite to every prediction: accuracy 0 on the labelled rows.
    const labelled = predictions.slice(0, 200);
    await Promise.all(
      labelled.map(async (prediction) => {
        const response = await fetch(`${inference}/deployments/${deployment}/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ request_id: prediction.id, label: 1 - prediction.prediction }) });
        expect(response.status).toBe(200);
      }),
    );
    const { body } = await core.call('POST', `/api/monitors/${monitorId}/run`, {});
    expect(body.run.performance).toMatchObject({ rows: 200, accuracy: 0 });
    expect(body.run.degraded).toBe(true);
    expect(body.raised).toEqual([expect.objectContaining({ kind: 'degraded', message: expect.stringContaining('accuracy 0.000') })]);

    const runs = await core.call('GET', `/api/monitors/${monitorId}/runs?since=0`);
    expect(runs.body.runs.map((run: { window_rows: number }) => run.window_rows)).toEqual([0, 1200, 1200, 1200]);
  });

  it('acknowledges an alert; the CLI lists monitors and alerts', async () => {
    const { body } = await core.call('GET', '/api/alerts');
    const drift = body.alerts.find((alert: { kind: string }) => alert.kind === 'drift');
    const acknowledged = await core.call('POST', `/api/alerts/${drift.id}/acknowledge`, {});
    expect(acknowledged.body.alert).toMatchObject({ status: 'acknowledged', acknowledged_by: 'tester' });

    const listed = await runCli(['alerts', 'list', '--json', '--workspace', core.workspace]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).alerts.map((alert: { kind: string; status: string }) => `${alert.kind}:${alert.status}`).sort()).toEqual(['degraded:open', 'drift:acknowledged']);
    const shown = await runCli(['monitors', 'show', monitorId, '--workspace', core.workspace]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('DATASET DRIFT');
    const bad = await runCli(['monitors', 'create', deployment, '--degraded', 'accuracy=high', '--workspace', core.workspace]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--degraded');
  }, 30_000);

  it('sends a sample to a webhook from the test endpoint', async () => {
    const { status, body } = await core.call('POST', `/api/monitors/${monitorId}/webhooks/test`, { urls: [`${hookUrl}/ok`] });
    expect(status).toBe(200);
    expect(body.deliveries).toEqual([expect.objectContaining({ delivered: true, status: 200, attempts: 1 })]);
    expect(received.ok.at(-1).text).toContain('Test alert');
  });
});
