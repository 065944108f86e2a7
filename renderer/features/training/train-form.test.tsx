// @vitest-environment happy-dom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetColumnStats, DatasetVersionSummary, ModelCatalogueResponse } from '../../../core/api/contract';
import { ApiError } from '../../api/api-error';
import type { DatasetsApi } from '../../api/datasets-api';
import type { TrainingApi } from '../../api/training-api';
import { useDatasetsStore } from '../../stores/datasets-store';
import { useSessionStore } from '../../stores/session-store';
import { useTrainJobStore } from '../../stores/train-job-store';
import { mountPerTest } from '../../testing/react-root';
import { TrainForm } from './train-form';

const version: DatasetVersionSummary = {
  name: 'churn',
  version: 1,
  sha256: 'a'.repeat(64),
  source_sha256: 'b'.repeat(64),
  source_size: 100,
  source_path: 'churn.csv',
  source_format: 'csv',
  row_count: 100,
  column_count: 2,
  type_overrides: {},
  warnings: [],
  created_time: 1,
  created_by: 'ada',
};

function stats(name: string, overrides: Partial<DatasetColumnStats>): DatasetColumnStats {
  return { name, type: 'numeric', count: 100, missing: 0, distinct: 50, min: 0, max: 9, mean: 4, std: 1, quantiles: null, top: [], histogram: null, length: null, ...overrides };
}

const catalogue: ModelCatalogueResponse = {
  models: [
    {
      kind: 'lr',
      label: 'Logistic regression / ridge',
      params: {
        binary: [{ name: 'C', type: 'number', default: 1, min: 0, minInclusive: false, description: 'inverse strength' }],
        multiclass: [],
        regression: [{ name: 'alpha', type: 'number', default: 1, min: 0, description: 'L2 strength' }],
      },
    },
  ],
};

const train = vi.fn();

describe('TrainForm', () => {
  const dom = mountPerTest();

  beforeEach(() => {
    train.mockReset();
    const summary = { name: 'churn', created_time: 1, created_by: 'ada', last_update_time: 1, version_count: 1, latest: version };
    const datasets = {
      list: async () => ({ datasets: [summary] }),
      detail: async () => ({ dataset: summary, versions: [version] }),
      version: async () => ({
        version,
        schema: [],
        stats: [stats('spend', {}), stats('target', { type: 'boolean', distinct: 2, min: 0, max: 1 })],
      }),
    } as unknown as DatasetsApi;
    const training = { catalogue: async () => catalogue, train } as unknown as TrainingApi;
    useSessionStore.setState({ datasets, training });
    useDatasetsStore.setState({ datasets: [summary], status: 'ready' });
  });

  const byTestId = (id: string) => dom.container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function settle() {
    for (let round = 0; round < 5; round++) await act(async () => {});
  }

  function change(element: HTMLInputElement | HTMLSelectElement, value: string) {
    const prototype = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(element, value);
    element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  }

  it('infers the task from the target and offers that task’s parameters', async () => {
    await act(async () => dom.root.render(<TrainForm preset={{ dataset: 'churn' }} onCancel={() => {}} />));
    await settle();
    expect((byTestId('train-target') as HTMLSelectElement).value).toBe('target');
    expect(byTestId('train-task')?.textContent).toBe('Binary classification');
    expect(byTestId('train-param-C')?.getAttribute('placeholder')).toBe('1');
    await act(async () => change(byTestId('train-target') as HTMLSelectElement, 'spend'));
    expect(byTestId('train-task')?.textContent).toBe('Regression');
    expect(byTestId('train-param-C')).toBeNull();
    expect(byTestId('train-param-alpha')).not.toBeNull();
  });

  it('sends typed values and shows the core’s 400 beside the form', async () => {
    train.mockRejectedValue(new ApiError(400, 'INVALID_PARAMETER_VALUE', "Parameter 'C' is out of range (> 0): got 1e+400.", { field: 'params.C' }));
    await act(async () => dom.root.render(<TrainForm preset={{ dataset: 'churn' }} onCancel={() => {}} />));
    await settle();
    await act(async () => change(byTestId('train-param-C') as HTMLInputElement, '0.25'));
    await act(async () => (byTestId('train-submit') as HTMLButtonElement).click());
    await settle();
    expect(train).toHaveBeenCalledWith(
      { dataset: 'churn', dataset_version: 1, target: 'target', model: 'lr', params: { C: 0.25 }, experiment: undefined },
      expect.objectContaining({ handledInline: expect.any(Function) }),
    );
    expect(byTestId('train-error')?.textContent).toContain("Parameter 'C' is out of range");
    expect(byTestId('train-param-C')?.getAttribute('aria-invalid')).toBe('true');
    expect(useTrainJobStore.getState().job).toBeNull();
  });
});
