import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './request-ids.js';

describe('timeOrderedId', () => {
  it('is a version 7 UUID with the RFC 9562 variant, carrying the time in its first 48 bits', () => {
    const now = Date.UTC(2026, 10, 27, 1, 2, 3, 456);
    const id = timeOrderedId(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('sorts by time as text and does not repeat within a millisecond', () => {
    const ids = [1_000, 1_001, 20_000, 1_700_000_000_000].map((time) => timeOrderedId(time));
    expect([...ids].sort()).toEqual(ids);
    const sameMillisecond = new Set(Array.from({ length: 5_000 }, () => timeOrderedId(42)));
    expect(sameMillisecond.size).toBe(5_000);
  });
});
