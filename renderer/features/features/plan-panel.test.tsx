// @vitest-environment happy-dom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeaturePlanResponse } from '../../../core/api/features-contract';
import { ApiError } from '../../api/api-error';
import { useFeaturesStore } from '../../stores/features-store';
import { mountPerTest } from '../../testing/react-root';
import { PlanPanel } from './plan-panel';

const empty = { added: [], changed: [], removed: [] };
const planned: FeaturePlanResponse = {
  plan: { entities: { added: ['customer'], changed: [], removed: [] }, sources: empty, feature_views: empty, feature_services: empty, hasChanges: true },
  lines: ['Created entity customer'],
  warnings: [],
  current_version: null,
};

describe('PlanPanel', () => {
  const dom = mountPerTest();
  const runApply = vi.fn(async () => null);
  beforeEach(() => {
    runApply.mockClear();
    useFeaturesStore.setState({ repoPath: null, plan: null, repoError: null, busy: null, runApply });
  });
  const byTestId = (id: string) => dom.container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  it('prefills the folder and keeps Apply off until a plan of that folder shows changes', () => {
    act(() => dom.root.render(<PlanPanel defaultPath="/ws/samples/churn/feature_repo" />));
    expect((byTestId('repo-path-input') as HTMLInputElement).value).toBe('/ws/samples/churn/feature_repo');
    expect((byTestId('apply-button') as HTMLButtonElement).disabled).toBe(true);

    act(() => useFeaturesStore.setState({ plan: { path: '/ws/samples/churn/feature_repo', response: planned } }));
    expect(byTestId('plan-diff')?.textContent).toContain('1 to add, 0 to change, 0 to remove');
    expect((byTestId('apply-button') as HTMLButtonElement).disabled).toBe(false);
    act(() => byTestId('apply-button')!.click());
    expect(runApply).toHaveBeenCalledWith('/ws/samples/churn/feature_repo');

    // The plan was for another folder than the one now typed: it no longer applies.
    act(() => useFeaturesStore.setState({ repoPath: '/elsewhere' }));
    expect(byTestId('plan-diff')).toBeNull();
    expect((byTestId('apply-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows each repo problem with its file:line:column and field', () => {
    const error = new ApiError(400, 'VALIDATION_ERROR', 'The feature repo has 1 problem:\n…', {
      problems: [{ file: 'customers.yaml', line: 20, column: 10, field: 'feature_views[0].ttl', message: 'ttl "7x" is not a duration' }],
    });
    act(() => useFeaturesStore.setState({ repoError: error }));
    act(() => dom.root.render(<PlanPanel defaultPath="/repo" />));
    const problem = byTestId('plan-error')!.querySelector('[data-testid="plan-problem"]')!;
    expect(problem.textContent).toContain('customers.yaml:20:10');
    expect(problem.textContent).toContain('feature_views[0].ttl');
    expect(byTestId('repo-path-input')!.getAttribute('aria-invalid')).toBe('true');
  });
});
