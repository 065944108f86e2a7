import { describe, expect, it } from 'vitest';
import { isNumericColumn, missingLabel, parallelCoordinatesTrace, toDimension } from './parallel-coordinates';

describe('parallel coordinates dimensions', () => {
  it('treats params that all parse as numbers as a numeric axis', () => {
    expect(isNumericColumn(['0.1', '0.01', '1e-3', 4])).toBe(true);
    expect(toDimension({ label: 'lr', values: ['0.1', '0.01', '1e-3'] })).toEqual({ label: 'lr', values: [0.1, 0.01, 0.001] });
  });

  it('maps words, blanks and gaps to labelled categories', () => {
    expect(isNumericColumn(['0.1', ''])).toBe(false);
    expect(isNumericColumn(['1', null])).toBe(false);
    const dimension = toDimension({ label: 'optimizer', values: ['sgd', 'adam', null, 'adam'] });
    expect(dimension.ticktext).toEqual([missingLabel, 'adam', 'sgd']);
    expect(dimension.tickvals).toEqual([0, 1, 2]);
    expect(dimension.values).toEqual([2, 1, 0, 1]);
  });

  it('orders numeric-looking categories naturally and gives a lone category a visible axis', () => {
    expect(toDimension({ label: 'layers', values: ['10', '9', 'x'] }).ticktext).toEqual(['9', '10', 'x']);
    expect(toDimension({ label: 'kind', values: ['a', 'a'] }).range).toEqual([0, 1]);
  });

  it('puts the chosen metric last and colours the lines by it', () => {
    const trace = parallelCoordinatesTrace({
      columns: [{ label: 'lr', values: ['0.1', '0.2'] }],
      target: { label: 'accuracy', values: [0.8, 0.9] },
      colorScale: [
        [0, '#000'],
        [1, '#fff'],
      ],
      textColor: '#333',
    }) as { type: string; dimensions: Array<{ label: string }>; line: { color: number[] } };
    expect(trace.type).toBe('parcoords');
    expect(trace.dimensions.map((dimension) => dimension.label)).toEqual(['lr', 'accuracy']);
    expect(trace.line.color).toEqual([0.8, 0.9]);
  });
});
