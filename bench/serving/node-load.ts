// In-process load generators on node:http with a keep-alive Agent: an open-loop fixed-rate sender
// for latency (sends follow the clock, not the answers, so a slow server cannot slow the load
// down and hide its own queueing) and a closed-loop fallback for throughput when wrk is missing.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from '../support/stats.js';
import type { LoadOptions, LoadResult } from './wrk.js';

interface Sender {
  /** Resolves with the status code once the whole answer has been read. */
  send(body: Buffer): Promise<number>;
  close(): void;
}

function sender(url: string, maxSockets: number): Sender {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    send(body) {
      return new Promise((resolve, reject) => {
        const outgoing = httpRequest(
          { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
          (incoming) => {
            incoming.on('data', () => {});
            incoming.on('end', () => resolve(incoming.statusCode ?? 0));
            incoming.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

export interface FixedRateResult {
  sent: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How far behind its schedule the generator sent its latest request (its own fidelity). */
  maxSendLagMs: number;
  achievedPerSecond: number;
}

/**
 * Sends `rate` requests a second for `seconds`, each on its scheduled tick whatever is in flight;
 * each latency runs from the request's write to the end of its answer (process.hrtime-based clock).
 */
export async function fixedRate(options: { url: string; bodies: readonly string[]; rate: number; seconds: number }): Promise<FixedRateResult> {
  const bodies = options.bodies.map((body) => Buffer.from(body));
  const client = sender(options.url, 256);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies = new Float64Array(total);
  let errors = 0;
  let maxSendLagMs = 0;
  const pending: Array<Promise<void>> = [];
  const start = performance.now() + 20;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const index = sent++;
        maxSendLagMs = Math.max(maxSendLagMs, now - (start + index * interval));
        const began = performance.now();
        pending.push(
          client.send(bodies[index % bodies.length]).then(
            (status) => {
              latencies[index] = performance.now() - began;
              if (status < 200 || status >= 300) errors++;
            },
            () => {
              latencies[index] = performance.now() - began;
              errors++;
            },
          ),
        );
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  client.close();
  const samples = Array.from(latencies);
  return { sent: total, errors, p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99), maxMs: Math.max(...samples), maxSendLagMs, achievedPerSecond: total / elapsed };
}

/** Closed loop: `connections` workers each send the next request as soon as the last answer is read. */
export async function closedLoop(options: LoadOptions): Promise<LoadResult> {
  const bodies = options.bodies.map((body) => Buffer.from(body));
  const client = sender(options.url, options.connections);
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const began = performance.now();
      const status = await client.send(bodies[next++ % bodies.length]).catch(() => 0);
      latencies.push(performance.now() - began);
      requests++;
      if (status < 200 || status >= 300) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  client.close();
  return { requests, seconds, requestsPerSecond: requests / seconds, errors, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
}

/** One request, its status and parsed JSON answer (setup checks and the ramp). */
export async function postJson<Result = any>(url: string, body: string): Promise<{ status: number; body: Result }> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return { status: response.status, body: JSON.parse(text) as Result };
}
