// The drift engine end to end on tables: drift-tests.md §10 pairs as three columns of one dataset
// (padded with missing values, which must be dropped), the §6 report JSON, overrides, a cached
// reference profile, and the bad inputs the issue lists.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../api/errors.js';
import type { Column, Table } from '../datasets/table.js';
import { datasetDrift } from './dataset-drift.js';
import { profileReference } from './reference-profile.js';
import { driftReportJson } from './report-json.js';
import { defaultDriftTest, resolveDriftTest } from './test-selection.js';

const A = [-0.374, -0.256, 0.938, 1.392, -1.416, 0.072, 1.879, 0.883, -1.709, 1.112, -0.615, -0.944, 0.398, 0.085, -0.339, 1.401, 0.659, -0.211, 0.192, -0.934, -0.236, 0.672, 0.716, 0.666, 1.202, -0.1, -1.15, 1.529, 1.615, -1.517, -0.858, -0.86, -0.651, -0.498, -1.011, -0.57, 0.807, 1.599, -0.939, 0.849];
const B = [0.487, 0.796, 0.293, -1.025, 0.626, 0.281, 0.539, -1.102, 0.166, -0.227, -0.216, -2.267, -0.752, 0.215, 0.926, 0.179, 2.159, 1.819, -0.19, 0.409, 1.476, -0.224, 1.857, -1.067, 1.883, 2.407, 0.978, 1.231, 2.997, 0.695, 2.191, -1.218, -1.005, 0.901, 3.986, -0.8, 0.699, 1.941, 0.525, 0.724, -0.71, 0.567, 3.474, 0.272, -0.988, -1.226, 0.352, -1.423, 1.213, -2.139];
const C = [3, 2, 4, 5, 1, 3, 1, 5, 0, 2, 0, 1, 5, 7, 6, 3, 5, 4, 2, 3, 1, 0, 7, 2, 5, 4, 2, 2, 1, 5];
const D = [8, 5, 4, 4, 3, 3, 3, 1, 5, 4, 0, 4, 6, 0, 5, 4, 2, 5, 1, 4, 3, 3, 6, 3, 1, 2, 5, 7, 2, 2, 2, 5, 4, 3, 5, 5, 2, 1, 3, 1, 5, 2, 4, 8, 7, 3, 4, 3, 4, 1, 1, 1, 4, 6, 2, 2, 6, 7, 5, 3];
const R = 'acddbbaaacdbbbbacbaccbabaadbbccabaabacacbaabaadbbb'.split('');
const S = 'bbbadcaabaadcdcdcacdcbdcbdbdaabcacdbbbbbbacba'.split('');

function numeric(name: string, values: number[], rows: number, padding = Number.NaN): Column {
  const padded = new Float64Array(rows).fill(padding);
  padded.set(values);
  return { name, type: 'numeric', values: padded };
}

function categorical(name: string, values: string[], rows: number, dictionary: string[]): Column {
  const codes = new Int32Array(rows).fill(-1);
  values.forEach((value, index) => (codes[index] = dictionary.indexOf(value)));
  return { name, type: 'categorical', codes, dictionary };
}

// Different dictionaries on each side: categories are matched by name, not by code.
const reference: Table = { rowCount: 50, columns: [numeric('income', A, 50), numeric('visits', C, 50, Number.POSITIVE_INFINITY), categorical('city', R, 50, ['d', 'c', 'b', 'a'])] };
const current: Table = { rowCount: 60, columns: [numeric('income', B, 60), numeric('visits', D, 60), categorical('city', S, 60, ['a', 'b', 'c', 'd'])] };

