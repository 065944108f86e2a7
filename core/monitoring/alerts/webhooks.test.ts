// Webhook deliveries against a local server that fails on purpose: a 500 and a hang are retried
// with growing pauses, a 4xx is not, and sending never makes the caller wait.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, WebhookSender } from './webhooks.js';

const hits: Record<string, number[]> = {};
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const key = request.url ?? '/';
    (hits[key] ??= []).push(performance.now());
    request.resume();
    if (key === '/flaky' && hits[key].length < 3) return void response.writeHead(500).end('down');
    if (key.startsWith('/hang')) return; // never answers
    if (key === '/gone') return void response.writeHead(404).end();
    response.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('deliverWebhook', () => {
  it('retries a 500 with exponential backoff until it is delivered', async () => {
    const delivery = await deliverWebhook(`${base}/flaky`, { text: 'drift' }, { attempts: 4, backoffMs: 60, timeoutMs: 1000 });
    expect(delivery).toMatchObject({ delivered: true, status: 200, attempts: 3, error: null });
    const [first, second, third] = hits['/flaky'];
    expect(second - first).toBeGreaterThanOrEqual(55);
    expect(third - second).toBeGreaterThanOrEqual(115); // the pause doubles
  });

  it('gives up on a server that never answers after its attempts, each cut at the timeout', async () => {
    const started = performance.now();
    const delivery = await deliverWebhook(`${base}/hang`, {}, { attempts: 2, backoffMs: 10, timeoutMs: 150 });
    expect(delivery).toMatchObject({ delivered: false, status: null, attempts: 2, error: 'no answer within 150 ms' });
    expect(hits['/hang']).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('does not retry a client error', async () => {
    const delivery = await deliverWebhook(`${base}/gone`, {}, { attempts: 4, backoffMs: 10 });
    expect(delivery).toMatchObject({ delivered: false, status: 404, attempts: 1, error: 'HTTP 404' });
  });
});

describe('WebhookSender', () => {
  it('returns at once while a hanging webhook is retried, and reports every outcome when done', async () => {
    const sender = new WebhookSender({ attempts: 2, backoffMs: 10, timeoutMs: 300 });
    let outcomes: Array<{ url: string; delivered: boolean }> | null = null;
    const started = performance.now();
    sender.send([`${base}/hang2`, `${base}/ok`], { text: 'drift' }, (deliveries) => (outcomes = deliveries));
    expect(performance.now() - started).toBeLessThan(50);
    expect(outcomes).toBeNull();
    await expect.poll(() => outcomes, { timeout: 3000 }).not.toBeNull();
    expect(outcomes!.map((delivery) => [delivery.url.slice(base.length), delivery.delivered])).toEqual([
      ['/hang2', false],
      ['/ok', true],
    ]);
    await sender.close();
  });

  it('cancels pending retries when the core stops', async () => {
    const sender = new WebhookSender({ attempts: 5, backoffMs: 10_000, timeoutMs: 5000 });
    let outcome: string | null = null;
    sender.send([`${base}/hang3`], {}, ([delivery]) => (outcome = delivery.error));
    await expect.poll(() => hits['/hang3']?.length ?? 0).toBe(1);
    const started = performance.now();
    await sender.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(outcome).toBe('cancelled: the core stopped');
  });
});
