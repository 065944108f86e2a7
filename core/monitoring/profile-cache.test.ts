import { describe, expect, it } from 'vitest';
import { ReferenceProfileCache } from './profile-cache.js';
import type { ColumnProfile } from './reference-profile.js';

const column = (name: string, values: number): ColumnProfile => ({ name, type: 'num', sorted: new Float64Array(values), deviation: 1, distinct: values });

describe('ReferenceProfileCache', () => {
  it('answers only when every requested column is cached, merging columns of one reference', () => {
    const cache = new ReferenceProfileCache(1 << 20);
    cache.put('a', [column('x', 10)]);
    expect(cache.get('a', ['x', 'y'])).toBeNull();
    cache.put('a', [column('y', 10)]);
    expect(cache.get('a', ['y', 'x'])!.map((profile) => profile.name)).toEqual(['y', 'x']);
  });

  it('stays under its byte bound by dropping the least recently used reference', () => {
    const cache = new ReferenceProfileCache(3 * (8000 + 64));
    cache.put('a', [column('x', 1000)]);
    cache.put('b', [column('x', 1000)]);
    cache.put('c', [column('x', 1000)]);
    cache.get('a', ['x']);
    cache.put('d', [column('x', 1000)]);
    expect(['a', 'b', 'c', 'd'].filter((key) => cache.has(key))).toEqual(['a', 'c', 'd']);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    cache.put('huge', [column('x', 10_000)]);
    expect(cache.has('huge')).toBe(false);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
  });
});
