import { describe, expect, it } from 'vitest';
import { auditChangeSummary } from './audit-change';

describe('audit change summary', () => {
  it('names the fields that changed with their old and new values', () => {
    expect(auditChangeSummary({ state: 'pending_review', comment: null, version: 3 }, { state: 'approved', comment: 'ok', version: 3 })).toBe(
      'state: pending_review → approved; comment: — → ok',
    );
  });

  it('reads creations and deletions as such', () => {
    expect(auditChangeSummary(null, { alias: 'champion', version: 2 })).toBe('created (alias, version)');
    expect(auditChangeSummary({ alias: 'champion' }, null)).toBe('deleted');
    expect(auditChangeSummary(null, null)).toBe('');
  });

  it('shortens long values and caps the number of fields listed', () => {
    const summary = auditChangeSummary({ a: 1, b: 1, c: 1, d: 1, e: 1 }, { a: 2, b: 2, c: 2, d: 2, e: 2 });
    expect(summary.endsWith('+1 more')).toBe(true);
    expect(auditChangeSummary({ text: 'x' }, { text: 'y'.repeat(100) }).length).toBeLessThan(60);
  });
});
