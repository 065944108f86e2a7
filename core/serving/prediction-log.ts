// The prediction log (migration 4: prediction_log, prediction_feedback). Requests only append to
// an in-memory buffer; a timer writes the buffer in one transaction, so no SQL runs on the request
// path and a burst costs one fsync per flush instead of one per prediction (ARCHITECTURE rule 5).
import type { PredictionLogEntry } from '../api/serving-contract.js';
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import { encodePrediction, PredictionWriter, type EncodedPrediction } from './prediction-store.js';

export interface PredictionRecord {
  requestId: string;
  /** Epoch milliseconds of the request. */
  time: number;
  deployment: string;
  model: string;
  version: number;
  variant: string;
  reason: string;
  bucket: number | null;
  salt: string | null;
  /** The arms' bucket ranges when the request was split (e.g. "candidate:0-1000"), so the assignment can be re-derived. */
  split: string | null;
  entityKey: string | null;
  protocol: string;
  /** Serialized at flush time, not copied: the caller must not change these objects afterwards. */
  inputs: unknown;
  outputs: unknown;
  latencyMs: number;
}

export interface PredictionLogOptions {
  /** How long a record waits in memory before it is written. */
  flushMs?: number;
  /** A buffer this full is written on the next turn of the event loop instead of waiting. */
  maxBuffered?: number;
  /** Rows kept in prediction_log; older ones are deleted after writes. */
  retainRows?: number;
  /** Hands encoded records to a writer thread (see prediction-store.ts writePredictions). */
  offThread?: (rows: EncodedPrediction[]) => Promise<unknown>;
  /** Where a failed write is reported; its rows stay buffered and are retried. */
  onError?: (error: Error) => void;
}

export interface FeedbackInput {
  deployment: string;
  requestId?: string;
  entityKey?: string;
  label: string | number | boolean;
  user: string;
}

/** Predictions of a time window as columns: monitoring reads them per feature, not per row. */
export interface PredictionWindow {
  requestId: string[];
  time: number[];
  model: string[];
  version: number[];
  variant: string[];
  inputs: unknown[];
  outputs: unknown[];
  latencyMs: number[];
  label: (string | null)[];
}

// Feedback given by request id wins; by entity key, the newest label given at or after the
// prediction (the outcome of that entity since it was scored).
const labelOf = `COALESCE(
    (SELECT f.label FROM prediction_feedback f WHERE f.request_id = p.request_id AND f.deployment = p.deployment ORDER BY f.id DESC LIMIT 1),
    (SELECT f.label FROM prediction_feedback f WHERE f.deployment = p.deployment AND f.entity_key = p.entity_key AND f.time >= p.time ORDER BY f.time DESC, f.id DESC LIMIT 1)
  )`;

/** Rows per background transaction: well under a millisecond of work each. */
const backgroundSliceRows = 64;
/** Rows encoded and handed to the writer thread per turn: about half a millisecond of work. */
const sendSliceRows = 256;

export class PredictionLog {
  private buffer: PredictionRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private closed = false;
  private readonly flushMs: number;
  private readonly maxBuffered: number;
  private readonly retainRows: number;
  private readonly onError: (error: Error) => void;
  private readonly writer: PredictionWriter;
  private readonly offThread: ((rows: EncodedPrediction[]) => Promise<unknown>) | undefined;
  /** Batches handed to the writer thread and not yet acknowledged. */
  private readonly sending = new Set<PredictionRecord[]>();
  private readonly requestExists;
  private readonly entityExists;
  private readonly insertFeedback;
  private readonly listNewest;
  private readonly listBefore;
  private readonly windowRows;