describe('dataset drift on the reference vectors', () => {
  it('picks Evidently default tests and reproduces the §10 scores and decisions', () => {
    const drift = datasetDrift(reference, current);
    const byName = Object.fromEntries(drift.columns.map((column) => [column.column, column]));
    expect(byName.income).toMatchObject({ type: 'num', test: 'ks', stattestName: 'K-S p_value', threshold: 0.05, drifted: false, referenceSize: 40, currentSize: 50 });
    expect(Math.abs(byName.income.score - 0.2466337199)).toBeLessThan(1e-9);
    expect(byName.visits).toMatchObject({ test: 'ks', drifted: false, referenceSize: 30 });
    expect(Math.abs(byName.visits.score - 0.7456284459)).toBeLessThan(1e-9);
    expect(byName.city).toMatchObject({ type: 'cat', test: 'chisquare', drifted: false, referenceSize: 50, currentSize: 45 });
    expect(Math.abs(byName.city.score - 0.08196598235675583)).toBeLessThan(1e-12);
    expect(drift).toMatchObject({ numberOfColumns: 3, numberOfDriftedColumns: 0, shareOfDriftedColumns: 0, datasetDrift: false, driftShare: 0.5 });
  });

  it('emits the legacy Report.as_dict shape of §6', () => {
    const report = driftReportJson(datasetDrift(reference, current));
    expect(report.metrics[0]).toEqual({
      metric: 'DatasetDriftMetric',
      result: { drift_share: 0.5, number_of_columns: 3, number_of_drifted_columns: 0, share_of_drifted_columns: 0, dataset_drift: false },
    });
    const table = report.metrics[1].result;
    expect(table).toMatchObject({ number_of_columns: 3, current_fi: null, reference_fi: null, dataset_drift: false });
    expect(table.drift_by_columns.city).toEqual({
      column_name: 'city',
      column_type: 'cat',
      stattest_name: 'chi-square p_value',
      stattest_threshold: 0.05,
      drift_score: table.drift_by_columns.city.drift_score,
      drift_detected: false,
      current: { small_distribution: { x: ['a', 'b', 'c', 'd'], y: [11, 15, 10, 9] } },
      reference: { small_distribution: { x: ['a', 'b', 'c', 'd'], y: [18, 18, 9, 5] } },
    });
    const income = table.drift_by_columns.income.reference.small_distribution;
    expect(income.x).toHaveLength(11);
    expect(income.y).toHaveLength(10);
    // Densities integrate to 1 over the reference's own edges.
    const area = income.y.reduce((sum, density, index) => sum + density * ((income.x[index + 1] as number) - (income.x[index] as number)), 0);
    expect(area).toBeCloseTo(1, 12);
  });

  it('forced wasserstein and psi flag pair 1 as the reference says; overrides resolve column > type > global', () => {
    const settings = { test: 'psi', perType: { num: { test: 'wasserstein' } }, perColumn: { visits: { test: 'jensenshannon', threshold: 0.5 } } } as const;
    const forced = datasetDrift(reference, current, settings);
    const byName = Object.fromEntries(forced.columns.map((column) => [column.column, column]));
    expect(byName.income).toMatchObject({ test: 'wasserstein', threshold: 0.1, drifted: true });
    expect(Math.abs(byName.income.score - 0.4447867528)).toBeLessThan(1e-9);
    expect(byName.visits).toMatchObject({ test: 'jensenshannon', threshold: 0.5, drifted: false });
    expect(Math.abs(byName.visits.score - 0.1880995889)).toBeLessThan(1e-9);
    expect(byName.city).toMatchObject({ test: 'psi', drifted: true });
    expect(Math.abs(byName.city.score - 0.1249975236)).toBeLessThan(1e-9);
    expect(forced).toMatchObject({ numberOfDriftedColumns: 2, datasetDrift: true });
    // 2 of 3 columns drift: a dataset drift at 0.5, not at 0.7.
    expect(datasetDrift(reference, current, { ...settings, driftShare: 0.7 }).datasetDrift).toBe(false);
  });

  it('a cached reference profile gives the same result as the table', () => {
    const profile = profileReference(reference);
    expect(structuredClone(profile).columns[0]).toEqual(profile.columns[0]);
    expect(datasetDrift(structuredClone(profile), current)).toEqual(datasetDrift(reference, current));
  });
});

describe('default test selection (drift-tests.md §2)', () => {
  it('switches on reference size 1000 and unique counts', () => {
    expect(defaultDriftTest('num', 1000, 6)).toBe('ks');
    expect(defaultDriftTest('num', 1001, 6)).toBe('wasserstein');
    expect(defaultDriftTest('num', 1000, 5)).toBe('chisquare');
    expect(defaultDriftTest('num', 1000, 2)).toBe('z');
    expect(defaultDriftTest('num', 1001, 2)).toBe('jensenshannon');
    expect(defaultDriftTest('cat', 10, 3)).toBe('chisquare');
    expect(defaultDriftTest('cat', 10, 2)).toBe('z');
    expect(defaultDriftTest('cat', 5000, 40)).toBe('jensenshannon');
    expect(resolveDriftTest('x', 'num', 10, 10, { threshold: 0.2 })).toMatchObject({ definition: { id: 'ks', operator: '<=' }, threshold: 0.2 });
  });
});

