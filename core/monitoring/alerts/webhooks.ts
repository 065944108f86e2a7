// Webhook delivery: a JSON POST whose `text` field is what Slack (and Mattermost, Teams' incoming
// webhooks, Discord's /slack endpoint) shows. Deliveries run beside the monitor, never inside it:
// each attempt has a timeout, failures (a 5xx, 429, a timeout, a refused connection) are retried
// with exponential backoff, and the outcome is reported through a callback.
import type { WebhookDelivery } from '../../api/monitoring-contract.js';

export interface WebhookOptions {
  /** Per attempt. */
  timeoutMs?: number;
  attempts?: number;
  /** Wait before the second attempt; doubled before each later one. */
  backoffMs?: number;
}

export const defaultWebhookOptions = { timeoutMs: 5000, attempts: 4, backoffMs: 500 } satisfies Required<WebhookOptions>;

function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function deliverWebhook(url: string, payload: unknown, options: WebhookOptions = {}, signal: AbortSignal = new AbortController().signal): Promise<WebhookDelivery> {
  const { timeoutMs, attempts, backoffMs } = { ...defaultWebhookOptions, ...options };
  const body = JSON.stringify(payload);
  const delivery: WebhookDelivery = { url, status: null, attempts: 0, delivered: false, error: null };
  for (let attempt = 0; attempt < attempts && !signal.aborted; attempt += 1) {
    if (attempt > 0) await pause(backoffMs * 2 ** (attempt - 1), signal);
    if (signal.aborted) break;
    delivery.attempts += 1;
    // A timer we hold, not AbortSignal.timeout() inside AbortSignal.any(): Node 20 keeps only weak
    // references to any()'s sources, so a collected timeout signal never fired and the attempt hung.
    const attemptController = new AbortController();
    const timer = setTimeout(() => attemptController.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const stop = () => attemptController.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'ml-workbench-monitor' },
        body,
        signal: attemptController.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.status = response.status;
      delivery.delivered = response.ok;
      delivery.error = response.ok ? null : `HTTP ${response.status}`;
      if (response.ok || !retryable(response.status)) break;
    } catch (error) {
      delivery.status = null;
      if (signal.aborted) delivery.error = 'cancelled: the core stopped';
      else delivery.error = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }
  if (signal.aborted && !delivery.delivered) delivery.error ??= 'cancelled: the core stopped';
  return delivery;
}

/** Fire-and-forget deliveries the core can cancel and wait for when it stops. */
export class WebhookSender {
  private readonly controller = new AbortController();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: WebhookOptions = {}) {}

  /** Starts the deliveries and returns at once; `done` gets every outcome when the last one ends. */
  send(urls: readonly string[], payload: unknown, done: (deliveries: WebhookDelivery[]) => void): void {
    if (urls.length === 0 || this.controller.signal.aborted) return;
    const work = Promise.all(urls.map((url) => deliverWebhook(url, payload, this.options, this.controller.signal))).then(done);
    const tracked = work.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** One attempt per URL, awaited: the "Test" button. */
  test(urls: readonly string[], payload: unknown): Promise<WebhookDelivery[]> {
    return Promise.all(urls.map((url) => deliverWebhook(url, payload, { ...this.options, attempts: 1 }, this.controller.signal)));
  }

  async close(): Promise<void> {
    this.controller.abort();
    await Promise.all(this.pending);
  }
}
