// Drift reports as users reach them: `mlwb drift report` on a workspace holding two churn
// datasets (the generator's drift knob at 0 and 0.5), and the /api/drift routes of a real core.
// Needs the drift_reports migration, `drift` in core/main.ts and driftRoutes in core/api/app.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { runCli, startCoreProcess, type CoreProcess } from '../testing/core-process.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'drift-api-'));
const workspace = path.join(directory, 'workspace');
const referenceCsv = path.join(directory, 'churn.csv');
const driftedCsv = path.join(directory, 'churn_drifted.csv');
const cli = (...args: string[]) => runCli([...args, '--workspace', workspace], { MLWB_USER: 'tester' });
const drifted = ['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase'];
let core: CoreProcess;

beforeAll(async () => {
  writeFileSync(referenceCsv, churnRowsToCsv(generateChurnRows({ rows: 4000, seed: 5, drift: 0 })));
  writeFileSync(driftedCsv, churnRowsToCsv(generateChurnRows({ rows: 4000, seed: 6, drift: 0.5 })));
  expect((await cli('datasets', 'import', referenceCsv, '--name', 'churn')).code).toBe(0);
  expect((await cli('datasets', 'import', driftedCsv, '--name', 'churn_drifted')).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await core?.dispose();
  rmSync(directory, { recursive: true, force: true });
});

describe('mlwb drift report', () => {
  it('prints the columns by score with the drifted ones marked, and writes an HTML report', async () => {
    const html = path.join(directory, 'report.html');
    const result = await cli('drift', 'report', '--reference', 'churn', '--current', 'churn_drifted:1', '--target', 'target', '--html', html);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Drift of churn_drifted:v1 (4000 rows) against churn:v1 (4000 rows)');
    const lines = result.stdout.split('\n');
    for (const column of drifted) expect(lines.find((line) => line.startsWith(`${column} `))).toContain('* DRIFT');
    expect(lines.find((line) => line.startsWith('region '))).not.toContain('DRIFT');
    // Drifted columns first, then the rest.
    const regionLine = lines.findIndex((line) => line.startsWith('region '));
    for (const column of drifted) expect(lines.findIndex((line) => line.startsWith(`${column} `))).toBeLessThan(regionLine);
    const page = new new Window().DOMParser().parseFromString(readFileSync(html, 'utf8'), 'text/html');
    const columns = [...page.querySelectorAll('#columns tbody tr')].map((row) => row.getAttribute('data-column'));
    expect(columns.sort()).toEqual(['avg_transaction_amount', 'customer_id', 'customer_segment', 'days_since_last_purchase', 'region', 'target', 'total_spend', 'transaction_count']);
  }, 60_000);

  it('prints one JSON document with --json, compares files directly and applies --test/--threshold', async () => {
    const result = await cli('drift', 'report', '--reference', referenceCsv, '--current', driftedCsv, '--test', 'region=psi', '--threshold', 'type:num=0.5', '--drift-share', '0.9', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const table = report.metrics.find((metric: any) => metric.metric === 'DataDriftTable').result;
    expect(table.drift_by_columns.region).toMatchObject({ stattest_name: 'PSI', drift_detected: false });
    expect(table.drift_by_columns.total_spend).toMatchObject({ stattest_name: 'Wasserstein distance (normed)', stattest_threshold: 0.5 });
    expect(report.metrics[0].result).toMatchObject({ drift_share: 0.9, dataset_drift: false });
    expect(report.workbench.reference.label).toBe('churn.csv');
  }, 60_000);

  it('runs as the issue writes it (no verb) with a YAML --config of per-column, per-type and global settings, flags overriding it', async () => {
    const config = path.join(directory, 'drift.yaml');
    writeFileSync(config, ['per_type:', '  num: { test: ks, threshold: 0.01 }', 'per_column:', '  region: { test: psi, threshold: 0.3 }', '  total_spend: { threshold: 0.2 }', 'drift_share: 0.9', ''].join('\n'));
    const result = await cli('drift', '--reference', 'churn', '--current', 'churn_drifted', '--config', config, '--threshold', 'region=0.4', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const table = report.metrics.find((metric: any) => metric.metric === 'DataDriftTable').result;
    expect(table.drift_by_columns.region).toMatchObject({ stattest_name: 'PSI', stattest_threshold: 0.4 });
    expect(table.drift_by_columns.total_spend).toMatchObject({ stattest_name: 'K-S p_value', stattest_threshold: 0.2 });
    expect(table.drift_by_columns.transaction_count).toMatchObject({ stattest_name: 'K-S p_value', stattest_threshold: 0.01 });
    expect(report.metrics[0].result).toMatchObject({ drift_share: 0.9 });

    const json = path.join(directory, 'drift.json');
    writeFileSync(json, JSON.stringify({ test: 'psi', per_column: { region: { test: 'nope' } } }));
    const bad = await cli('drift', '--reference', 'churn', '--current', 'churn_drifted', '--config', json);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('per_column.region.test');
    const absent = await cli('drift', '--reference', 'churn', '--current', 'churn_drifted', '--config', path.join(directory, 'none.yaml'));
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('--config: cannot read');
  }, 60_000);

  it('exits 2 naming the problem on bad input', async () => {
    const unknownTest = await cli('drift', 'report', '--reference', 'churn', '--current', 'churn_drifted', '--test', 'region=nope');
    expect(unknownTest.code).toBe(2);
    expect(unknownTest.stderr).toContain("unknown test 'nope'");
    const missing = await cli('drift', 'report', '--reference', 'churn', '--current', 'nothing');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No dataset named 'nothing'");
    const noFile = await cli('drift', 'report', '--reference', './missing.csv', '--current', 'churn');
    expect(noFile.code).toBe(2);
  }, 60_000);
});

describe('/api/drift/reports', () => {
  it('runs a report on two dataset versions, stores it, and serves its JSON and HTML', async () => {
    core = await startCoreProcess({ workspace });
    const created = await core.call('POST', '/api/drift/reports', { reference: { dataset: 'churn', version: 1 }, current: { dataset: 'churn_drifted' }, target: 'target', settings: { drift_share: 0.5 } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ created_by: 'tester', reference: 'churn:v1', current: 'churn_drifted:v1', summary: { dataset_drift: true } });
    expect(created.body.summary.drifted_columns).toEqual(expect.arrayContaining(drifted));
    expect(created.body.summary.drifted_columns).not.toContain('region');
    const fetched = await core.call('GET', `/api/drift/reports/${created.body.id}`);
    expect(fetched.body.report).toEqual(created.body.report);
    expect((await core.call('GET', '/api/drift/reports')).body.reports.map((report: any) => report.id)).toEqual([created.body.id]);
    const html = await fetch(`${core.url}${created.body.html_url}?token=${core.token}`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('Drift report: churn_drifted:v1 against churn:v1');
  }, 60_000);

  it('answers 400 for a bad request and 404 for unknown datasets and reports', async () => {
    expect((await core.call('POST', '/api/drift/reports', { reference: { dataset: 'churn' }, current: { dataset: 'churn' }, settings: { test: 'nope' } })).status).toBe(400);
    expect((await core.call('POST', '/api/drift/reports', { reference: { dataset: 'churn' }, current: { dataset: 'nothing' } })).status).toBe(404);
    expect((await core.call('GET', '/api/drift/reports/nothing')).status).toBe(404);
  }, 60_000);
});
