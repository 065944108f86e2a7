// Addresses of the governance page's views: the review queue, one review, the policy, the audit trail.

export const governanceHref = '#/governance';
export const policyHref = '#/governance/policy';
export const auditHref = '#/governance/audit';

export function reviewHref(reviewId: number): string {
  return `#/governance/reviews/${reviewId}`;
}
