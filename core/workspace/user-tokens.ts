// Tokens for the other people who use a workspace's server (a reviewer approving what a data
// scientist submitted must be someone else, so each needs an identity of their own). Only the
// sha256 of a token is stored: the database never holds a usable credential.
import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { Sqlite } from './database.js';

export interface UserTokenSummary {
  user: string;
  tokens: number;
  created_time: number;
  created_by: string;
}

const userNamePattern = /^[\w.@-]{1,100}$/;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class UserTokens {
  constructor(private readonly db: Sqlite) {}

  /** Creates a token for `user` (or stores the given one) and returns it; it is shown only now. */
  add(user: string, createdBy: string, token = randomBytes(24).toString('base64url')): string {
    if (!userNamePattern.test(user)) throw new ValidationError(`User name '${user}' must be 1–100 letters, digits, '.', '@', '_' or '-'.`, { field: 'user' });
    if (token.length < 16) throw new ValidationError('A token must be at least 16 characters long.', { field: 'token' });
    this.db.prepare('INSERT OR REPLACE INTO user_tokens (token_sha256, user, created_time, created_by) VALUES (?, ?, ?, ?)').run(digest(token), user, Date.now(), createdBy);
    return token;
  }

  list(): UserTokenSummary[] {
    return this.db
      .prepare('SELECT user, COUNT(*) AS tokens, MIN(created_time) AS created_time, MIN(created_by) AS created_by FROM user_tokens GROUP BY user ORDER BY user')
      .all() as UserTokenSummary[];
  }

  /** Revokes every token of `user`. */
  remove(user: string): number {
    const removed = this.db.prepare('DELETE FROM user_tokens WHERE user = ?').run(user).changes;
    if (removed === 0) throw new NotFoundError(`User '${user}' has no tokens.`);
    return removed;
  }

  userFor(token: string): string | undefined {
    const row = this.db.prepare('SELECT user FROM user_tokens WHERE token_sha256 = ?').get(digest(token)) as { user: string } | undefined;
    return row?.user;
  }
}
