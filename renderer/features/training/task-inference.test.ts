import { describe, expect, it } from 'vitest';
import type { DatasetColumnStats } from '../../../core/api/contract';
import { defaultTarget, describeTask, inferTask } from './task-inference';

function column(overrides: Partial<DatasetColumnStats>): DatasetColumnStats {
  return {
    name: 'column',
    type: 'numeric',
    count: 100,
    missing: 0,
    distinct: 40,
    min: 0,
    max: 10,
    mean: 5,
    std: 1,
    quantiles: null,
    top: [],
    histogram: null,
    length: null,
    ...overrides,
  };
}

describe('inferTask', () => {
  it('makes booleans and two categories a binary task', () => {
    expect(inferTask(column({ type: 'boolean', distinct: 2, min: 0, max: 1 }))).toMatchObject({ task: 'binary', classes: 2 });
    expect(inferTask(column({ type: 'categorical', distinct: 2, min: null, max: null }))).toMatchObject({ task: 'binary' });
  });

  it('makes more categories a multiclass task with their count', () => {
    const inference = inferTask(column({ type: 'categorical', distinct: 4, min: null, max: null }));
    expect(inference).toMatchObject({ task: 'multiclass', classes: 4, note: null });
    expect(describeTask(inference)).toBe('Multiclass classification · 4 classes');
  });

  it('treats numbers that are only 0 and 1 as classes, any other numbers as regression', () => {
    expect(inferTask(column({ distinct: 2, min: 0, max: 1 }))).toMatchObject({ task: 'binary' });
    expect(inferTask(column({ distinct: 2, min: 1, max: 2 }))).toMatchObject({ task: 'regression' });
    expect(inferTask(column({ distinct: 3, min: 0, max: 1 }))).toMatchObject({ task: 'regression' });
    expect(describeTask(inferTask(column({})))).toBe('Regression');
  });

  it('refuses datetimes, empty and constant columns, saying why', () => {
    expect(inferTask(column({ name: 'signup', type: 'datetime' }))).toEqual({ task: null, problem: expect.stringContaining('datetimes') });
    expect(inferTask(column({ count: 0, missing: 100, distinct: 0 }))).toEqual({ task: null, problem: expect.stringContaining('no values') });
    expect(inferTask(column({ type: 'categorical', distinct: 1 }))).toEqual({ task: null, problem: expect.stringContaining('single value') });
  });

  it('warns when a categorical target looks like an identifier', () => {
    const inference = inferTask(column({ name: 'customer_id', type: 'categorical', count: 3000, distinct: 3000 }));
    expect(inference).toMatchObject({ task: 'multiclass', note: expect.stringContaining('identifier') });
  });
});

describe('defaultTarget', () => {
  it('prefers a column named like a label, else the last trainable column', () => {
    const columns = [column({ name: 'target', type: 'boolean', distinct: 2 }), column({ name: 'spend' })];
    expect(defaultTarget(columns)).toBe('target');
    expect(defaultTarget([column({ name: 'spend' }), column({ name: 'when', type: 'datetime' })])).toBe('spend');
    expect(defaultTarget([column({ name: 'when', type: 'datetime' })])).toBeNull();
  });
});
