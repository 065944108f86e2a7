import { describe, expect, it } from 'vitest';
import { compareHref, matchPattern, parseHash, parseRunIds } from './hash-route';

describe('hash routes', () => {
  it('splits path and query and normalises slashes', () => {
    const location = parseHash('#/compare?runs=a,b,c');
    expect(location.path).toBe('/compare');
    expect(parseRunIds(location.query.get('runs'))).toEqual(['a', 'b', 'c']);
    expect(parseHash('#/experiments/').path).toBe('/experiments');
    expect(parseHash('').path).toBe('/');
  });

  it('matches parameters and decodes them', () => {
    expect(matchPattern('/runs/:runId', '/runs/abc%20def')).toEqual({ runId: 'abc def' });
    expect(matchPattern('/experiments/:experimentId', '/experiments')).toBeNull();
    expect(matchPattern('/experiments', '/runs')).toBeNull();
  });

  it('round-trips compare links and drops duplicate or empty ids', () => {
    const href = compareHref(['r1', 'r2', 'r3']);
    expect(href).toBe('#/compare?runs=r1,r2,r3');
    expect(parseRunIds(parseHash(href).query.get('runs'))).toEqual(['r1', 'r2', 'r3']);
    expect(parseRunIds('a,,a, b')).toEqual(['a', 'b']);
  });
});
