import { describe, expect, it } from 'vitest';
import { confusionMatrixTrace, curveTraces, diagonalTrace, importanceTraces } from './evaluation-traces';

describe('evaluation traces', () => {
  it('draws one line per class and a dashed diagonal', () => {
    const traces = curveTraces([{ name: 'churned', color: '#000', x: [0, 0.5, 1], y: [0, 0.8, 1] }], { x: 'FPR', y: 'TPR' }) as Array<Record<string, unknown>>;
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ mode: 'lines', name: 'churned', y: [0, 0.8, 1] });
    expect(diagonalTrace('#999', 'Chance')).toMatchObject({ x: [0, 1], y: [0, 1], line: { dash: 'dash' } });
  });

  it('colours the confusion matrix by the share of each actual class and labels counts', () => {
    const trace = confusionMatrixTrace({ matrix: [[3, 1], [0, 0]], classes: ['no', 'yes'], colorScale: [[0, '#fff'], [1, '#000']] }) as unknown as {
      z: number[][];
      text: string[][];
    };
    expect(trace.z).toEqual([[0.75, 0.25], [0, 0]]);
    expect(trace.text[0][0]).toBe('3<br>75.0%');
  });

  it('adds a gain panel only when the model reports gain', () => {
    const colors = { permutation: 'a', gain: 'b', error: 'c' };
    expect(importanceTraces([{ feature: 'spend', mean: 0.1, std: 0.01, gain: null }], colors)).toHaveLength(1);
    const withGain = importanceTraces([{ feature: 'spend', mean: 0.1, std: 0.01, gain: 12 }], colors) as Array<Record<string, unknown>>;
    expect(withGain).toHaveLength(2);
    expect(withGain[1]).toMatchObject({ xaxis: 'x2', x: [12] });
  });
});