  constructor(db: Sqlite, options: PredictionLogOptions = {}) {
    this.flushMs = options.flushMs ?? 200;
    this.maxBuffered = options.maxBuffered ?? 5000;
    this.retainRows = options.retainRows ?? 1_000_000;
    this.onError = options.onError ?? ((error) => console.error('prediction log: write failed, will retry:', error));
    this.writer = new PredictionWriter(db, this.retainRows);
    this.offThread = options.offThread;
    // `+deployment` keeps the planner on the request-id index instead of scanning the deployment.
    this.requestExists = db.prepare('SELECT 1 FROM prediction_log WHERE request_id = ? AND +deployment = ? LIMIT 1').pluck();
    this.entityExists = db.prepare('SELECT 1 FROM prediction_entities WHERE deployment = ? AND entity_key = ?').pluck();
    this.insertFeedback = db.prepare('INSERT INTO prediction_feedback (deployment, request_id, entity_key, label, time, created_by) VALUES (?, ?, ?, ?, ?, ?)');
    const columns = `p.request_id, p.time, p.model, p.version, p.variant, p.reason, p.bucket, p.entity_key, p.protocol, p.inputs, p.outputs, p.latency_ms, ${labelOf} AS label`;
    this.listNewest = db.prepare(`SELECT ${columns} FROM prediction_log p WHERE p.deployment = ? ORDER BY p.time DESC, p.id DESC LIMIT ?`);
    this.listBefore = db.prepare(`SELECT ${columns} FROM prediction_log p WHERE p.deployment = ? AND p.time < ? ORDER BY p.time DESC, p.id DESC LIMIT ?`);
    this.windowRows = db
      .prepare(`SELECT p.request_id, p.time, p.model, p.version, p.variant, p.inputs, p.outputs, p.latency_ms, ${labelOf} FROM prediction_log p WHERE p.deployment = ? AND p.time >= ? AND p.time < ? ORDER BY p.time, p.id`)
      .raw();
  }

