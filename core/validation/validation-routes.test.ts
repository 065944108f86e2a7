// Suites and runs through the core's real HTTP server (auth, body parsing, envelopes) with only
// the validation routes mounted, on a workspace holding a small dataset with known defects.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../api/router.js';
import { createCoreServer } from '../api/server.js';
import { DatasetService } from '../datasets/dataset-service.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { validationRoutes } from './validation-routes.js';
import { ValidationService } from './validation-service.js';

let root: string;
let workspace: Workspace;
let server: Server;
let base: string;

async function call(method: string, route: string, body?: unknown) {
  const response = await fetch(`${base}${route}`, { method, headers: { Authorization: 'Bearer secret', 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: (text.startsWith('{') ? JSON.parse(text) : null) as any };
}

const cleanCsv = 'customer_id,tenure,plan\nC1,3,basic\nC2,10,pro\nC3,25,basic\nC4,40,pro\n';
const dirtyCsv = 'customer_id,tenure,plan\nC1,3,basic\nC1,-10,pro\nC3,,gold\nC4,40,pro\n';

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-validation-routes-'));
  workspace = await openWorkspace(path.join(root, 'workspace'), { user: 'owner', poolSize: 1 });
  const datasets = new DatasetService(workspace);
  await datasets.import({ source: Readable.from([cleanCsv]), fileName: 'customers.csv', user: 'owner' });
  await datasets.import({ source: Readable.from([dirtyCsv]), fileName: 'customers.csv', user: 'owner' });
  const router = new Router();
  router.addAll(validationRoutes(new ValidationService(workspace)));
  server = createCoreServer({ router, token: 'secret', user: 'owner' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await workspace.close();
  await rm(root, { recursive: true, force: true });
});

describe('validation routes', () => {
  it('scaffolds a suite from a dataset version that passes on that version and fails on a worse one', async () => {
    const scaffolded = await call('POST', '/api/suites/scaffold', { dataset: 'customers', version: 1, name: 'customers_suite' });
    expect(scaffolded.status).toBe(200);
    expect(scaffolded.body).toMatchObject({ created: true, suite: { name: 'customers_suite', version: 1, created_by: 'owner' } });

    const clean = await call('POST', '/api/suites/customers_suite/validate', { dataset: 'customers', version: 1 });
    expect(clean.body.result).toMatchObject({ success: true, suite_name: 'customers_suite' });
    expect(clean.body.run).toMatchObject({ suite: 'customers_suite', suite_version: 1, dataset: 'customers', dataset_version: 1, success: true });

    const dirty = await call('POST', '/api/suites/customers_suite/validate', { dataset: 'customers', result_format: 'SUMMARY' });
    expect(dirty.body.run).toMatchObject({ dataset_version: 2, success: false });
    const failed = dirty.body.result.results.filter((entry: any) => !entry.success);
    const plans = failed.find((entry: any) => entry.expectation_config.type === 'expect_column_values_to_be_in_set');
    expect(plans.result).toMatchObject({ unexpected_count: 1, partial_unexpected_list: ['gold'], partial_unexpected_counts: [{ value: 'gold', count: 1 }] });
    expect(plans.expectation_config.kwargs.batch_id).toBe('customers-v2');
    expect(failed.map((entry: any) => `${entry.expectation_config.type}(${entry.expectation_config.kwargs.column})`)).toEqual(
      expect.arrayContaining(['expect_column_values_to_not_be_null(tenure)', 'expect_column_values_to_be_between(tenure)', 'expect_column_values_to_be_in_set(plan)']),
    );

    const runs = await call('GET', '/api/validation-runs?dataset=customers');
    expect(runs.body.runs.map((run: any) => [run.dataset_version, run.success])).toEqual([[2, false], [1, true]]);
    expect((await call('GET', '/api/validation-runs?dataset=other')).body.runs).toEqual([]);
    expect((await call('GET', `/api/validation-runs/${dirty.body.run.id}`)).body.result.success).toBe(false);
  });

  it('imports a GX 0.x suite with an unknown type kept as a warning, versions re-imports, and downloads 1.x JSON', async () => {
    const legacy = {
      expectation_suite_name: 'legacy',
      expectations: [
        { expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'tenure', min_value: 0 } },
        { expectation_type: 'expect_column_values_to_be_teleported', kwargs: { column: 'plan' } },
      ],
      meta: { great_expectations_version: '0.18.19' },
    };
    const imported = await call('POST', '/api/suites', { suite: legacy });
    expect(imported.body).toMatchObject({ created: true, format: 'v0', suite: { name: 'legacy', version: 1, expectation_count: 2 } });
    expect(imported.body.warnings[0]).toMatchObject({ path: '$.expectations[1].expectation_type', message: expect.stringMatching(/unknown expectation type 'expect_column_values_to_be_teleported'/) });

    const download = await call('GET', '/api/suites/legacy?format=gx');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="legacy.json"');
    const document = JSON.parse(download.text);
    expect(document).toMatchObject({ name: 'legacy', expectations: [{ type: 'expect_column_values_to_be_between' }, { type: 'expect_column_values_to_be_teleported' }] });
    expect(document.expectations[0].expectation_type).toBeUndefined();

    // The downloaded file read back (as a GX user would send it) is the same version; a rename is a new suite.
    expect((await call('POST', '/api/suites', { suite: download.text })).body).toMatchObject({ created: false, format: 'v1', suite: { version: 1 } });
    expect((await call('POST', '/api/suites', { suite: document, name: 'legacy_copy' })).body).toMatchObject({ created: true, suite: { name: 'legacy_copy', version: 1 } });
    const edited = { ...document, expectations: document.expectations.slice(0, 1) };
    expect((await call('POST', '/api/suites', { suite: edited })).body).toMatchObject({ created: true, suite: { version: 2, expectation_count: 1 } });

    const shown = await call('GET', '/api/suites/legacy?version=1');
    expect(shown.body.suite.version).toBe(1);
    expect(shown.body.versions.map((entry: any) => entry.version)).toEqual([2, 1]);
    expect((await call('GET', '/api/suites')).body.suites.map((entry: any) => [entry.name, entry.version])).toEqual([['customers_suite', 1], ['legacy', 2], ['legacy_copy', 1]]);

    const run = await call('POST', '/api/suites/legacy/validate', { dataset: 'customers', version: 1, suite_version: 1 });
    expect(run.body.result.results[1].exception_info.exception_message).toBe('unsupported expectation type: expect_column_values_to_be_teleported');
  });

  it('lists the expectation catalogue with each type\'s kwargs, required first, for building forms', async () => {
    const { status, body } = await call('GET', '/api/expectations');
    expect(status).toBe(200);
    const types = body.expectations.map((entry: any) => entry.type);
    expect(types).toEqual([...types].sort());
    expect(types).not.toContain('expect_column_kl_divergence_to_be_less_than');
    const between = body.expectations.find((entry: any) => entry.type === 'expect_column_values_to_be_between');
    expect(between).toMatchObject({ kind: 'map', description: expect.stringMatching(/^Column values to be between/) });
    expect(between.kwargs.slice(0, 2)).toEqual([
      { name: 'column', kind: 'column', required: true },
      { name: 'mostly', kind: 'mostly', required: false },
    ]);
    expect(between.kwargs.map((kwarg: any) => kwarg.name)).toEqual(expect.arrayContaining(['min_value', 'max_value', 'strict_min', 'strict_max']));
    const mean = body.expectations.find((entry: any) => entry.type === 'expect_column_mean_to_be_between');
    expect(mean.kwargs.map((kwarg: any) => kwarg.name)).not.toContain('mostly');
  });

  it('answers bad input with the error envelope, naming what is wrong', async () => {
    const broken = await call('POST', '/api/suites', { suite: { name: 'bad', expectations: [{ type: 'expect_column_values_to_be_between', kwargs: { column: 'tenure' } }] } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/\$\.expectations\[0\]\.kwargs/);
    expect((await call('GET', '/api/suites/nope')).status).toBe(404);
    expect((await call('POST', '/api/suites/customers_suite/validate', { dataset: 'missing' })).status).toBe(404);
    expect((await call('POST', '/api/suites/scaffold', { dataset: 'customers', name: 'bad name' })).body.error.message).toMatch(/'name'/);
    expect((await call('GET', '/api/suites/legacy?format=yaml')).status).toBe(400);
  });
});
