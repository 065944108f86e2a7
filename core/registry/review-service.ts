// The review workflow: submit → checks on the worker pool → approved (all pass and the policy
// auto-approves) or pending_review → a person other than the submitter approves or rejects, with
// a comment. Every step is audited; an approval holds only for the revision and policy it saw.
import { readFileSync } from 'node:fs';
import type { ReviewDetail, ReviewSummary } from '../api/registry-contract.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../api/errors.js';
import { DatasetStore } from '../datasets/dataset-store.js';
import { joinPath, storagePrefix } from '../tracking/artifacts.js';
import { runGovernanceChecks, type CheckSubject } from './checks/run-checks.js';
import type { VersionRow } from './registry-store.js';
import { versionKey } from './registry-store.js';
import type { RegistryService } from './registry-service.js';
import { isCurrent, toReviewDetail, toReviewSummary, type ReviewRow } from './review-store.js';
import type { GovernancePolicy, ModelScan } from './types.js';

// A review still `checking` after this long belongs to a process that died mid-check.
const abandonedCheckMs = 30 * 60 * 1000;

export class ReviewService {
  constructor(private readonly registry: RegistryService) {}

  private get db() {
    return this.registry.db;
  }

  /**
   * Records the submission and returns it with `run`, which performs the checks and settles the
   * review (the server runs it as a background job, the CLI awaits it).
   */
  submit(name: string, version: number, user: string): { review: ReviewSummary; run: () => Promise<ReviewDetail> } {
    const { store, reviews, audit, policies } = this.registry;
    reviews.failAbandoned(abandonedCheckMs);
    const review = this.registry.write(() => {
      const row = store.version(name, version);
      if (row.status !== 'READY') throw new ConflictError(`Version ${version} of ${name} is ${row.status}: ${row.status_message || 'it is not ready'}; nothing can be checked.`, undefined, 'RESOURCE_CONFLICT');
      if (!row.sha256) throw new ConflictError(`Version ${version} of ${name} has no ONNX model to check (source ${row.source}); register an ONNX model to submit it.`, undefined, 'RESOURCE_CONFLICT');
      const latest = reviews.latest([row]).get(versionKey(name, version));
      if (latest?.state === 'checking') throw new ConflictError(`Version ${version} of ${name} is already being checked (review ${latest.review_id}).`, undefined, 'RESOURCE_CONFLICT');
      const policy = policies.current();
      const inserted = reviews.insert({ name, version, revision: row.revision, policyVersion: policy.version, sha256: row.sha256, user });
      audit.append({ actor: user, action: 'review.submit', entityType: 'model_version', entityId: `${name}/${version}`, after: { review_id: inserted.review_id, policy_version: policy.version, revision: row.revision } });
      return inserted;
    });
    return { review: this.summary(review), run: () => this.check(review) };
  }

  private async check(review: ReviewRow): Promise<ReviewDetail> {
    const { store, reviews, audit, policies } = this.registry;
    try {
      const policy = policies.get(review.policy_version).policy;
      const row = store.version(review.name, review.version);
      const checks = await runGovernanceChecks(
        { policy, candidate: this.subject(row), champion: this.champion(row, policy), evaluation: this.evaluation(policy) },
        this.registry.workspace.pool,
      );
      const passed = checks.every((check) => check.verdict === 'pass' || check.verdict === 'skipped');
      const approved = passed && policy.auto_approve;
      const settled = this.registry.write(() => {
        reviews.saveChecks(review.review_id, checks);
        const finished = reviews.finish(review.review_id, approved ? { state: 'approved', autoApproved: true, decidedBy: 'policy', comment: `All checks passed under policy version ${review.policy_version}.` } : { state: 'pending_review' });
        const failing = checks.filter((check) => check.verdict === 'fail' || check.verdict === 'error').map((check) => check.name);
        audit.append({
          actor: 'policy',
          action: approved ? 'review.auto_approve' : 'review.hold',
          entityType: 'model_version',
          entityId: `${review.name}/${review.version}`,
          before: { state: 'checking' },
          after: { review_id: review.review_id, state: finished.state, failing },
        });
        return finished;
      });
      return toReviewDetail(this.summary(settled), checks);
    } catch (error) {
      const message = (error as Error).message;
      this.registry.write(() => {
        reviews.finish(review.review_id, { state: 'failed', error: message });
        audit.append({ actor: 'policy', action: 'review.fail', entityType: 'model_version', entityId: `${review.name}/${review.version}`, before: { state: 'checking' }, after: { review_id: review.review_id, error: message } });
      });
      throw error;
    }
  }

