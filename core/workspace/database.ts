import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { migrations } from './migrations.js';

export type Sqlite = Database.Database;

/** A workspace database that cannot be opened safely; the file is left exactly as it was. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

const sqliteHeader = 'SQLite format 3\0';

/**
 * Opens (creating if absent) the workspace database: WAL, foreign keys, and any pending
 * migrations in one transaction each. A file that is not SQLite, is damaged, or was written by a
 * newer version is refused before anything writes to it (switching to WAL would already write).
 */
export function openDatabase(file: string, latestVersion = migrations.length): Sqlite {
  if (existsSync(file)) inspectExisting(file, latestVersion);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // Refreshes planner statistics where they are stale (cheap when nothing changed).
  db.pragma('optimize = 0x10002');
  migrate(db, latestVersion);
  return db;
}

function inspectExisting(file: string, latestVersion: number): void {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  let bytesRead: number;
  try {
    bytesRead = readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (bytesRead === 0) return; // an empty file is a database SQLite has not written yet
  if (bytesRead < 16 || header.toString('latin1') !== sqliteHeader) {
    throw new DatabaseOpenError(`${file} is not an ML Workbench database (no SQLite header); it was left untouched. Move it away or choose another workspace.`);
  }
  let probe: Sqlite | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > latestVersion) {
      throw new DatabaseOpenError(
        `${file} was written by a newer ML Workbench (schema version ${version}; this version knows up to ${latestVersion}); it was left untouched. Upgrade ML Workbench to open it.`,
      );
    }
    const check = probe.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseOpenError(`${file} is damaged (${String(check)}); it was left untouched. Restore it from a backup.`);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(`${file} cannot be read as a database (${(error as Error).message}); it was left untouched.`);
  } finally {
    probe?.close();
  }
}

function migrate(db: Sqlite, latestVersion: number): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < latestVersion; version++) {
    db.transaction(() => {
      db.exec(migrations[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
