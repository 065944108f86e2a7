import { describe, expect, it } from 'vitest';
import { policyErrorOf } from '../../stores/governance-store';
import { offsetOf } from './text-offset';

describe('policy error positions', () => {
  const yaml = 'auto_approve: false\nchecks:\n  bias: [\n';

  it('puts the caret on the reported line and column', () => {
    expect(yaml.slice(offsetOf(yaml, 3, 9))).toBe('[\n');
    expect(offsetOf(yaml, 2, null)).toBe(20);
  });

  it('clamps positions past the end of the document', () => {
    expect(offsetOf(yaml, 99, 99)).toBe(yaml.length);
  });

  it('reads line and column from the message when the details lack them', () => {
    expect(policyErrorOf(new Error('Flow sequence not closed at line 3, column 9'))).toEqual({
      message: 'Flow sequence not closed at line 3, column 9',
      line: 3,
      column: 9,
    });
    expect(policyErrorOf(new Error('unknown check "speed"'))).toMatchObject({ line: null, column: null });
  });
});
