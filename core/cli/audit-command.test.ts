import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../registry/audit-log.js';
import { openDatabase } from '../workspace/database.js';
import { workspacePaths } from '../workspace/paths.js';
import { runCli } from '../testing/core-process.js';

let workspace: string;
const cli = (...args: string[]) => runCli([...args, '--workspace', workspace], { MLWB_USER: 'cli-user' });

/** Writes through the log the way the registry does, then lets a test tamper with raw SQL. */
function withDatabase(work: (db: ReturnType<typeof openDatabase>, log: AuditLog) => void): void {
  const db = openDatabase(workspacePaths(workspace).database);
  try {
    work(db, new AuditLog(db));
  } finally {
    db.close();
  }
}

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'mlwb-audit-cli-'));
  withDatabase((_db, log) => {
    for (let index = 1; index <= 6; index++) {
      log.append({ actor: index === 4 ? 'bob' : 'alice', action: index === 4 ? 'model_version.approve' : 'model_version.set_tag', entityType: 'model_version', entityId: `churn/${index <= 3 ? 1 : 2}`, after: { step: index } });
    }
  });
});

describe('mlwb audit', () => {
  it('verifies an intact log and exits 0', async () => {
    const human = await cli('audit', 'verify');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Audit log verified: 6 entries, head #6 [0-9a-f]{12}…/);
    const json = await cli('audit', 'verify', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, entries: 6, first_bad: null, head: { seq: 6 } });
  });

  it('names the edited entry and exits 1', async () => {
    withDatabase((db) => db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4").run());
    const human = await cli('audit', 'verify');
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('entry 4 (model_version.approve by mallory) was edited');
    const json = await cli('audit', 'verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, first_bad: { seq: 4, problem: 'edited' } });
  });

  it('names deleted entries and exits 1', async () => {
    withDatabase((db) => db.prepare('DELETE FROM audit_log WHERE seq IN (2, 3)').run());
    const result = await cli('audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("entries 2–3 are missing: entry 4's previous hash does not match entry 1");
  });

  it('lists entries newest first, filtered by entity', async () => {
    const listed = await cli('audit', 'list', '--entity', 'model_version:churn/1');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SEQ\s+TIME\s+ACTOR\s+ACTION\s+ENTITY\s+CHANGE$/);
    expect(lines.slice(2, 5).map((line) => line.split(/\s+/)[0])).toEqual(['3', '2', '1']);
    expect(lines[2]).toMatch(/alice\s+model_version\.set_tag\s+model_version:churn\/1\s+\{"step":3\}/);
    const json = JSON.parse((await cli('audit', 'list', '--limit', '2', '--json')).stdout);
    expect(json.total).toBe(6);
    expect(json.entries.map((entry: { seq: number }) => entry.seq)).toEqual([6, 5]);
  });

  it('rejects a bad limit with exit code 2', async () => {
    const result = await cli('audit', 'list', '--limit', 'many');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--limit expects a positive whole number, got 'many'");
  });
});
