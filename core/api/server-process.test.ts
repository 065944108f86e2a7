// The core service as a process: health without a token, graceful shutdown, port conflicts,
// body limits on our own routes.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCoreProcess, type CoreProcess } from '../testing/core-process.js';

const started: CoreProcess[] = [];
afterEach(async () => {
  for (const core of started.splice(0)) await core.dispose();
});

describe('mlwb serve', () => {
  it('answers health checks without a token and shuts down cleanly on SIGTERM', async () => {
    const core = await startCoreProcess();
    started.push(core);
    expect(await (await fetch(`${core.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(existsSync(`${core.workspace}/server.json`)).toBe(true);
    expect(await core.stop('SIGTERM')).toBe(0);
    expect(core.output()).toContain('Stopped.');
    expect(existsSync(`${core.workspace}/server.json`)).toBe(false);
  });

  it('says clearly when the port is taken', async () => {
    const core = await startCoreProcess();
    started.push(core);
    const port = new URL(core.url).port;
    const second = await runCli(['serve', '--workspace', core.workspace, '--port', port, '--no-sample']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
  });

  it('refuses a non-loopback bind without a token', async () => {
    const result = await runCli(['serve', '--workspace', '/tmp/mlwb-never-created', '--host', '0.0.0.0', '--port', '0', '--no-sample'], { MLWB_TOKEN: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('without a token');
  });

  it('answers 413 with the limit for an oversized body on /api routes', async () => {
    const core = await startCoreProcess();
    started.push(core);
    const response = await core.call('POST', '/api/experiments', JSON.stringify({ name: 'x', tags: { blob: 'y'.repeat(17 * 1024 * 1024) } }));
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'REQUEST_TOO_LARGE', message: expect.stringContaining('16777216 bytes') });
  });

  it('serves our typed routes with the /api envelope', async () => {
    const core = await startCoreProcess();
    started.push(core);
    const created = await core.call('POST', '/api/experiments', { name: 'typed' });
    expect(created.status).toBe(200);
    expect(created.body.experiment).toMatchObject({ name: 'typed', run_count: 0, created_by: 'tester' });
    const duplicate = await core.call('POST', '/api/experiments', { name: 'typed' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('RESOURCE_ALREADY_EXISTS');
    const badFilter = await core.call('POST', '/api/runs/search', { experiment_ids: ['0'], filter: 'metrics.acc >' });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.details).toMatchObject({ position: expect.any(Number) });
    const invalid = await core.call('POST', '/api/runs/search', { experiment_ids: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('experiment_ids');
  });
});
