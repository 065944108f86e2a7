import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../testing/core-process.js';
import { DatabaseOpenError, openDatabase } from './database.js';
import { migrations } from './migrations.js';

const temporary = () => mkdtempSync(path.join(os.tmpdir(), 'mlwb-db-'));

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys at the latest schema version', () => {
    const db = openDatabase(path.join(temporary(), 'workbench.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    const file = path.join(temporary(), 'workbench.db');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(10));
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(file)).toThrow(/not an ML Workbench database.*left untouched/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a damaged database and leaves it untouched', () => {
    const file = path.join(temporary(), 'workbench.db');
    openDatabase(file).close();
    const bytes = readFileSync(file);
    bytes.fill(0xab, 100, bytes.length); // keep the header, wreck every page
    writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrow(/left untouched/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const file = path.join(temporary(), 'workbench.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(new RegExp(`newer ML Workbench \\(schema version ${migrations.length + 5}`));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('keeps a log-batch all-or-nothing when the process is killed in the middle of it', async () => {
    const workspace = temporary();
    // A child process opens the workspace, creates a run, commits one batch, then dies by SIGKILL
    // inside the second batch's transaction: a temporary trigger on its own connection calls a
    // function that kills the process when the 500th metric row of that batch is inserted.
    const script = `
      import { openWorkspace } from './core/workspace/workspace.ts';
      import { TrackingService } from './core/tracking/service.ts';
      const workspace = await openWorkspace(${JSON.stringify(workspace)}, { user: 'killer' });
      const tracking = new TrackingService(workspace);
      const run = tracking.runs.create({ experimentId: 0, user: 'killer' });
      tracking.runs.logBatch(run.run_id, { metrics: Array.from({ length: 1000 }, (_, step) => ({ key: 'committed', value: step, timestamp: 1, step })) });
      process.stdout.write(run.run_id + '\\n');
      workspace.db.function('die_now', () => process.kill(process.pid, 'SIGKILL'));
      workspace.db.exec("CREATE TEMP TRIGGER die AFTER INSERT ON metrics WHEN NEW.key = 'doomed' AND NEW.step = 500 BEGIN SELECT die_now(); END");
      const metrics = Array.from({ length: 1000 }, (_, step) => ({ key: 'doomed', value: step, timestamp: 1, step }));
      tracking.runs.logBatch(run.run_id, { metrics, params: [{ key: 'p', value: '1' }] });
      process.stdout.write('survived');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const runId = child.stdout.trim();
    expect(child.stdout).not.toContain('survived');
    expect(runId).toMatch(/^[0-9a-f]{32}$/);

    const db = openDatabase(path.join(workspace, 'workbench.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const counts = db.prepare('SELECT key, COUNT(*) AS count FROM metrics WHERE run_id = ? GROUP BY key').all(runId);
    expect(counts).toEqual([{ key: 'committed', count: 1000 }]);
    expect(db.prepare('SELECT COUNT(*) AS count FROM params WHERE run_id = ?').get(runId)).toEqual({ count: 0 });
    db.close();
  });
});
