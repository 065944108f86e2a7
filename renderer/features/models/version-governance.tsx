import { useState } from 'react';
import type { VersionDetailResponse } from '../../../core/api/registry-contract';
import { requireRegistry } from '../../stores/models-store';
import { EmptyState } from '../../ui/empty-state';
import { ReviewPanel } from '../governance/review-panel';
import { reviewHref } from '../governance/governance-hrefs';
import { submittableStates } from './versions-table';

/** The version's latest review, and the way (back) into review when it has none that counts. */
export function VersionGovernance({ detail, onChanged }: { detail: VersionDetailResponse; onChanged: () => void }) {
  const { version, review } = detail;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSubmit = submittableStates.has(version.approval);

  const submit = async () => {
    setBusy(true);
    try {
      await requireRegistry().submit(version.name, version.version, { handledInline: (failure) => failure.status === 400 || failure.status === 409 });
      setError(null);
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const submitButton = canSubmit && (
    <button type="button" className="button button-primary" onClick={() => void submit()} disabled={busy} data-testid="submit-review-button">
      {busy ? 'Submitting…' : review ? 'Submit again for review' : 'Submit for review'}
    </button>
  );

  return (
    <div className="version-governance">
      {error && (
        <p className="field-error" role="alert" data-testid="submit-error">
          {error}
        </p>
      )}
      {review ? (
        <>
          <div className="governance-actions">
            {submitButton}
            <a className="button button-ghost" href={reviewHref(review.review_id)}>
              Open in the governance queue
            </a>
          </div>
          <ReviewPanel review={review} onDecided={onChanged} />
        </>
      ) : (
        <section className="card">
          <EmptyState icon="checkCircle" title="Not submitted for review" actions={submitButton}>
            <p>
              Submitting runs the policy's checks (performance, bias, security, compliance, quality) in the background. Depending on the
              policy the version is then approved automatically or waits for a reviewer other than you. Only approved versions may carry
              protected aliases such as <code>champion</code>.
            </p>
          </EmptyState>
        </section>
      )}
    </div>
  );
}