describe('bad input', () => {
  it('reports a column missing in current, skips all-missing columns with a reason, and flags new categories', () => {
    const left: Table = { rowCount: 4, columns: [numeric('a', [1, 2, 3, 4], 4), numeric('gone', [1, 2, 3, 4], 4), numeric('empty', [], 4), categorical('c', ['x', 'x', 'y', 'y'], 4, ['x', 'y'])] };
    const right: Table = { rowCount: 4, columns: [numeric('a', [1, 1, 1, 1], 4), numeric('empty', [], 4), categorical('c', ['x', 'z', 'z', 'z'], 4, ['x', 'z'])] };
    const drift = datasetDrift(left, right);
    expect(drift.missingInCurrent).toEqual(['gone']);
    expect(drift.skipped).toEqual([{ column: 'empty', skipped: 'every reference value is missing' }]);
    const single = drift.columns.find((column) => column.column === 'a')!;
    expect(single.test).toBe('chisquare');
    const newCategory = drift.columns.find((column) => column.column === 'c')!;
    expect(newCategory).toMatchObject({ test: 'chisquare', score: 0, drifted: true });
    expect(newCategory.warnings[0]).toMatch(/absent from the reference/);
  });

  it('skips a column missing on the current side only, with its reason', () => {
    const left: Table = { rowCount: 4, columns: [numeric('a', [1, 2, 3, 4], 4), categorical('c', ['x', 'y', 'x', 'y'], 4, ['x', 'y'])] };
    const right: Table = { rowCount: 4, columns: [numeric('a', [], 4), categorical('c', [], 4, ['x', 'y'])] };
    expect(datasetDrift(left, right).skipped).toEqual([
      { column: 'a', skipped: 'every current value is missing' },
      { column: 'c', skipped: 'every current value is missing' },
    ]);
  });

  it('compares single-value columns without dividing by zero: same value no drift, another value drift', () => {
    const constant = (name: string, value: number, rows: number) => numeric(name, new Array(rows).fill(value), rows);
    // Small reference: both sides constant and equal → Z-test p = 1.
    const same = datasetDrift({ rowCount: 100, columns: [constant('k', 3, 100)] }, { rowCount: 80, columns: [constant('k', 3, 80)] });
    expect(same.columns[0]).toMatchObject({ test: 'z', score: 1, drifted: false });
    // Large reference: Jensen-Shannon on the one bin, 0; a new value moves it to the maximum sqrt(ln 2).
    const big = datasetDrift({ rowCount: 2000, columns: [constant('k', 3, 2000)] }, { rowCount: 2000, columns: [constant('k', 3, 2000)] });
    expect(big.columns[0]).toMatchObject({ test: 'jensenshannon', score: 0, drifted: false });
    const moved = datasetDrift({ rowCount: 2000, columns: [constant('k', 3, 2000)] }, { rowCount: 2000, columns: [constant('k', 4, 2000)] });
    expect(moved.columns[0].test).toBe('jensenshannon');
    expect(moved.columns[0].score).toBeCloseTo(Math.sqrt(Math.LN2), 12);
    expect(moved.columns[0].drifted).toBe(true);
    // A forced Wasserstein on a constant reference divides by 0.001 (Evidently), a finite score.
    const forced = datasetDrift({ rowCount: 100, columns: [constant('k', 3, 100)] }, { rowCount: 100, columns: [constant('k', 3.5, 100)] }, { test: 'wasserstein' });
    expect(forced.columns[0]).toMatchObject({ test: 'wasserstein', drifted: true });
    expect(forced.columns[0].score).toBeCloseTo(500, 9);
  });

  it('refuses an empty current dataset and a column whose type changed, naming it', () => {
    expect(() => datasetDrift(reference, { rowCount: 0, columns: [] })).toThrow(ValidationError);
    expect(() => datasetDrift(reference, { rowCount: 0, columns: [] })).toThrow('The current dataset is empty: there is nothing to compare with the reference.');
    const retyped: Table = { rowCount: 50, columns: [categorical('income', R, 50, ['a', 'b', 'c', 'd'])] };
    expect(() => datasetDrift(reference, retyped)).toThrow(/Column 'income' is num in the reference but cat/);
  });
});
