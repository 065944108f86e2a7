// @vitest-environment happy-dom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExpectationCatalogEntry, SuiteResponse, ValidationRunSummary } from '../../../core/api/validation-contract';
import { useSuitesStore, type SaveOutcome } from '../../stores/validation-store';
import { mountPerTest } from '../../testing/react-root';
import { SuiteDetail } from './suite-detail';

// The dataset pickers read the datasets API; here no dataset schema is known, so columns are typed.
vi.mock('./use-dataset-choice', () => ({
  useDatasetChoice: () => ({ datasets: ['churn'], dataset: 'churn', setDataset: () => undefined, versions: [3], version: 3, setVersion: () => undefined, columns: [] }),
}));

const catalog: ExpectationCatalogEntry[] = [
  { type: 'expect_column_values_to_not_be_null', kind: 'map', description: 'Column values to not be null.', kwargs: [{ name: 'column', kind: 'column', required: true }, { name: 'mostly', kind: 'mostly', required: false }] },
  { type: 'expect_table_row_count_to_be_between', kind: 'table', description: 'Table row count to be between.', kwargs: [{ name: 'min_value', kind: 'bound', required: false }, { name: 'max_value', kind: 'bound', required: false }] },
];
const summary = { name: 'churn_checks', version: 2, expectation_count: 2, created_time: 2, created_by: 'ada' };
const detail: SuiteResponse = {
  suite: summary,
  document: {
    name: 'churn_checks',
    id: 's1',
    expectations: [
      { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'customer_id' }, meta: {}, id: 'a' },
      { type: 'expect_table_row_count_to_be_between', kwargs: { min_value: 1 }, meta: {}, id: 'b' },
    ],
    suite_parameters: {},
    meta: {},
  },
  versions: [summary, { ...summary, version: 1, expectation_count: 1, created_time: 1 }],
};
const statistics = { evaluated_expectations: 2, successful_expectations: 1, unsuccessful_expectations: 1, success_percent: 50 };
const runs: ValidationRunSummary[] = [
  { id: 'r2', suite: 'churn_checks', suite_version: 2, dataset: 'churn', dataset_version: 3, success: false, statistics, created_time: 3, created_by: 'ada' },
  { id: 'other', suite: 'other_suite', suite_version: 1, dataset: 'churn', dataset_version: 3, success: true, statistics, created_time: 2, created_by: 'ada' },
];

function all(container: HTMLElement, testId: string): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
}

function choose(select: HTMLSelectElement, value: string) {
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('SuiteDetail', () => {
  const dom = mountPerTest();
  const save = vi.fn<(document: Record<string, unknown>) => Promise<SaveOutcome>>();
  const showRun = vi.fn(async () => undefined);
  beforeEach(() => {
    save.mockReset();
    showRun.mockClear();
    useSuitesStore.setState({ detail, detailStatus: 'ready', catalog, runs, shownRun: null, busy: null, problem: null, openSuite: async () => undefined, save, showRun, downloadUrl: (name) => `/api/suites/${name}?format=gx&token=t` });
  });

  it('edits, adds and removes expectations and saves the whole document as a new version', async () => {
    act(() => dom.root.render(<SuiteDetail name="churn_checks" version={undefined} />));
    expect(all(dom.container, 'expectation-row').map((row) => row.dataset.type)).toEqual(['expect_column_values_to_not_be_null', 'expect_table_row_count_to_be_between']);
    expect(all(dom.container, 'suite-version').map((row) => row.dataset.version)).toEqual(['2', '1']);
    expect(all(dom.container, 'past-run-row').map((row) => row.dataset.success)).toEqual(['false']);
    expect(dom.container.querySelector('[data-testid="download-suite-json"]')!.getAttribute('href')).toBe('/api/suites/churn_checks?format=gx&token=t');
    expect(dom.container.querySelector<HTMLButtonElement>('[data-testid="save-suite-button"]')!.disabled).toBe(true);

    choose(dom.container.querySelector<HTMLSelectElement>('[data-testid="expectation-type-select"]')!, 'expect_column_values_to_not_be_null');
    act(() => dom.container.querySelector<HTMLButtonElement>('[data-testid="add-expectation-button"]')!.click());
    expect(all(dom.container, 'expectation-row')).toHaveLength(3);
    const form = dom.container.querySelector('[data-testid="expectation-form"]')!;
    const column = form.querySelector<HTMLInputElement>('input[data-kwarg="column"]')!;
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(column, 'tenure');
      column.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => all(dom.container, 'remove-expectation-button')[1].click());

    save.mockResolvedValue({ saved: { suite: { ...summary, version: 3 }, created: true, warnings: [] } });
    await act(async () => dom.container.querySelector<HTMLButtonElement>('[data-testid="save-suite-button"]')!.click());
    const sent = save.mock.calls[0][0] as { name: string; expectations: unknown[] };
    expect(sent.name).toBe('churn_checks');
    expect(sent.expectations).toEqual([
      { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'customer_id' }, meta: {}, id: 'a' },
      { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'tenure' }, meta: {} },
    ]);
    expect(dom.container.textContent).toContain('Saved as v3.');
  });

  it('shows the core\'s problems naming the expectation and field, next to the field', async () => {
    act(() => dom.root.render(<SuiteDetail name="churn_checks" version={undefined} />));
    act(() => all(dom.container, 'remove-expectation-button')[0].click());
    save.mockResolvedValue({ problems: [{ path: '$.expectations[0].kwargs', message: 'min_value (5) is greater than max_value (1)' }], message: 'Invalid expectation suite' });
    await act(async () => dom.container.querySelector<HTMLButtonElement>('[data-testid="save-suite-button"]')!.click());
    expect(all(dom.container, 'suite-error').map((item) => item.textContent)).toEqual(['#1 expect_table_row_count_to_be_between · kwargs: min_value (5) is greater than max_value (1)']);
    expect(dom.container.querySelector('[data-testid="expectation-form"] [role="alert"]')!.textContent).toContain('greater than max_value');
  });

  it('opens a past run\'s results', () => {
    act(() => dom.root.render(<SuiteDetail name="churn_checks" version={undefined} />));
    act(() => all(dom.container, 'past-run-row')[0].click());
    expect(showRun).toHaveBeenCalledWith('r2');
  });
});
