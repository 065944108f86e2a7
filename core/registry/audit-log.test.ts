import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Sqlite } from '../workspace/database.js';
import { AuditLog, canonicalJson, entryHash, genesisHash } from './audit-log.js';

let db: Sqlite;
let log: AuditLog;

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'mlwb-audit-')), 'workbench.db'));
  log = new AuditLog(db);
});
afterEach(() => db.close());

/** Twenty entries over two versions of one model, alternating actors. */
function appendChain(count = 20): void {
  for (let index = 1; index <= count; index++) {
    log.append({
      actor: index % 2 === 0 ? 'bob' : 'alice',
      action: index % 5 === 0 ? 'model_version.approve' : 'model_version.tag',
      entityType: 'model_version',
      entityId: `churn/${index <= 10 ? 1 : 2}`,
      before: index === 1 ? undefined : { tag: `value-${index - 1}` },
      after: { tag: `value-${index}`, nested: { z: 1, a: [index, { y: 2, b: 3 }] } },
      time: 1_700_000_000_000 + index,
    });
  }
}

describe('AuditLog', () => {
  it('chains appended entries and verifies them', () => {
    appendChain();
    const result = log.verify();
    expect(result).toMatchObject({ ok: true, entries: 20, first_bad: null });
    const newest = log.list({ limit: 1 }).entries[0];
    expect(result.head).toEqual({ seq: 20, hash: newest.hash });
    const [second, first] = log.list({ before: 3, limit: 2 }).entries;
    expect(first.prev_hash).toBe(genesisHash);
    expect(second.prev_hash).toBe(first.hash);
  });

  it('verifies an empty log', () => {
    expect(log.verify()).toMatchObject({ ok: true, entries: 0, first_bad: null, head: null });
  });

  it('stores before/after as canonical JSON and returns them parsed', () => {
    const entry = log.append({ actor: 'alice', action: 'model.create', entityType: 'model', entityId: 'churn', after: { b: 1, a: { d: 2, c: 3 } } });
    expect(db.prepare('SELECT before, after FROM audit_log WHERE seq = ?').get(entry.seq)).toEqual({ before: null, after: '{"a":{"c":3,"d":2},"b":1}' });
    expect(log.list().entries[0]).toMatchObject({ before: null, after: { a: { c: 3, d: 2 }, b: 1 }, actor: 'alice', entity_id: 'churn' });
    expect(canonicalJson({ y: [{ b: 1, a: 2 }], x: undefined })).toBe('{"y":[{"a":2,"b":1}]}');
  });

  it('rolls back with the change it records when that transaction fails', () => {
    appendChain(3);
    const change = db.transaction(() => {
      log.append({ actor: 'alice', action: 'model.delete', entityType: 'model', entityId: 'churn' });
      throw new Error('the deletion itself failed');
    });
    expect(() => change.immediate()).toThrow('the deletion itself failed');
    expect(log.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('names an entry whose actor was edited behind its back', () => {
    appendChain();
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 10").run();
    expect(log.verify()).toMatchObject({
      ok: false,
      entries: 20,
      first_bad: { seq: 10, problem: 'edited', message: 'entry 10 (model_version.approve by mallory) was edited: its hash no longer matches its content' },
    });
  });

  it('names an entry whose recorded change was edited', () => {
    appendChain();
    db.prepare(`UPDATE audit_log SET after = '{"tag":"forged"}' WHERE seq = 7`).run();
    expect(log.verify().first_bad).toMatchObject({ seq: 7, problem: 'edited' });
  });

  it('names the missing range when middle entries are deleted', () => {
    appendChain();
    db.prepare('DELETE FROM audit_log WHERE seq BETWEEN 17 AND 19').run();
    expect(log.verify()).toMatchObject({
      ok: false,
      entries: 17,
      first_bad: { seq: 17, problem: 'deleted', message: "entries 17–19 are missing: entry 20's previous hash does not match entry 16" },
    });
  });

  it('names a single deleted entry, including the first one', () => {
    appendChain();
    db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    expect(log.verify().first_bad).toEqual({ seq: 1, problem: 'deleted', message: "entry 1 is missing: entry 2's previous hash does not match the start of the log" });
  });

  it('detects deleting the newest entries through the recorded head', () => {
    appendChain();
    db.prepare('DELETE FROM audit_log WHERE seq >= 19').run();
    expect(log.verify()).toMatchObject({ ok: false, entries: 18, first_bad: { seq: 19, problem: 'deleted', message: expect.stringContaining('entries 19–20 are missing') } });
  });

  it('keeps the gap visible when new entries are appended after a deletion', () => {
    appendChain();
    db.prepare('DELETE FROM audit_log WHERE seq = 20').run();
    log.append({ actor: 'alice', action: 'model.create', entityType: 'model', entityId: 'other' });
    expect(log.verify().first_bad).toMatchObject({ seq: 20, problem: 'deleted' });
  });

  it('detects the whole log being emptied', () => {
    appendChain(3);
    db.prepare('DELETE FROM audit_log').run();
    expect(log.verify()).toMatchObject({ ok: false, entries: 0, first_bad: { seq: 1, problem: 'deleted', message: expect.stringContaining('entries 1–3 are missing') } });
  });

  it('names the broken link when an entry is replaced with a freshly computed hash', () => {
    appendChain(5);
    // A forger who recomputes entry 3's hash still breaks entry 4's link to it.
    const original = log.list({ before: 4, limit: 1 }).entries[0];
    const forgedHash = entryHash(3, original.time, 'mallory', original.action, original.entity_type, original.entity_id, canonicalJson(original.before), canonicalJson(original.after), original.prev_hash);
    db.prepare("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 3").run(forgedHash);
    expect(log.verify().first_bad).toEqual({
      seq: 4,
      problem: 'inserted',
      message: 'entry 4 (model_version.tag by bob) does not follow entry 3: its previous hash does not match, so one of them was inserted or replaced',
    });
  });

  it('names entries added after the recorded head', () => {
    appendChain(5);
    const head = log.list({ limit: 1 }).entries[0];
    const hash = entryHash(6, 1, 'mallory', 'model.delete', 'model', 'churn', null, null, head.hash);
    db.prepare(`INSERT INTO audit_log VALUES (6, 1, 'mallory', 'model.delete', 'model', 'churn', NULL, NULL, ?, ?)`).run(head.hash, hash);
    expect(log.verify().first_bad).toMatchObject({ seq: 6, problem: 'inserted' });
  });

  it('lists newest first with entity filters and paging', () => {
    appendChain();
    const page = log.list({ entityType: 'model_version', entityId: 'churn/1', limit: 4 });
    expect(page.total).toBe(10);
    expect(page.entries.map((entry) => entry.seq)).toEqual([10, 9, 8, 7]);
    const next = log.list({ entityType: 'model_version', entityId: 'churn/1', before: 7, limit: 4 });
    expect(next.entries.map((entry) => entry.seq)).toEqual([6, 5, 4, 3]);
    expect(next.total).toBe(10);
    expect(log.list({ entityId: 'churn/2' }).entries).toHaveLength(10);
    expect(log.list({ entityType: 'model' })).toEqual({ entries: [], total: 0 });
    expect(log.list().entries).toHaveLength(20);
    expect(() => log.list({ limit: 0 })).toThrow(/limit/);
  });

  it('verifies 20,000 entries quickly', () => {
    db.transaction(() => {
      for (let index = 0; index < 20_000; index++) {
        log.append({ actor: 'bench', action: 'model_version.tag', entityType: 'model_version', entityId: `m/${index % 50}`, after: { index } });
      }
    }).immediate();
    const result = log.verify();
    expect(result).toMatchObject({ ok: true, entries: 20_000 });
    expect(result.seconds).toBeLessThan(1);
  });
});
