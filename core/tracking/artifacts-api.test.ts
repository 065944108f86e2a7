import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreProcess, type CoreProcess } from '../testing/core-process.js';

let core: CoreProcess;
let runId: string;
const proxy = (path: string) => `/api/2.0/mlflow-artifacts/artifacts/${path}`;

beforeAll(async () => {
  core = await startCoreProcess();
  runId = (await core.call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: '0' })).body.run.info.run_id;
});
afterAll(async () => core?.dispose());

function rawPut(path: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(core.url);
    const request = httpRequest({ host: target.hostname, port: target.port, path, method: 'PUT', headers: { Authorization: `Bearer ${core.token}` } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function put(path: string, bytes: Uint8Array): Promise<Response> {
  return fetch(`${core.url}${proxy(path)}`, { method: 'PUT', headers: { Authorization: `Bearer ${core.token}` }, body: bytes });
}

describe('mlflow-artifacts proxy', () => {
  it('uploads, lists and downloads files the way the MLflow client does', async () => {
    const text = new TextEncoder().encode('{"accuracy": 0.93}\n');
    expect((await put(`0/${runId}/artifacts/metrics/summary.json`, text)).status).toBe(200);
    expect((await put(`0/${runId}/artifacts/model/MLmodel`, new TextEncoder().encode('flavors: {}\n'))).status).toBe(200);

    const listing = await core.call('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}`);
    expect(listing.body).toEqual({
      root_uri: `mlflow-artifacts:/0/${runId}/artifacts`,
      files: [
        { path: 'metrics', is_dir: true },
        { path: 'model', is_dir: true },
      ],
    });
    const inside = await core.call('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=model`);
    expect(inside.body.files).toEqual([{ path: 'model/MLmodel', is_dir: false, file_size: 12 }]);
    const proxyListing = await core.call('GET', `/api/2.0/mlflow-artifacts/artifacts?path=0/${runId}/artifacts/metrics`);
    expect(proxyListing.body.files).toEqual([{ path: 'summary.json', is_dir: false, file_size: text.length }]);

    const download = await fetch(`${core.url}${proxy(`0/${runId}/artifacts/metrics/summary.json`)}`, { headers: { Authorization: `Bearer ${core.token}` } });
    expect(download.headers.get('content-type')).toContain('application/json');
    expect(await download.text()).toBe('{"accuracy": 0.93}\n');
  });

  it('streams a large upload, hashes it on the worker pool, and serves byte ranges', async () => {
    const bytes = randomBytes(24 * 1024 * 1024);
    const upload = await fetch(`${core.url}/api/runs/${runId}/artifacts/content?path=big/blob.bin`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${core.token}` },
      body: bytes,
    });
    const stored = (await upload.json()) as { sha256: string };
    expect(stored).toMatchObject({ path: 'big/blob.bin', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

    const ranged = await fetch(`${core.url}${proxy(`0/${runId}/artifacts/big/blob.bin`)}`, { headers: { Authorization: `Bearer ${core.token}`, Range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);

    const whole = await fetch(`${core.url}/api/runs/${runId}/artifacts/content?path=big/blob.bin&token=${core.token}&download=1`);
    expect(whole.headers.get('content-disposition')).toContain('blob.bin');
    expect(createHash('sha256').update(Buffer.from(await whole.arrayBuffer())).digest('hex')).toBe(stored.sha256);
  });

  it('rejects .. and absolute artifact paths with 400', async () => {
    // fetch() normalises dot segments away, so send the raw request line as a hostile client would.
    for (const path of [`0/${runId}/artifacts/../../../etc/passwd`, `0/${runId}/artifacts/%2E%2E/x`]) {
      const response = await rawPut(proxy(path), Buffer.from([1]));
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).message).toContain("'..' is not allowed");
    }
    const absolute = await core.call('GET', `/api/runs/${runId}/artifacts/content?path=/etc/passwd`);
    expect(absolute.status).toBe(400);
    expect(absolute.body.error.message).toContain('absolute');
    const listing = await core.call('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=../other`);
    expect(listing.status).toBe(400);
  });

  it('answers 404 for a missing artifact and deletes folders', async () => {
    expect((await core.call('GET', proxy(`0/${runId}/artifacts/nothing.txt`))).status).toBe(404);
    expect((await core.call('DELETE', proxy(`0/${runId}/artifacts/model`))).status).toBe(200);
    const listing = await core.call('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}`);
    expect(listing.body.files.map((file: { path: string }) => file.path)).not.toContain('model');
  });
});
