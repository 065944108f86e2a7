// A TypeScript tracking client over the MLflow REST API: works against the workbench core or any
// MLflow server. Metrics are queued and sent in batches (at most MLflow's 1000 per request), so
// logging one point costs a push, not a round trip.
import type { RunStatus } from '../api/contract.js';

export class TrackingClientError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'TrackingClientError';
  }
}

export interface ClientOptions {
  url: string;
  token?: string;
  /** Points queued before a batch is sent without waiting for the timer. */
  batchSize?: number;
  /** How long a point may wait in the queue, in milliseconds. */
  flushIntervalMs?: number;
}

interface QueuedMetric {
  runId: string;
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export class TrackingClient {
  private readonly base: string;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private queue: QueuedMetric[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly options: ClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.batchSize = Math.min(options.batchSize ?? 1000, 1000);
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
  }

  async call<Response = Record<string, unknown>>(method: 'GET' | 'POST', rpc: string, body: Record<string, unknown> = {}): Promise<Response> {
    let url = `${this.base}/api/2.0/mlflow${rpc}`;
    const init: RequestInit = { method, headers: this.headers(method === 'POST' ? { 'Content-Type': 'application/json' } : {}) };
    if (method === 'GET') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
      url += `?${query}`;
    } else {
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) throw new TrackingClientError(response.status, String(parsed.error_code ?? 'INTERNAL_ERROR'), String(parsed.message ?? text));
    return parsed as Response;
  }

  async createExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    const body = await this.call<{ experiment_id: string }>('POST', '/experiments/create', { name, tags: toPairs(tags) });
    return body.experiment_id;
  }

  /** The experiment's ID, creating it when it does not exist yet. */
  async ensureExperiment(name: string): Promise<string> {
    try {
      const body = await this.call<{ experiment: { experiment_id: string } }>('GET', '/experiments/get-by-name', { experiment_name: name });
      return body.experiment.experiment_id;
    } catch (error) {
      if (error instanceof TrackingClientError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return this.createExperiment(name);
      throw error;
    }
  }

  async createRun(experimentId: string, options: { runName?: string; tags?: Record<string, string>; parentRunId?: string } = {}): Promise<string> {
    const tags = { ...options.tags, ...(options.parentRunId ? { 'mlflow.parentRunId': options.parentRunId } : {}) };
    const body = await this.call<{ run: { info: { run_id: string } } }>('POST', '/runs/create', {
      experiment_id: experimentId,
      run_name: options.runName,
      start_time: Date.now(),
      tags: toPairs(tags),
    });
    return body.run.info.run_id;
  }

  async logParams(runId: string, params: Record<string, string | number | boolean>): Promise<void> {
    const pairs = Object.entries(params).map(([key, value]) => ({ key, value: String(value) }));
    for (let start = 0; start < pairs.length; start += 100) await this.call('POST', '/runs/log-batch', { run_id: runId, params: pairs.slice(start, start + 100) });
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    const pairs = toPairs(tags);
    for (let start = 0; start < pairs.length; start += 100) await this.call('POST', '/runs/log-batch', { run_id: runId, tags: pairs.slice(start, start + 100) });
  }

  /** Queues a point; errors from the background send surface on the next flush(). */
  logMetric(runId: string, key: string, value: number, step = 0, timestamp = Date.now()): void {
    const wire = Number.isFinite(value) ? value : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    this.queue.push({ runId, key, value: wire, timestamp, step });
    if (this.queue.length >= this.batchSize) this.startSend();
    else this.timer ??= setTimeout(() => this.startSend(), this.flushIntervalMs);
  }

  async flush(): Promise<void> {
    this.startSend();
    await this.inFlight;
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
  }

  async endRun(runId: string, status: RunStatus = 'FINISHED'): Promise<void> {
    await this.flush();
    await this.call('POST', '/runs/update', { run_id: runId, status, end_time: Date.now() });
  }

  async uploadArtifact(artifactUri: string, path: string, body: Uint8Array | string): Promise<void> {
    const prefix = artifactUri.replace(/^mlflow-artifacts:\/*/, '');
    const response = await fetch(`${this.base}/api/2.0/mlflow-artifacts/artifacts/${prefix}/${path.split('/').map(encodeURIComponent).join('/')}`, {
      method: 'PUT',
      headers: this.headers(),
      body,
    });
    if (!response.ok) {
      const parsed = (await response.json().catch(() => ({}))) as { error_code?: string; message?: string };
      throw new TrackingClientError(response.status, parsed.error_code ?? 'INTERNAL_ERROR', parsed.message ?? response.statusText);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}) };
  }

  /** Sends queued points in run-grouped batches, one request at a time, in order. */
  private startSend(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return;
    const pending = this.queue;
    this.queue = [];
    this.inFlight = this.inFlight.then(async () => {
      const byRun = new Map<string, QueuedMetric[]>();
      for (const point of pending) {
        let list = byRun.get(point.runId);
        if (!list) byRun.set(point.runId, (list = []));
        list.push(point);
      }
      try {
        for (const [runId, points] of byRun) {
          for (let start = 0; start < points.length; start += this.batchSize) {
            const metrics = points.slice(start, start + this.batchSize).map(({ key, value, timestamp, step }) => ({ key, value, timestamp, step }));
            await this.call('POST', '/runs/log-batch', { run_id: runId, metrics });
          }
        }
      } catch (error) {
        this.failure ??= error as Error;
      }
    });
  }
}

function toPairs(record: Record<string, string>): Array<{ key: string; value: string }> {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}
