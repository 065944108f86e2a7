// Target and prediction drift follow Evidently's typing rule: a 0/1 label is compared as
// categories, a many-valued numeric target and a probability as numbers.
import { describe, expect, it } from 'vitest';
import { generateChurnRows } from '../../resources/samples/churn/generate.js';
import type { Table } from '../datasets/table.js';
import { asCategories, targetColumnType, targetDrift } from './target-drift.js';

function churn(rows: number, seed: number, drift: number): Table {
  const data = generateChurnRows({ rows, seed, drift });
  return {
    rowCount: rows,
    columns: [
      { name: 'target', type: 'boolean', values: Float64Array.from(data, (row) => row.target) },
      { name: 'spend', type: 'numeric', values: Float64Array.from(data, (row) => row.total_spend) },
      { name: 'score', type: 'numeric', values: Float64Array.from(data, (row) => Math.min(1, row.days_since_last_purchase / 100) + 0.001) },
    ],
  };
}

describe('targetDrift', () => {
  it('types a 0/1 target as categories and a many-valued or probability column as numbers', () => {
    const table = churn(500, 1, 0);
    expect(targetColumnType(table.columns[0], 'target')).toBe('cat');
    expect(targetColumnType(table.columns[1], 'target')).toBe('num');
    expect(targetColumnType({ name: 'p', type: 'numeric', values: Float64Array.from([0, 0.5, 1, 0.25]) }, 'prediction')).toBe('num');
    expect(targetColumnType({ name: 'label', type: 'numeric', values: Float64Array.from([0, 1, 2, 1]) }, 'target')).toBe('cat');
    expect(asCategories(table.columns[0])).toMatchObject({ type: 'categorical', dictionary: expect.arrayContaining(['0', '1']) });
  });

  it('flags the churn rate drifting with the generator knob and not between two samples of one population', () => {
    const reference = churn(20_000, 1, 0);
    const same = targetDrift(reference, churn(20_000, 2, 0), 'target', 'target')!;
    const shifted = targetDrift(reference, churn(20_000, 3, 1), 'target', 'target')!;
    expect(same).toMatchObject({ type: 'cat', outcome: { column: 'target', type: 'cat', test: 'jensenshannon', drifted: false } });
    expect(shifted).toMatchObject({ type: 'cat', outcome: { type: 'cat', drifted: true } });
    expect((shifted.outcome as { reference: { x: string[] } }).reference.x).toEqual(['0', '1']);
  });

  it('compares a probability prediction as numbers, and reports a prediction missing from the current data', () => {
    const reference = churn(2000, 1, 0);
    expect(targetDrift(reference, churn(2000, 2, 0.8), 'score', 'prediction')).toMatchObject({ type: 'num', outcome: { type: 'num', test: 'wasserstein', drifted: true } });
    const current = { rowCount: 10, columns: [] };
    expect(targetDrift(reference, current, 'score', 'prediction')).toMatchObject({ outcome: { skipped: 'the prediction column is missing from the current data' } });
    expect(targetDrift(reference, current, 'nothing', 'prediction')).toBeNull();
  });
});
