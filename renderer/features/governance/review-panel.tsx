import type { ReviewDetail } from '../../../core/api/registry-contract';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { ApprovalBadge } from '../models/approval-badge';
import { CheckList, VerdictCounts } from './check-list';
import { ReviewDecisionForm } from './review-decision-form';
import './governance.css';

/** One review: who submitted it under which policy, the decision if any, every check, and the decision form. */
export function ReviewPanel({ review, onDecided }: { review: ReviewDetail; onDecided: (review: ReviewDetail) => void }) {
  const now = Date.now();
  return (
    <div className="review-panel">
      <section className="card">
        <div className="card-header">
          <h2>Review #{review.review_id}</h2>
          <ApprovalBadge state={review.state} testId="review-state" />
        </div>
        <div className="card-body review-facts">
          <dl className="detail-facts">
            <div>
              <dt>Submitted</dt>
              <dd title={formatTimestamp(review.submitted_time)}>
                {formatRelativeTime(review.submitted_time, now)} <span className="faint">by {review.submitted_by}</span>
              </dd>
            </div>
            <div>
              <dt>Policy</dt>
              <dd className="numeric">v{review.policy_version}</dd>
            </div>
            <div>
              <dt>Model revision</dt>
              <dd className="numeric">{review.revision}</dd>
            </div>
            <div>
              <dt>Checks</dt>
              <dd>
                <VerdictCounts verdicts={review.verdicts} />
              </dd>
            </div>
            {review.decided_by && (
              <div>
                <dt>Decided</dt>
                <dd title={formatTimestamp(review.decided_time)}>
                  {review.decided_time ? formatRelativeTime(review.decided_time, now) : '—'} <span className="faint">by {review.decided_by}</span>
                </dd>
              </div>
            )}
            {review.auto_approved && (
              <div>
                <dt>Approval</dt>
                <dd>automatic: every check passed</dd>
              </div>
            )}
          </dl>
          {!review.current && (
            <p className="review-stale muted" data-testid="review-stale">
              <Icon name="info" size={14} /> The version or the policy changed after this review; it no longer speaks for the version.
            </p>
          )}
          {review.comment && (
            <blockquote className="review-comment-text" data-testid="review-decision-comment">
              {review.comment}
            </blockquote>
          )}
          {review.error && (
            <p className="field-error" role="alert">
              The checks could not run: {review.error}
            </p>
          )}
          {review.state === 'checking' && (
            <p className="muted review-checking">
              <span className="spinner" /> Running the policy's checks…
            </p>
          )}
        </div>
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Checks</h2>
          <span className="faint numeric">{review.checks.length}</span>
        </div>
        <CheckList checks={review.checks} />
      </section>
      {review.state === 'pending_review' && (
        <section className="card">
          <div className="card-header">
            <h2>Decision</h2>
          </div>
          <div className="card-body">
            <ReviewDecisionForm review={review} onDecided={onDecided} />
          </div>
        </section>
      )}
    </div>
  );
}
