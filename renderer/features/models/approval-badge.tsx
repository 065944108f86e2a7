import type { ApprovalState, ReviewSummary } from '../../../core/api/registry-contract';

type BadgeState = ApprovalState | ReviewSummary['state'];

const tones: Record<BadgeState, string> = {
  approved: 'badge-success',
  pending_review: 'badge-warning',
  rejected: 'badge-danger',
  failed: 'badge-danger',
  checking: 'badge-info',
  expired: 'badge-expired',
  not_submitted: '',
};

export const approvalLabels: Record<BadgeState, string> = {
  approved: 'Approved',
  pending_review: 'Pending review',
  rejected: 'Rejected',
  failed: 'Checks failed to run',
  checking: 'Checking',
  expired: 'Approval expired',
  not_submitted: 'Not submitted',
};

/** Colour and words together, so the state reads without colour vision too. */
export function ApprovalBadge({ state, testId = 'version-approval-badge', title }: { state: BadgeState; testId?: string; title?: string }) {
  return (
    <span className={`badge ${tones[state] ?? ''}`} data-state={state} data-testid={testId} title={title}>
      <span className="badge-dot" />
      {approvalLabels[state] ?? state}
    </span>
  );
}
