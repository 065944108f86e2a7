import os from 'node:os';
import type { Sqlite } from './database.js';

/**
 * Who is acting: `--user` / MLWB_USER, else the workspace's configured name, else the OS user.
 * Recorded on everything a person creates (runs, experiments, uploads) for audit.
 */
export function resolveIdentity(db: Sqlite, explicit?: string, env = process.env): string {
  const chosen = explicit?.trim() || env.MLWB_USER?.trim();
  if (chosen) return chosen;
  const configured = db.prepare(`SELECT value FROM settings WHERE key = 'user.name'`).get() as { value: string } | undefined;
  if (configured?.value) return configured.value;
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return env.USER || env.USERNAME || 'unknown';
  }
}
