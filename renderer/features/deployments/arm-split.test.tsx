// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArmStatus, DeploymentSummary } from '../../../core/api/serving-contract';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { mountPerTest } from '../../testing/react-root';
import { ArmSplit } from './arm-split';

function arm(variant: string, version: number, percent: number, overrides: Partial<ArmStatus> = {}): ArmStatus {
  return { variant, model: 'churn', version, percent, approval: 'approved', ready: true, load_ms: 4, error: null, ...overrides };
}

const deployment: DeploymentSummary = {
  name: 'churn',
  created_time: 1,
  created_by: 'ada',
  updated_time: 1,
  updated_by: 'ada',
  arms: [arm('stable', 1, 90), arm('candidate', 2, 10, { approval: 'pending_review' }), arm('shadow', 3, 0, { ready: false })],
  previous: null,
  sticky_key: 'customer_id',
  excluded: [],
  rollout_id: 'r1',
  endpoints: { predict: '', batch_predict: '', invocations: '', v2_infer: '', feedback: '' },
};

describe('ArmSplit', () => {
  const dom = mountPerTest();
  const update = vi.fn(async () => null);
  beforeEach(() => {
    vi.useFakeTimers();
    update.mockClear();
    useDeploymentsStore.setState({ update });
  });
  afterEach(() => vi.useRealTimers());

  const percents = () => [...dom.container.querySelectorAll('[data-testid="arm-percent"]')].map((element) => element.textContent);
  const slider = (variant: string) => dom.container.querySelector<HTMLInputElement>(`[data-testid="arm-slider"][data-variant="${variant}"]`)!;
  const press = (variant: string, key: string, shiftKey = false) =>
    act(() => {
      slider(variant).dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }));
    });

  it('shows each arm with its share, flags the unapproved candidate, and no slider for shadow', () => {
    act(() => dom.root.render(<ArmSplit deployment={deployment} />));
    const rows = [...dom.container.querySelectorAll('[data-testid="arm-row"]')];
    expect(rows.map((row) => row.getAttribute('data-variant'))).toEqual(['stable', 'candidate', 'shadow']);
    expect(percents()).toEqual(['90.00%', '10.00%']);
    expect(rows[1].querySelector('[data-testid="approval-warning"]')?.textContent).toBe('not approved');
    expect(rows[0].querySelector('[data-testid="approval-warning"]')).toBeNull();
    expect(rows[2].querySelector('[data-testid="arm-slider"]')).toBeNull();
    expect(rows[2].querySelector('[data-testid="arm-state"]')?.getAttribute('data-state')).toBe('loading');
  });

  it('moves the candidate against stable from the keyboard and applies once after the keys stop', async () => {
    act(() => dom.root.render(<ArmSplit deployment={deployment} />));
    press('candidate', 'ArrowRight');
    press('candidate', 'ArrowRight');
    press('candidate', 'ArrowLeft', true);
    expect(percents()).toEqual(['88.01%', '11.99%']);
    expect(update).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(300);
    });
    expect(update).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith('churn', { percents: [11.99] });
  });

  it('puts the split back and says why when the core refuses it', async () => {
    update.mockResolvedValueOnce('candidate is not ready' as never);
    act(() => dom.root.render(<ArmSplit deployment={deployment} />));
    press('stable', 'PageDown');
    expect(percents()).toEqual(['80.00%', '20.00%']);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(300);
    });
    expect(percents()).toEqual(['90.00%', '10.00%']);
    expect(dom.container.querySelector('[data-testid="deployment-error"]')?.textContent).toContain('candidate is not ready');
  });
});
