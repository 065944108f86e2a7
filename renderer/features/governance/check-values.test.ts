import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../core/api/registry-contract';
import { biasGroups, checkValueRows, formatCheckValue, orderChecks } from './check-values';

function check(name: string, verdict: CheckResult['verdict'], numbers: Record<string, unknown> = {}, inputs: Record<string, unknown> = {}): CheckResult {
  return { name, category: 'bias', verdict, summary: '', inputs, numbers, duration_ms: 1 };
}

describe('check values', () => {
  it('formats numbers, flags and lists the way a reviewer reads them', () => {
    expect(formatCheckValue(0.812345678)).toBe('0.812346');
    expect(formatCheckValue(true)).toBe('yes');
    expect(formatCheckValue(['ai.onnx', 'ai.onnx.ml'])).toBe('ai.onnx, ai.onnx.ml');
    expect(formatCheckValue([])).toBe('none');
    expect(formatCheckValue(null)).toBe('—');
  });

  it('flattens one level of nesting and leaves out keys shown elsewhere', () => {
    const rows = checkValueRows({ roc_auc: 0.9, champion: { version: 2, roc_auc: 0.88 }, groups: [{ group: 'a' }] }, ['groups']);
    expect(rows).toEqual([
      { key: 'roc_auc', value: '0.9' },
      { key: 'champion.version', value: '2' },
      { key: 'champion.roc_auc', value: '0.88' },
    ]);
  });

  it("reads the core's bias groups and marks those below the minimum size as not compared", () => {
    const groups = [
      { group: 'new', count: 400, positive_rate: 0.42, base_rate: 0.3, true_positive_rate: 0.8, false_positive_rate: 0.2, accuracy: 0.7 },
      { group: 'tiny', count: 10, positive_rate: 0.9, base_rate: 0.5, true_positive_rate: null, false_positive_rate: 0.1, accuracy: 0.6 },
    ];
    expect(biasGroups(check('bias.segment', 'fail', { groups }, { min_group_size: 50 }))).toEqual([
      { group: 'new', size: 400, positiveRate: 0.42, truePositiveRate: 0.8, compared: true },
      { group: 'tiny', size: 10, positiveRate: 0.9, truePositiveRate: null, compared: false },
    ]);
  });

  it('also reads groups given as a record keyed by group', () => {
    const keyed = biasGroups(check('bias.region', 'pass', { groups: { south: { count: 4, selection_rate: 0.5, true_positive_rate: 1, compared: false } } }));
    expect(keyed).toEqual([{ group: 'south', size: 4, positiveRate: 0.5, truePositiveRate: 1, compared: false }]);
  });

  it('finds no groups in checks that are not about bias or carry none', () => {
    expect(biasGroups(check('performance.threshold', 'pass', { groups: [{ group: 'x', positive_rate: 1 }] }))).toEqual([]);
    expect(biasGroups(check('bias.age', 'skipped', {}))).toEqual([]);
  });

  it('puts failures and errors ahead of passes', () => {
    const ordered = orderChecks([check('b', 'pass'), check('a', 'skipped'), check('c', 'error'), check('d', 'fail')]);
    expect(ordered.map((item) => item.verdict)).toEqual(['fail', 'error', 'pass', 'skipped']);
  });
});
