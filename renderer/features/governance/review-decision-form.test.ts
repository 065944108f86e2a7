import { describe, expect, it } from 'vitest';
import { decisionBlockers } from './review-decision-form';

describe('decision blockers', () => {
  it('lets anyone but the submitter approve a current pending review; the submitter may still reject', () => {
    const review = { state: 'pending_review' as const, submitted_by: 'ada', current: true };
    expect(decisionBlockers(review, 'grace')).toEqual({ approve: null, reject: null });
    const own = decisionBlockers(review, 'ada');
    expect(own.approve).toMatch(/someone else/);
    expect(own.reject).toBeNull();
  });

  it('asks for a new submission when the review went stale, and blocks nothing once decided', () => {
    const stale = decisionBlockers({ state: 'pending_review', submitted_by: 'ada', current: false }, 'grace');
    expect(stale.approve).toMatch(/submit it again/);
    expect(stale.reject).toMatch(/submit it again/);
    expect(decisionBlockers({ state: 'approved', submitted_by: 'ada', current: true }, 'ada')).toEqual({ approve: null, reject: null });
  });
});
