// Policy versions on a real workspace database: seeded once, each change a new version with its
// audit entry, and a bad document changes nothing.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../api/errors.js';
import { openDatabase, type Sqlite } from '../workspace/database.js';
import { AuditLog } from './audit-log.js';
import { defaultPolicyDocument } from './policy.js';
import { PolicyStore } from './policy-store.js';

let folder: string;
let db: Sqlite;
let audit: AuditLog;
let store: PolicyStore;

const stricter = defaultPolicyDocument.replace('threshold: 0.70', 'threshold: 0.75');
const policyEntries = () => audit.list({ entityType: 'policy' }).entries;

beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-policy-'));
  db = openDatabase(path.join(folder, 'workbench.db'));
  audit = new AuditLog(db);
  store = new PolicyStore(db, audit);
});
afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('PolicyStore', () => {
  it('starts a workspace with the default policy as version 1, once', () => {
    const first = store.current();
    expect(first).toMatchObject({ version: 1, document: defaultPolicyDocument, created_by: 'system', sha256: createHash('sha256').update(defaultPolicyDocument).digest('hex') });
    expect(first.policy.checks.performance?.threshold).toBe(0.7);
    expect(new PolicyStore(db, audit).current().version).toBe(1);
    expect(store.versions().versions).toHaveLength(1);
    expect(policyEntries().map((entry) => [entry.action, entry.actor])).toEqual([['policy.create', 'system']]);
  });

  it('stores a changed policy as the next version and audits the change', () => {
    const original = store.current();
    const updated = store.set(stricter, 'alice');
    expect(updated).toMatchObject({ version: 2, created_by: 'alice', document: stricter });
    expect(updated.policy.checks.performance?.threshold).toBe(0.75);
    expect(store.current().version).toBe(2);
    expect(store.get(1).policy.checks.performance?.threshold).toBe(0.7);
    expect(store.versions().versions.map((version) => [version.version, version.created_by])).toEqual([
      [2, 'alice'],
      [1, 'system'],
    ]);
    const [entry] = policyEntries();
    expect(entry).toMatchObject({
      actor: 'alice',
      action: 'policy.update',
      before: { version: 1, sha256: original.sha256 },
      after: { version: 2, sha256: updated.sha256 },
    });
    expect(audit.verify().ok).toBe(true);
  });

  it('keeps the old policy when the new one is invalid, and says where it is wrong', () => {
    store.current();
    const broken = 'checks:\n  performance:\n    metric: roc_auc\n    threshold: [0.7\n';
    let thrown: unknown;
    try {
      store.set(broken, 'alice');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).message).toMatch(/^policy line \d+, column \d+: YAML syntax/);
    expect((thrown as ValidationError).details).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(() => store.set('checks:\n  performance: {metric: roc_auc, threshold: 0.7}\n', 'alice')).toThrow(/evaluation is required/);
    expect(store.current().version).toBe(1);
    expect(policyEntries()).toHaveLength(1);
  });

  it('does not make a new version for the same text', () => {
    store.set(stricter, 'alice');
    const again = store.set(stricter, 'bob');
    expect(again).toMatchObject({ version: 2, created_by: 'alice' });
    expect(store.versions().versions).toHaveLength(2);
    expect(policyEntries()).toHaveLength(2);
  });

  it('sees versions another process stored, and names a missing version', () => {
    store.current();
    new PolicyStore(db, audit).set(stricter, 'carol');
    expect(store.current()).toMatchObject({ version: 2, created_by: 'carol' });
    expect(() => store.get(7)).toThrow(NotFoundError);
    expect(() => store.get(7)).toThrow('Policy version 7 does not exist');
  });
});
