// @vitest-environment happy-dom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SuiteValidationResult, ValidationRunSummary } from '../../../core/api/validation-contract';
import { useValidationStore } from '../../stores/validation-store';
import { mountPerTest } from '../../testing/react-root';
import { ValidationSection } from './validation-section';

const noException = { raised_exception: false, exception_message: null, exception_traceback: null };
const result: SuiteValidationResult = {
  success: false,
  suite_name: 'churn.v1',
  suite_parameters: {},
  statistics: { evaluated_expectations: 2, successful_expectations: 1, unsuccessful_expectations: 1, success_percent: 50 },
  meta: {},
  id: null,
  results: [
    { success: true, expectation_config: { type: 'expect_table_row_count_to_be_between', kwargs: { min_value: 1 }, meta: {}, id: 'a' }, result: { observed_value: 300 }, meta: {}, exception_info: noException },
    {
      success: false,
      expectation_config: { type: 'expect_column_values_to_be_in_set', kwargs: { column: 'region', value_set: ['north'] }, meta: {}, id: 'b' },
      result: { element_count: 300, unexpected_count: 12, unexpected_percent: 4, partial_unexpected_list: ['mars', 'venus'] },
      meta: {},
      exception_info: noException,
    },
  ],
};
const run: ValidationRunSummary = { id: 'r1', suite: 'churn.v1', suite_version: 1, dataset: 'churn', dataset_version: 1, success: false, statistics: result.statistics, created_time: 1, created_by: 'ada' };

describe('ValidationSection', () => {
  const dom = mountPerTest();
  const load = vi.fn(async () => undefined);
  const runSuite = vi.fn(async () => undefined);
  const scaffold = vi.fn(async () => undefined);
  beforeEach(() => {
    load.mockClear();
    runSuite.mockClear();
    scaffold.mockClear();
    useValidationStore.setState({ suites: [], selected: null, result: null, runs: [], busy: null, problem: null, warnings: [], load, run: runSuite, scaffold, downloadUrl: (name) => `/api/suites/${name}?format=gx` });
  });

  it('offers scaffolding when there are no suites, and cannot run one', () => {
    act(() => dom.root.render(<ValidationSection dataset="churn" version={1} />));
    expect(load).toHaveBeenCalledWith('churn');
    expect(dom.container.querySelector<HTMLButtonElement>('[data-testid="run-suite-button"]')!.disabled).toBe(true);
    expect(dom.container.querySelector('[data-testid="download-suite-link"]')).toBeNull();
    act(() => dom.container.querySelector<HTMLButtonElement>('[data-testid="scaffold-suite-button"]')!.click());
    expect(scaffold).toHaveBeenCalledWith({ dataset: 'churn', version: 1 });
  });

  it('runs the chosen suite on the shown version and lists each expectation with pass/fail and what was observed', () => {
    useValidationStore.setState({ suites: [{ name: 'churn.v1', version: 1, expectation_count: 2, created_time: 1, created_by: 'ada' }], selected: 'churn.v1' });
    act(() => dom.root.render(<ValidationSection dataset="churn" version={1} />));
    expect(dom.container.querySelector('[data-testid="download-suite-link"]')!.getAttribute('href')).toBe('/api/suites/churn.v1?format=gx');
    act(() => dom.container.querySelector<HTMLButtonElement>('[data-testid="run-suite-button"]')!.click());
    expect(runSuite).toHaveBeenCalledWith({ dataset: 'churn', version: 1 });

    act(() => useValidationStore.setState({ result: { ref: { dataset: 'churn', version: 1 }, run, result }, runs: [run] }));
    expect(dom.container.querySelector('[data-testid="validation-summary"]')!.textContent).toContain('1 of 2 expectations met');
    const rows = [...dom.container.querySelectorAll('[data-testid="validation-result-row"]')];
    expect(rows.map((row) => row.getAttribute('data-success'))).toEqual(['true', 'false']);
    expect(rows[0].textContent).toContain('300');
    expect(rows[1].textContent).toContain('12 of 300 unexpected (4 %) — e.g. "mars", "venus"');

    // Another version of the dataset does not show this version's result.
    act(() => dom.root.render(<ValidationSection dataset="churn" version={2} />));
    expect(dom.container.querySelector('[data-testid="validation-summary"]')).toBeNull();
  });
});