  decide(name: string, version: number, decision: 'approve' | 'reject', comment: string, user: string): ReviewDetail {
    const { store, reviews, audit, policies } = this.registry;
    if (!comment.trim()) throw new ValidationError('A review decision needs a comment.', { field: 'comment' });
    const decided = this.registry.write(() => {
      const row = store.version(name, version);
      const review = reviews.latest([row]).get(versionKey(name, version));
      if (!review) throw new ConflictError(`Version ${version} of ${name} has not been submitted for review.`, undefined, 'RESOURCE_CONFLICT');
      if (review.state === 'checking') throw new ConflictError(`The checks of version ${version} of ${name} are still running.`, undefined, 'RESOURCE_CONFLICT');
      if (!isCurrent(review, row, policies.current().version)) {
        throw new ConflictError(`Review ${review.review_id} is out of date: the version or the policy changed since it was submitted. Submit version ${version} again.`, undefined, 'RESOURCE_CONFLICT');
      }
      if (decision === 'approve' && review.submitted_by === user) {
        throw new ForbiddenError(`${user} submitted version ${version} of ${name} for review and cannot approve it; another person must.`);
      }
      const allowed = review.state === 'pending_review' || (review.state === 'approved' && decision === 'reject');
      if (!allowed) throw new ConflictError(`Review ${review.review_id} is ${review.state.replace('_', ' ')}; there is nothing to ${decision}.`, undefined, 'RESOURCE_CONFLICT');
      const finished = reviews.finish(review.review_id, { state: decision === 'approve' ? 'approved' : 'rejected', decidedBy: user, comment: comment.trim() });
      audit.append({
        actor: user,
        action: decision === 'approve' ? 'review.approve' : 'review.reject',
        entityType: 'model_version',
        entityId: `${name}/${version}`,
        before: { state: review.state },
        after: { review_id: review.review_id, state: finished.state, comment: comment.trim() },
      });
      return finished;
    });
    return this.detail(decided);
  }

  list(state?: string): ReviewSummary[] {
    const rows = this.registry.reviews.list(state);
    const verdicts = this.registry.reviews.verdictCounts(rows.map((row) => row.review_id));
    return rows.map((row) => this.summary(row, verdicts.get(row.review_id)));
  }

  get(reviewId: number): ReviewDetail {
    return this.detail(this.registry.reviews.get(reviewId));
  }

  private detail(row: ReviewRow): ReviewDetail {
    return toReviewDetail(this.summary(row), this.registry.reviews.checks(row.review_id));
  }

  private summary(row: ReviewRow, verdicts?: ReviewSummary['verdicts']): ReviewSummary {
    const version = this.db.prepare('SELECT revision, sha256 FROM model_versions WHERE name = ? AND version = ?').get(row.name, row.version) as Pick<VersionRow, 'revision' | 'sha256'> | undefined;
    const current = version !== undefined && isCurrent(row, version, this.registry.policies.current().version);
    return toReviewSummary(row, verdicts ?? this.registry.reviews.verdictCounts([row.review_id]).get(row.review_id) ?? {}, current);
  }

  private subject(row: VersionRow): CheckSubject {
    const { store, workspace } = this.registry;
    const model = store.model(row.name);
    const tags = { ...store.modelTags([row.name]).get(row.name), ...store.versionTags([row]).get(versionKey(row.name, row.version)) };
    return {
      name: row.name,
      version: row.version,
      file: workspace.artifacts.objectPath(row.sha256!),
      registeredSha256: row.sha256!,
      scan: JSON.parse(row.inspection!) as ModelScan,
      tags,
      description: row.description || model.description,
      importance: this.importance(row),
    };
  }

  /** The permutation importance the trainer stored with the run, by feature. */
  private importance(row: VersionRow): Record<string, number> | undefined {
    if (!row.run_id) return undefined;
    try {
      const prefix = storagePrefix(this.registry.tracking.runs.get(row.run_id).artifact_uri);
      if (prefix === null) return undefined;
      const file = this.registry.tracking.artifacts.file(joinPath(prefix, 'feature_importance.json'));
      // A few KiB of JSON: read synchronously while gathering the check inputs.
      const entries = JSON.parse(readFileSync(this.registry.workspace.artifacts.objectPath(file.sha256), 'utf8')) as Array<{ feature: string; permutation_mean: number }>;
      return Object.fromEntries(entries.map((entry) => [entry.feature, entry.permutation_mean]));
    } catch {
      return undefined;
    }
  }

  private champion(row: VersionRow, policy: GovernancePolicy): CheckSubject | undefined {
    const alias = policy.checks.performance?.champion_alias ?? 'champion';
    const version = this.registry.store.aliasVersion(row.name, alias);
    if (version === undefined || version === row.version) return undefined;
    const champion = this.registry.store.version(row.name, version);
    return champion.sha256 && champion.inspection ? this.subject(champion) : undefined;
  }

  private evaluation(policy: GovernancePolicy): { label: string; file: string; columns: string[] } | undefined {
    if (!policy.evaluation) return undefined;
    const { dataset, version } = policy.evaluation;
    let record;
    try {
      record = new DatasetStore(this.db).version(dataset, version);
    } catch (error) {
      const wanted = version === undefined ? `'${dataset}'` : `'${dataset}' version ${version}`;
      throw new NotFoundError(`The policy scores models on dataset ${wanted}, which this workspace does not have: import it (mlwb datasets import FILE --name ${dataset}) or change evaluation.dataset in the policy.`, { cause: (error as Error).message });
    }
    return {
      label: `${record.name}:${record.version}`,
      file: this.registry.workspace.artifacts.objectPath(record.sha256),
      columns: record.schema.map((column) => column.name),
    };
  }
}
