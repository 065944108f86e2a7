import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../../core/api/contract';
import { buildDiffRows, valuesDiffer } from './run-diff';

function run(id: string, params: Record<string, string>, metrics: RunRow['metrics']): RunRow {
  return {
    run_id: id,
    run_name: id,
    experiment_id: '1',
    status: 'FINISHED',
    start_time: 0,
    end_time: 1,
    user_id: 'ada',
    parent_run_id: null,
    lifecycle_stage: 'active',
    artifact_uri: '',
    params,
    metrics,
    tags: {},
  };
}

describe('valuesDiffer', () => {
  it('is false when every run agrees and true on any disagreement', () => {
    expect(valuesDiffer(['0.1', '0.1', '0.1'])).toBe(false);
    expect(valuesDiffer(['0.1', '0.1', '0.2'])).toBe(true);
  });

  it('counts a missing value as a difference, but not when all lack it', () => {
    expect(valuesDiffer(['adam', null])).toBe(true);
    expect(valuesDiffer([null, null])).toBe(false);
  });
});

describe('buildDiffRows', () => {
  const runs = [
    run('a', { lr: '0.1', optimizer: 'adam', seed: '1' }, { acc: 0.5, loss: 'NaN' }),
    run('b', { lr: '0.1', optimizer: 'sgd' }, { acc: 0.5, loss: 'NaN', f1: 0.7 }),
  ];
  const rows = buildDiffRows(runs);
  const row = (section: string, key: string) => rows.find((candidate) => candidate.section === section && candidate.key === key);

  it('lists the union of keys, params before metrics, sorted', () => {
    expect(rows.map((candidate) => `${candidate.section}.${candidate.key}`)).toEqual([
      'params.lr',
      'params.optimizer',
      'params.seed',
      'metrics.acc',
      'metrics.f1',
      'metrics.loss',
    ]);
  });

  it('flags exactly the keys whose values differ', () => {
    expect(row('params', 'lr')?.differs).toBe(false);
    expect(row('params', 'optimizer')?.differs).toBe(true);
    expect(row('params', 'seed')?.differs).toBe(true);
    expect(row('metrics', 'acc')?.differs).toBe(false);
    expect(row('metrics', 'loss')?.differs).toBe(false); // NaN equals NaN here
    expect(row('metrics', 'f1')?.differs).toBe(true);
  });

  it('shows a dash where a run lacks the key', () => {
    expect(row('params', 'seed')?.display).toEqual(['1', '—']);
    expect(row('metrics', 'f1')?.display).toEqual(['—', '0.7']);
  });
});
