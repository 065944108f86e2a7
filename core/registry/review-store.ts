// Reviews and their check results, and the one rule that turns the latest review into a
// version's approval state: an approval counts only for the revision and policy it was given for.
import type { ApprovalState, ReviewDetail, ReviewSummary } from '../api/registry-contract.js';
import { NotFoundError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import { versionKey, type VersionRow } from './registry-store.js';
import type { CheckResult } from './types.js';

export interface ReviewRow {
  review_id: number;
  name: string;
  version: number;
  revision: number;
  policy_version: number;
  model_sha256: string | null;
  submitted_by: string;
  submitted_time: number;
  state: ReviewSummary['state'];
  auto_approved: number;
  decided_by: string | null;
  decided_time: number | null;
  comment: string | null;
  error: string | null;
}

export function isCurrent(review: ReviewRow, version: Pick<VersionRow, 'revision' | 'sha256'>, policyVersion: number): boolean {
  return review.revision === version.revision && review.policy_version === policyVersion && review.model_sha256 === version.sha256;
}

export function approvalState(review: ReviewRow | undefined, version: Pick<VersionRow, 'revision' | 'sha256'>, policyVersion: number): ApprovalState {
  if (!review) return 'not_submitted';
  if (review.state === 'checking' || review.state === 'rejected' || review.state === 'failed') return review.state;
  return isCurrent(review, version, policyVersion) ? review.state : 'expired';
}

export class ReviewStore {
  constructor(private readonly db: Sqlite) {}

  insert(input: { name: string; version: number; revision: number; policyVersion: number; sha256: string | null; user: string; now?: number }): ReviewRow {
    const result = this.db
      .prepare(`INSERT INTO reviews (name, version, revision, policy_version, model_sha256, submitted_by, submitted_time, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'checking')`)
      .run(input.name, input.version, input.revision, input.policyVersion, input.sha256, input.user, input.now ?? Date.now());
    return this.get(Number(result.lastInsertRowid));
  }

  get(reviewId: number): ReviewRow {
    const row = this.db.prepare('SELECT * FROM reviews WHERE review_id = ?').get(reviewId) as ReviewRow | undefined;
    if (!row) throw new NotFoundError(`Review ${reviewId} not found`);
    return row;
  }

  /** The newest review of each given version. */
  latest(versions: Array<{ name: string; version: number }>): Map<string, ReviewRow> {
    if (versions.length === 0) return new Map();
    const rows = this.db
      .prepare(
        `SELECT r.* FROM reviews r
         JOIN (SELECT name, version, MAX(review_id) AS review_id FROM reviews
               WHERE name || char(0) || version IN (SELECT value FROM json_each(?)) GROUP BY name, version) newest
           ON newest.review_id = r.review_id`,
      )
      .all(JSON.stringify(versions.map((row) => versionKey(row.name, row.version)))) as ReviewRow[];
    return new Map(rows.map((row) => [versionKey(row.name, row.version), row]));
  }

  list(state: string | undefined, limit = 200): ReviewRow[] {
    // Pending reviews first (the queue), then the rest, newest first.
    return (
      state
        ? this.db.prepare('SELECT * FROM reviews WHERE state = ? ORDER BY review_id DESC LIMIT ?').all(state, limit)
        : this.db.prepare(`SELECT * FROM reviews ORDER BY state = 'pending_review' DESC, review_id DESC LIMIT ?`).all(limit)
    ) as ReviewRow[];
  }

  checks(reviewId: number): CheckResult[] {
    const rows = this.db.prepare('SELECT * FROM review_checks WHERE review_id = ? ORDER BY position').all(reviewId) as Array<{
      check_name: string;
      category: CheckResult['category'];
      verdict: CheckResult['verdict'];
      summary: string;
      inputs: string;
      numbers: string;
      duration_ms: number;
    }>;
    return rows.map((row) => ({
      name: row.check_name,
      category: row.category,
      verdict: row.verdict,
      summary: row.summary,
      inputs: JSON.parse(row.inputs) as Record<string, unknown>,
      numbers: JSON.parse(row.numbers) as Record<string, unknown>,
      duration_ms: row.duration_ms,
    }));
  }

  verdictCounts(reviewIds: number[]): Map<number, ReviewSummary['verdicts']> {
    const rows = this.db
      .prepare('SELECT review_id, verdict, COUNT(*) AS count FROM review_checks WHERE review_id IN (SELECT value FROM json_each(?)) GROUP BY review_id, verdict')
      .all(JSON.stringify(reviewIds)) as Array<{ review_id: number; verdict: CheckResult['verdict']; count: number }>;
    const result = new Map<number, ReviewSummary['verdicts']>();
    for (const row of rows) result.set(row.review_id, { ...result.get(row.review_id), [row.verdict]: row.count });
    return result;
  }

  saveChecks(reviewId: number, checks: CheckResult[]): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO review_checks (review_id, check_name, category, verdict, summary, inputs, numbers, duration_ms, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    checks.forEach((check, position) =>
      insert.run(reviewId, check.name, check.category, check.verdict, check.summary, JSON.stringify(check.inputs), JSON.stringify(check.numbers), check.duration_ms, position),
    );
  }

  finish(reviewId: number, update: { state: ReviewRow['state']; autoApproved?: boolean; decidedBy?: string; comment?: string; error?: string; now?: number }): ReviewRow {
    const decided = update.state === 'approved' || update.state === 'rejected';
    this.db
      .prepare('UPDATE reviews SET state = ?, auto_approved = ?, decided_by = ?, decided_time = ?, comment = ?, error = ? WHERE review_id = ?')
      .run(update.state, update.autoApproved ? 1 : 0, decided ? (update.decidedBy ?? null) : null, decided ? (update.now ?? Date.now()) : null, update.comment ?? null, update.error ?? null, reviewId);
    return this.get(reviewId);
  }

  /** Reviews left `checking` by a process that died mid-check cannot finish any more. */
  failAbandoned(olderThanMs: number, now = Date.now()): number {
    return this.db
      .prepare(`UPDATE reviews SET state = 'failed', error = 'The checks stopped before finishing (the process ended); submit again.' WHERE state = 'checking' AND submitted_time < ?`)
      .run(now - olderThanMs).changes;
  }
}

export function toReviewSummary(row: ReviewRow, verdicts: ReviewSummary['verdicts'], current: boolean): ReviewSummary {
  return {
    review_id: row.review_id,
    name: row.name,
    version: row.version,
    revision: row.revision,
    policy_version: row.policy_version,
    submitted_by: row.submitted_by,
    submitted_time: row.submitted_time,
    state: row.state,
    auto_approved: row.auto_approved === 1,
    decided_by: row.decided_by,
    decided_time: row.decided_time,
    comment: row.comment,
    error: row.error,
    verdicts,
    current,
  };
}

export function toReviewDetail(summary: ReviewSummary, checks: CheckResult[]): ReviewDetail {
  return { ...summary, checks };
}
