import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../api/errors.js';
import { openDatabase, type Sqlite } from '../workspace/database.js';
import { WorkerPool } from '../workers/pool.js';
import { PredictionLog, type PredictionRecord } from './prediction-log.js';

let file: string;
let db: Sqlite;
let log: PredictionLog;

beforeEach(() => {
  file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mlwb-predictions-')), 'workbench.db');
  db = openDatabase(file);
});
afterEach(() => {
  log?.close();
  db.close();
});

const prediction = (index: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord => ({
  requestId: `request-${index}`,
  time: 1_700_000_000_000 + index,
  deployment: 'churn',
  model: 'churn',
  version: index % 2 === 0 ? 1 : 2,
  variant: index % 2 === 0 ? 'stable' : 'candidate',
  reason: 'split',
  bucket: index % 10_000,
  salt: 'rollout-1',
  split: 'candidate:0-1000',
  entityKey: `customer-${index % 100}`,
  protocol: 'v2',
  inputs: { tenure: index, plan: 'basic' },
  outputs: { probability: index / 10_000 },
  latencyMs: 0.5,
  ...overrides,
});

const storedRows = () => db.prepare('SELECT count(*) FROM prediction_log').pluck().get() as number;

describe('PredictionLog: writing', () => {
  it('hands background batches to a writer thread with its own connection; feedback may name a row still on its way', async () => {
    const thread = new WorkerPool(1);
    try {
      log = new PredictionLog(db, { flushMs: 5, offThread: (rows) => thread.run('writePredictions', { database: file, rows, retainRows: 1_000_000 }) });
      for (let index = 0; index < 500; index++) log.record(prediction(index));
      await new Promise((resolve) => setTimeout(resolve, 20)); // the timer hands the batch over
      // The thread may still be writing: a request id in flight is already known.
      expect(() => log.addFeedback({ deployment: 'churn', requestId: 'request-3', label: 1, user: 'tester' })).not.toThrow();
      await log.drain();
      expect(storedRows()).toBe(500);
      expect(log.list('churn', { limit: 1000 }).find((entry) => entry.request_id === 'request-3')?.label).toBe('1');
      expect(() => log.addFeedback({ deployment: 'churn', requestId: 'request-nope', label: 1, user: 'tester' })).toThrow(NotFoundError);
    } finally {
      await thread.close();
    }
  });

  it('hands a large backlog to the writer thread in short slices, one per turn, in order', async () => {
    const thread = new WorkerPool(1);
    const slices: number[] = [];
    let slicesAfterOneTurn = 0;
    try {
      log = new PredictionLog(db, {
        flushMs: 5,
        maxBuffered: 100_000,
        offThread: (rows) => {
          // Requests keep being served between slices: something queued with the first slice runs
          // before most of the others are handed over.
          if (slices.length === 0) setImmediate(() => (slicesAfterOneTurn = slices.length));
          slices.push(rows.length);
          return thread.run('writePredictions', { database: file, rows, retainRows: 1_000_000 });
        },
      });
      for (let index = 0; index < 3000; index++) log.record(prediction(index));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await log.drain();
      expect(slices.reduce((sum, size) => sum + size, 0)).toBe(3000);
      expect(Math.max(...slices)).toBeLessThanOrEqual(256);
      expect(slicesAfterOneTurn).toBeLessThanOrEqual(2);
      expect(slices.length).toBeGreaterThan(10);
      const ids = (db.prepare('SELECT request_id FROM prediction_log ORDER BY id').pluck().all() as string[]).map((id) => Number(id.slice('request-'.length)));
      expect(ids).toEqual(Array.from({ length: 3000 }, (_, index) => index));
    } finally {
      await thread.close();
    }
  });

  it('writes 10,000 records in batches off the request path and loses none on close()', async () => {
    log = new PredictionLog(db, { flushMs: 5, maxBuffered: 2500 });
    for (let index = 0; index < 10_000; index++) log.record(prediction(index));
    expect(storedRows()).toBe(0); // recording never touched SQLite
    await new Promise((resolve) => setImmediate(resolve));
    // Written in small slices, one per turn of the event loop, so no request waits behind a long write.
    expect(storedRows()).toBe(64);
    for (let turn = 0; turn < 1000 && storedRows() < 10_000; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(storedRows()).toBe(10_000);
    for (let index = 10_000; index < 10_100; index++) log.record(prediction(index));
    log.close();
    expect(storedRows()).toBe(10_100);
    expect(() => log.record(prediction(0))).toThrow(/closed/);

    // What close() wrote survives a reopen of the workspace.
    db.close();
    db = openDatabase(file);
    expect(storedRows()).toBe(10_100);
    const first = db.prepare('SELECT * FROM prediction_log WHERE request_id = ?').get('request-7') as Record<string, unknown>;
    expect(first).toMatchObject({ deployment: 'churn', version: 2, variant: 'candidate', bucket: 7, salt: 'rollout-1', entity_key: 'customer-7', protocol: 'v2', latency_ms: 0.5 });
    expect(JSON.parse(first.inputs as string)).toEqual({ tenure: 7, plan: 'basic' });
  });

  it('flushes on its timer', async () => {
    log = new PredictionLog(db, { flushMs: 10 });
    log.record(prediction(1));
    expect(log.buffered).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.buffered).toBe(0);
    expect(storedRows()).toBe(1);
  });

  it('keeps only the newest retainRows predictions', () => {
    log = new PredictionLog(db, { retainRows: 1000 });
    for (let index = 0; index < 5000; index++) {
      log.record(prediction(index));
      if (index % 250 === 249) log.flush();
    }
    log.flush();
    // Pruning runs every retainRows / 10 written rows, so at most that many extra stay.
    expect(storedRows()).toBeGreaterThanOrEqual(1000);
    expect(storedRows()).toBeLessThanOrEqual(1100);
    const oldest = db.prepare('SELECT min(time) FROM prediction_log').pluck().get() as number;
    expect(oldest).toBeGreaterThanOrEqual(prediction(3900).time);
    expect(log.list('churn', { limit: 1 })[0].request_id).toBe('request-4999');
  });

  it('keeps one entity row per scored entity, and forgets entities whose predictions were pruned', () => {
    log = new PredictionLog(db, { retainRows: 1000 });
    // customer-early is scored only at the start; the others keep being scored.
    log.record(prediction(0, { entityKey: 'customer-early' }));
    for (let index = 1; index < 5000; index++) {
      log.record(prediction(index));
      if (index % 250 === 249) log.flush();
    }
    log.flush();
    const entities = db.prepare('SELECT entity_key, last_time FROM prediction_entities ORDER BY entity_key').all() as Array<{ entity_key: string; last_time: number }>;
    expect(entities).toHaveLength(100);
    expect(entities.find((row) => row.entity_key === 'customer-99')?.last_time).toBe(prediction(4999).time);
    expect(() => log.addFeedback({ deployment: 'churn', entityKey: 'customer-early', label: 1, user: 'ana' })).toThrow(NotFoundError);
    expect(log.addFeedback({ deployment: 'churn', entityKey: 'customer-42', label: 1, user: 'ana' }).id).toBeGreaterThan(0);
  });

  it('stores int64 outputs that JSON cannot represent natively', () => {
    log = new PredictionLog(db);
    log.record(prediction(1, { outputs: { label: [1n, 2n ** 63n - 1n] } }));
    expect(log.list('churn')[0].outputs).toEqual({ label: [1, '9223372036854775807'] });
  });
});

describe('PredictionLog: feedback and reading', () => {
  beforeEach(() => {
    log = new PredictionLog(db, { flushMs: 60_000 });
  });

  it('attaches a label by request id, flushing buffered predictions first', () => {
    log.record(prediction(1));
    log.record(prediction(2));
    log.addFeedback({ deployment: 'churn', requestId: 'request-1', label: true, user: 'ana' });
    const [second, first] = log.list('churn');
    expect(first).toMatchObject({ request_id: 'request-1', label: 'true', inputs: { tenure: 1, plan: 'basic' } });
    expect(second).toMatchObject({ request_id: 'request-2', label: null });
    expect(db.prepare('SELECT created_by FROM prediction_feedback').pluck().get()).toBe('ana');
  });

  it('refuses feedback for a request id or entity the deployment never logged', () => {
    log.record(prediction(1));
    expect(() => log.addFeedback({ deployment: 'churn', requestId: 'request-404', label: 1, user: 'ana' })).toThrow(NotFoundError);
    expect(() => log.addFeedback({ deployment: 'other', requestId: 'request-1', label: 1, user: 'ana' })).toThrow(NotFoundError);
    expect(() => log.addFeedback({ deployment: 'churn', entityKey: 'customer-404', label: 1, user: 'ana' })).toThrow(NotFoundError);
    expect(() => log.addFeedback({ deployment: 'churn', label: 1, user: 'ana' })).toThrow(ValidationError);
    expect(() => log.addFeedback({ deployment: 'churn', requestId: 'request-1', entityKey: 'customer-1', label: 1, user: 'ana' })).toThrow(ValidationError);
  });

  it('attaches a label by entity key to the predictions made before it', () => {
    const now = Date.now();
    log.record(prediction(1, { entityKey: 'acme', time: now - 2000 }));
    log.record(prediction(2, { entityKey: 'acme', time: now - 1000 }));
    log.record(prediction(3, { entityKey: 'globex', time: now - 1000 }));
    log.addFeedback({ deployment: 'churn', entityKey: 'acme', label: 'churned', user: 'ana' });
    log.record(prediction(4, { entityKey: 'acme', time: now + 60_000 })); // scored after the outcome
    const labels = Object.fromEntries(log.list('churn').map((entry) => [entry.request_id, entry.label]));
    expect(labels).toEqual({ 'request-1': 'churned', 'request-2': 'churned', 'request-3': null, 'request-4': null });
  });

  it('prefers a label given for the request over one given for its entity', () => {
    log.record(prediction(1, { entityKey: 'acme', time: Date.now() - 1000 }));
    log.addFeedback({ deployment: 'churn', entityKey: 'acme', label: 0, user: 'ana' });
    log.addFeedback({ deployment: 'churn', requestId: 'request-1', label: 1, user: 'ana' });
    expect(log.list('churn')[0].label).toBe('1');
  });

  it('pages back in time with limit and before', () => {
    for (let index = 0; index < 25; index++) log.record(prediction(index));
    log.record(prediction(100, { deployment: 'fraud' }));
    const page1 = log.list('churn', { limit: 10 });
    const page2 = log.list('churn', { limit: 10, before: page1[9].time });
    const page3 = log.list('churn', { limit: 10, before: page2[9].time });
    expect([...page1, ...page2, ...page3].map((entry) => entry.request_id)).toEqual(Array.from({ length: 25 }, (_, index) => `request-${24 - index}`));
  });

  it('returns a time window as columns with labels, oldest first', () => {
    for (let index = 0; index < 10; index++) log.record(prediction(index, { time: 1000 + index }));
    log.addFeedback({ deployment: 'churn', requestId: 'request-4', label: 'yes', user: 'ana' });
    const window = log.window('churn', 1003, 1006);
    expect(window.requestId).toEqual(['request-3', 'request-4', 'request-5']);
    expect(window.time).toEqual([1003, 1004, 1005]);
    expect(window.variant).toEqual(['candidate', 'stable', 'candidate']);
    expect(window.inputs[1]).toEqual({ tenure: 4, plan: 'basic' });
    expect(window.outputs[2]).toEqual({ probability: 5 / 10_000 });
    expect(window.label).toEqual([null, 'yes', null]);
    expect(window.latencyMs).toEqual([0.5, 0.5, 0.5]);
  });
});
