import type { ReviewSummary } from '../../../core/api/registry-contract';
import type { ReviewState } from '../../api/registry-api';
import { useGovernanceStore } from '../../stores/governance-store';
import { formatRelativeTime } from '../../ui/format';
import { Select } from '../../ui/select-field';
import { SidebarLink, SidebarList } from '../../ui/sidebar-list';
import { releaseFocusAfterClick } from '../shell/keyboard';
import { ApprovalBadge } from '../models/approval-badge';
import { VerdictCounts } from './check-list';
import { reviewHref } from './governance-hrefs';

const filterOptions: Array<{ value: ReviewState | ''; label: string }> = [
  { value: '', label: 'All reviews' },
  { value: 'pending_review', label: 'Pending review' },
  { value: 'checking', label: 'Checking' },
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'failed', label: 'Checks failed to run' },
];

/** Reviews, pending first, filtered by state; each links to its checks and decision. */
export function ReviewQueue({ reviews, activeId }: { reviews: readonly ReviewSummary[]; activeId: number | null }) {
  const filter = useGovernanceStore((state) => state.reviewFilter);
  const setFilter = useGovernanceStore((state) => state.setReviewFilter);
  const now = Date.now();
  return (
    <SidebarList
      title="Reviews"
      action={
        <Select
          testId="review-filter"
          value={filter ?? ''}
          options={filterOptions}
          onChange={(value) => setFilter(value === '' ? undefined : (value as ReviewState))}
        />
      }
      items={reviews}
      keyOf={(review) => String(review.review_id)}
      nameOf={(review) => `${review.name} v${review.version} ${review.submitted_by}`}
      searchPlaceholder="Find a review"
      noun="review"
      renderItem={(review) => (
        <SidebarLink
          className="review-queue-item"
          href={reviewHref(review.review_id)}
          current={review.review_id === activeId}
          data-testid="review-queue-item"
          data-state={review.state}
          onClick={releaseFocusAfterClick}
        >
          <span className="review-queue-title">
            <span className="truncate">
              {review.name} <span className="muted">v{review.version}</span>
            </span>
            <ApprovalBadge state={review.state} testId="review-queue-state" />
          </span>
          <span className="review-queue-meta faint">
            by {review.submitted_by} · {formatRelativeTime(review.submitted_time, now)}
            {!review.current && ' · superseded'}
          </span>
          <VerdictCounts verdicts={review.verdicts} />
        </SidebarLink>
      )}
    />
  );
}
