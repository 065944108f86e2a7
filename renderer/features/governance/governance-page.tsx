import { useEffect } from 'react';
import { useGovernanceStore } from '../../stores/governance-store';
import { EmptyState } from '../../ui/empty-state';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { navigate } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { AuditPanel } from './audit-panel';
import { auditHref, governanceHref, policyHref, reviewHref } from './governance-hrefs';
import { PolicyPanel } from './policy-panel';
import { ReviewQueue } from './review-queue';
import { ReviewView } from './review-view';
import '../../styles/two-pane.css';
import '../../styles/detail-page.css';
import '../models/models.css';
import './governance.css';

type GovernanceView = 'reviews' | 'policy' | 'audit';

const views: Array<{ view: GovernanceView; label: string; href: string }> = [
  { view: 'reviews', label: 'Reviews', href: governanceHref },
  { view: 'policy', label: 'Policy', href: policyHref },
  { view: 'audit', label: 'Audit trail', href: auditHref },
];

/** Routes: #/governance, #/governance/reviews/:reviewId, and #/governance/:view for the policy and the audit trail. */
export function GovernancePage({ params }: PageProps) {
  const view = views.find((entry) => entry.view === (params.view ?? 'reviews'))?.view;
  if (!view) {
    return (
      <div className="page-center">
        <EmptyState icon="search" title="No such governance page">
          <p>
            Governance has <a className="link" href={governanceHref}>reviews</a>, the <a className="link" href={policyHref}>policy</a> and the{' '}
            <a className="link" href={auditHref}>audit trail</a>.
          </p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="governance-page" data-testid="governance-page">
      <nav className="tab-bar governance-tabs" aria-label="Governance sections">
        {views.map((entry) => (
          <a key={entry.view} className="tab" href={entry.href} aria-current={entry.view === view ? 'page' : undefined} data-testid={`governance-tab-${entry.view}`}>
            {entry.label}
          </a>
        ))}
      </nav>
      <div className="governance-body">
        {view === 'reviews' && <ReviewsView reviewId={params.reviewId} />}
        {view === 'policy' && <PolicyPanel />}
        {view === 'audit' && <AuditPanel />}
      </div>
    </div>
  );
}

function ReviewsView({ reviewId }: { reviewId: string | undefined }) {
  const reviews = useGovernanceStore((state) => state.reviews);
  const status = useGovernanceStore((state) => state.reviewsStatus);
  const filter = useGovernanceStore((state) => state.reviewFilter);
  const load = useGovernanceStore((state) => state.loadReviews);
  const activeId = reviewId !== undefined && /^\d{1,12}$/.test(reviewId) ? Number(reviewId) : null;

  useEffect(() => {
    void load();
  }, [load]);

  // The queue opens the first review (a pending one, when there is any).
  useEffect(() => {
    if (reviewId === undefined && status === 'ready' && reviews.length > 0) navigate(reviewHref(reviews[0].review_id), { replace: true });
  }, [reviewId, status, reviews]);

  let main;
  if (activeId !== null) {
    main = <ReviewView key={activeId} reviewId={activeId} />;
  } else if (reviewId !== undefined) {
    main = (
      <div className="page-center">
        <EmptyState icon="search" title="No such review">
          <p>
            <code>{reviewId}</code> is not a review number.
          </p>
        </EmptyState>
      </div>
    );
  } else if (status === 'idle' || status === 'loading') {
    main = <PageSpinner />;
  } else if (status === 'failed') {
    main = <PageLoadFailed title="Could not load the reviews" onRetry={() => void load()} />;
  } else {
    main = (
      <div className="page-center">
        <EmptyState icon="checkCircle" title={filter ? 'No reviews in this state' : 'Nothing to review yet'}>
          <p>
            A version enters review when someone submits it: open a model version's Governance tab and choose “Submit for review”, or run{' '}
            <code>mlwb models submit &lt;name&gt; &lt;version&gt;</code>. Its checks run first; the version then waits here for a reviewer.
          </p>
          <p>
            <a className="link" href="#/models">
              Go to the models
            </a>
          </p>
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="two-pane governance-reviews">
      {(reviews.length > 0 || filter !== undefined) && <ReviewQueue reviews={reviews} activeId={activeId} />}
      <div className="two-pane-main">{main}</div>
    </div>
  );
}