  /** Rows waiting to be written. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Called per request: O(1), no I/O. */
  record(entry: PredictionRecord): void {
    if (this.closed) throw new Error('the prediction log is closed');
    this.buffer.push(entry);
    if (this.buffer.length >= this.maxBuffered) {
      // Written after the current request's response, not inside it.
      this.immediate ??= setImmediate(() => this.flushFromTimer());
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flushFromTimer(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes every buffered record in one transaction, then prunes beyond retainRows now and then. */
  flush(): void {
    this.cancelScheduled();
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    try {
      this.writer.write(rows);
    } catch (error) {
      // Keep the order: these rows go before anything recorded meanwhile.
      this.buffer = rows.concat(this.buffer);
      throw error;
    }
  }

  /** Waits for the batches the writer thread is still writing. */
  async drain(): Promise<void> {
    while (this.sending.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Whether a request id or entity key is still on its way to the table. */
  private isPending(deployment: string, requestId: string | undefined, entityKey: string | undefined): boolean {
    const matches = (row: PredictionRecord) => row.deployment === deployment && (requestId !== undefined ? row.requestId === requestId : row.entityKey === entityKey);
    for (const batch of this.sending) if (batch.some(matches)) return true;
    return this.buffer.some(matches);
  }

  /** Writes what is buffered and stops the timers; record() fails afterwards. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /**
   * Attaches ground truth to a prediction by its request id, or to every prediction of an entity
   * made up to now. Fails if the deployment never logged that request id or entity key.
   */
  addFeedback(feedback: FeedbackInput): { id: number; time: number } {
    const { deployment, requestId, entityKey } = feedback;
    if ((requestId === undefined) === (entityKey === undefined)) throw new ValidationError('give exactly one of request_id or entity_key');
    this.flush();
    const pending = this.sending.size > 0 && this.isPending(deployment, requestId, entityKey);
    if (!pending && requestId !== undefined && this.requestExists.get(requestId, deployment) === undefined) {
      throw new NotFoundError(`deployment "${deployment}" has no logged prediction with request id "${requestId}"`, { deployment, request_id: requestId });
    }
    if (!pending && entityKey !== undefined && this.entityExists.get(deployment, entityKey) === undefined) {
      throw new NotFoundError(`deployment "${deployment}" has no logged prediction for entity key "${entityKey}"`, { deployment, entity_key: entityKey });
    }
    const time = Date.now();
    const result = this.insertFeedback.run(deployment, requestId ?? null, entityKey ?? null, String(feedback.label), time, feedback.user);
    return { id: Number(result.lastInsertRowid), time };
  }

  /** Newest first, with labels; `before` (epoch ms, exclusive) pages back in time. */
  list(deployment: string, options: { limit?: number; before?: number | null } = {}): PredictionLogEntry[] {
    this.flush();
    const limit = Math.max(1, Math.min(options.limit ?? 100, 10_000));
    const rows = (options.before === undefined || options.before === null ? this.listNewest.all(deployment, limit) : this.listBefore.all(deployment, options.before, limit)) as ListRow[];
    return rows.map((row) => ({
      request_id: row.request_id,
      time: row.time,
      model: row.model,
      version: row.version,
      variant: row.variant,
      reason: row.reason,
      bucket: row.bucket,
      entity_key: row.entity_key,
      protocol: row.protocol,
      inputs: JSON.parse(row.inputs),
      outputs: JSON.parse(row.outputs),
      latency_ms: row.latency_ms,
      label: row.label,
    }));
  }

  /** Predictions with time in [since, until), oldest first, as columns. */
  window(deployment: string, since: number, until: number): PredictionWindow {
    this.flush();
    const columns: PredictionWindow = { requestId: [], time: [], model: [], version: [], variant: [], inputs: [], outputs: [], latencyMs: [], label: [] };
    for (const row of this.windowRows.iterate(deployment, since, until) as Iterable<WindowRow>) {
      columns.requestId.push(row[0]);
      columns.time.push(row[1]);
      columns.model.push(row[2]);
      columns.version.push(row[3]);
      columns.variant.push(row[4]);
      columns.inputs.push(JSON.parse(row[5]));
      columns.outputs.push(JSON.parse(row[6]));
      columns.latencyMs.push(row[7]);
      columns.label.push(row[8]);
    }
    return columns;
  }

  /**
   * Background writes leave the request path entirely when a writer thread is given (its own
   * connection takes the transaction and any WAL checkpoint); otherwise they go in slices with a
   * turn of the event loop between them, so no request waits behind one long transaction.
   */
  private flushFromTimer(): void {
    try {
      if (this.offThread) return this.sendBuffer(this.offThread);
      if (this.buffer.length <= backgroundSliceRows) return this.flush();
      this.cancelScheduled();
      const rows = this.buffer.splice(0, backgroundSliceRows);
      try {
        this.writer.write(rows);
      } catch (error) {
        this.buffer = rows.concat(this.buffer);
        throw error;
      }
      this.immediate = setImmediate(() => this.flushFromTimer());
    } catch (error) {
      this.onError(error as Error);
      this.retryLater();
    }
  }

  /**
   * Encodes and hands over one slice per turn of the event loop: encoding thousands of rows at
   * once (a few batch_predict calls' worth) stalled whichever request was running for 10-20 ms.
   */
  private sendBuffer(send: (rows: EncodedPrediction[]) => Promise<unknown>): void {
    this.cancelScheduled();
    if (this.buffer.length === 0) return;
    const rows = this.buffer.splice(0, sendSliceRows);
    if (this.buffer.length > 0) this.immediate = setImmediate(() => this.flushFromTimer());
    this.sending.add(rows);
    send(rows.map(encodePrediction)).then(
      () => this.sending.delete(rows),
      (error: unknown) => {
        this.sending.delete(rows);
        this.buffer = rows.concat(this.buffer);
        this.onError(error as Error);
        this.retryLater();
      },
    );
  }

  private retryLater(): void {
    if (!this.closed && this.timer === null) {
      this.timer = setTimeout(() => this.flushFromTimer(), this.flushMs);
      this.timer.unref();
    }
  }

  private cancelScheduled(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}

interface ListRow {
  request_id: string;
  time: number;
  model: string;
  version: number;
  variant: string;
  reason: string;
  bucket: number | null;
  entity_key: string | null;
  protocol: string;
  inputs: string;
  outputs: string;
  latency_ms: number;
  label: string | null;
}

type WindowRow = [string, number, string, number, string, string, string, number, string | null];
