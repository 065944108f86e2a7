import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useRequest } from '../../api/use-request';
import { useGovernanceStore } from '../../stores/governance-store';
import { requireRegistry, useModelsStore } from '../../stores/models-store';
import { EmptyState } from '../../ui/empty-state';
import { PageSpinner } from '../../ui/page-states';
import { modelHref, versionHref } from '../models/model-hrefs';
import { ReviewPanel } from './review-panel';

const checkingPollInterval = 1500;

/** One review from the queue, under a header that leads to its model and version. */
export function ReviewView({ reviewId }: { reviewId: number }) {
  const [revision, setRevision] = useState(0);
  const loadReviews = useGovernanceStore((state) => state.loadReviews);
  const loadModels = useModelsStore((state) => state.load);
  const review = useRequest(
    (signal) => requireRegistry().reviewDetail(reviewId, { signal, handledInline: (error) => error.status === 404 }),
    [reviewId, revision],
  );

  const checking = review.data?.state === 'checking';
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => setRevision((value) => value + 1), checkingPollInterval);
    return () => clearTimeout(timer);
  }, [checking, review.data]);

  if (review.error && !review.data) {
    const missing = review.error instanceof ApiError && review.error.status === 404;
    return (
      <div className="page-center">
        <EmptyState icon="search" title={missing ? `No review #${reviewId}` : 'Could not load the review'}>
          {!missing && <p>{String(review.error)}</p>}
        </EmptyState>
      </div>
    );
  }
  if (!review.data) return <PageSpinner />;
  const data = review.data;
  return (
    <div className="detail-page review-view" data-testid="review-view">
      <header className="detail-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <a href={modelHref(data.name)}>{data.name}</a>
          <span className="faint">/</span>
          <a href={versionHref(data.name, data.version)}>v{data.version}</a>
        </nav>
        <div className="detail-title">
          <h1>
            {data.name} <span className="muted">v{data.version}</span>
          </h1>
          <div className="detail-actions">
            <a className="button" href={versionHref(data.name, data.version, 'governance')}>
              Open the version
            </a>
          </div>
        </div>
      </header>
      <ReviewPanel
        review={data}
        onDecided={() => {
          setRevision((value) => value + 1);
          void loadReviews();
          void loadModels();
        }}
      />
    </div>
  );
}
