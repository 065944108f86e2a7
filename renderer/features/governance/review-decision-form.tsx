import { useState, type FormEvent } from 'react';
import type { ReviewDetail, ReviewSummary } from '../../../core/api/registry-contract';
import { requireRegistry } from '../../stores/models-store';
import { useSessionStore } from '../../stores/session-store';
import { showSuccessToast } from '../../stores/toast-store';

export interface DecisionBlockers {
  approve: string | null;
  reject: string | null;
}

/**
 * Why the current user may not approve or reject, null where they may. The submitter may still
 * reject (withdraw) their own submission; only approving it needs a second person.
 */
export function decisionBlockers(review: Pick<ReviewSummary, 'state' | 'submitted_by' | 'current'>, user: string | undefined): DecisionBlockers {
  if (review.state !== 'pending_review') return { approve: null, reject: null };
  if (!review.current) {
    const stale = 'The version or the policy changed since this review: submit it again.';
    return { approve: stale, reject: stale };
  }
  const ownSubmission = user !== undefined && user === review.submitted_by;
  return {
    approve: ownSubmission ? 'You submitted this version, so someone else has to approve it (separation of duties).' : null,
    reject: null,
  };
}

/**
 * Approve or reject a pending review with a comment. The submitter sees Approve disabled with the
 * reason; the core refuses it too (403), and that message is shown if it comes.
 */
export function ReviewDecisionForm({ review, onDecided }: { review: ReviewSummary; onDecided: (review: ReviewDetail) => void }) {
  const user = useSessionStore((state) => state.info?.user);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  if (review.state !== 'pending_review') return null;
  const blockers = decisionBlockers(review, user);
  const blocker = blockers.approve ?? blockers.reject;

  const decide = async (decision: 'approve' | 'reject') => {
    const trimmed = comment.trim();
    if (!trimmed) {
      setError('A review needs a comment: say what you checked or why you reject it.');
      return;
    }
    setBusy(decision);
    try {
      const decided = await requireRegistry().review(review.name, review.version, { decision, comment: trimmed }, { handledInline: (failure) => failure.status === 400 || failure.status === 403 || failure.status === 409 });
      setComment('');
      setError(null);
      showSuccessToast(`${decision === 'approve' ? 'Approved' : 'Rejected'} ${review.name} v${review.version}`);
      onDecided(decided);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(null);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blockers.approve === null) void decide('approve');
  };

  return (
    <form className="review-decision" onSubmit={submit} data-testid="review-decision">
      <label className="field">
        <span className="field-label">Review comment</span>
        <textarea
          className="input textarea"
          rows={3}
          maxLength={5000}
          value={comment}
          placeholder="What you checked, what convinced you, or what has to change"
          disabled={blockers.approve !== null && blockers.reject !== null}
          aria-invalid={error ? true : undefined}
          data-testid="review-comment"
          onChange={(event) => {
            setComment(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            // Ctrl+Enter approves, as Enter submits a one-line form.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
          }}
        />
      </label>
      {blocker && (
        <p className="decision-blocked muted" data-testid="decision-blocked">
          {blocker}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="review-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={blockers.approve !== null || busy !== null} title={blockers.approve ?? undefined} data-testid="approve-button">
          {busy === 'approve' ? 'Approving…' : 'Approve'}
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={blockers.reject !== null || busy !== null}
          title={blockers.reject ?? undefined}
          onClick={() => void decide('reject')}
          data-testid="reject-button"
        >
          {busy === 'reject' ? 'Rejecting…' : 'Reject'}
        </button>
      </div>
    </form>
  );
}
