// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { CheckResult, VersionSummary } from '../../../core/api/registry-contract';
import { mountPerTest } from '../../testing/react-root';
import { CheckList } from '../governance/check-list';
import { VersionsTable } from './versions-table';

function version(number: number, overrides: Partial<VersionSummary> = {}): VersionSummary {
  return {
    name: 'churn',
    version: number,
    creation_timestamp: 1_700_000_000_000 + number,
    last_updated_timestamp: 1_700_000_000_000 + number,
    user_id: 'ada',
    description: '',
    source: '',
    run_id: `run-${number}`,
    origin: 'run',
    status: 'READY',
    sha256: null,
    size: null,
    aliases: [],
    tags: {},
    approval: 'not_submitted',
    metrics: { test_roc_auc: 0.8 + number / 100 },
    ...overrides,
  };
}

describe('VersionsTable', () => {
  const dom = mountPerTest();

  it('lists versions newest first with their approval, aliases and headline metric', () => {
    act(() =>
      dom.root.render(
        <VersionsTable
          versions={[version(1, { approval: 'approved', aliases: ['champion'] }), version(2, { approval: 'pending_review' }), version(3, { origin: 'import', run_id: null, metrics: {} })]}
        />,
      ),
    );
    const rows = [...dom.container.querySelectorAll('[data-testid="version-row"]')];
    expect(rows.map((row) => row.getAttribute('data-version'))).toEqual(['3', '2', '1']);
    const badges = rows.map((row) => row.querySelector('[data-testid="version-approval-badge"]')!);
    expect(badges.map((badge) => badge.textContent)).toEqual(['Not submitted', 'Pending review', 'Approved']);
    expect(rows[2].textContent).toContain('@champion');
    expect(rows[2].textContent).toContain('0.81');
    expect(rows[0].textContent).toContain('imported file');
    expect(dom.container.querySelector('th.numeric')?.textContent).toBe('test_roc_auc');
  });
});

describe('CheckList', () => {
  const dom = mountPerTest();

  it('shows failures first, open, with their numbers', () => {
    const checks: CheckResult[] = [
      { name: 'security.domains', category: 'security', verdict: 'pass', summary: 'only standard domains', inputs: {}, numbers: {}, duration_ms: 3 },
      {
        name: 'performance.threshold',
        category: 'performance',
        verdict: 'fail',
        summary: 'roc_auc 0.71 is below 0.75',
        inputs: { metric: 'roc_auc' },
        numbers: { value: 0.71, threshold: 0.75 },
        duration_ms: 120,
      },
    ];
    act(() => dom.root.render(<CheckList checks={checks} />));
    const rows = [...dom.container.querySelectorAll('[data-testid="check-row"]')];
    expect(rows.map((row) => row.getAttribute('data-verdict'))).toEqual(['fail', 'pass']);
    expect(rows[0].querySelector('details')?.open).toBe(true);
    expect(rows[1].querySelector('details')?.open).toBe(false);
    expect(rows[0].textContent).toContain('threshold');
    expect(rows[0].textContent).toContain('0.75');
  });
});
