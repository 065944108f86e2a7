import { describe, expect, it } from 'vitest';
import { computeVirtualWindow, sameWindow, scrollTopToReveal } from './virtual-window';

describe('computeVirtualWindow', () => {
  const base = { rowHeight: 32, viewportHeight: 640, overscan: 5 };

  it('renders only the visible rows plus overscan at the top of a long list', () => {
    const window = computeVirtualWindow({ ...base, scrollTop: 0, rowCount: 10_000 });
    expect(window.start).toBe(0);
    expect(window.end).toBe(26); // 20 visible + 1 partial + 5 overscan
    expect(window.totalHeight).toBe(320_000);
  });

  it('follows the scroll position in the middle of the list', () => {
    const window = computeVirtualWindow({ ...base, scrollTop: 32 * 5000 + 10, rowCount: 10_000 });
    expect(window.start).toBe(4995);
    expect(window.end).toBe(5026);
    expect(window.end - window.start).toBeLessThan(40);
  });

  it('clamps at the end of the list, even when scrolled past it', () => {
    const window = computeVirtualWindow({ ...base, scrollTop: 10_000_000, rowCount: 100 });
    expect(window.end).toBe(100);
    expect(window.start).toBe(94);
  });

  it('handles short and empty lists', () => {
    expect(computeVirtualWindow({ ...base, scrollTop: 0, rowCount: 3 })).toEqual({ start: 0, end: 3, totalHeight: 96 });
    expect(computeVirtualWindow({ ...base, scrollTop: 0, rowCount: 0 })).toEqual({ start: 0, end: 0, totalHeight: 0 });
  });

  it('compares windows by range and height', () => {
    expect(sameWindow({ start: 1, end: 5, totalHeight: 10 }, { start: 1, end: 5, totalHeight: 10 })).toBe(true);
    expect(sameWindow({ start: 1, end: 5, totalHeight: 10 }, { start: 1, end: 6, totalHeight: 10 })).toBe(false);
  });
});

describe('scrollTopToReveal', () => {
  const base = { rowHeight: 32, viewportHeight: 352, headerHeight: 32 }; // 10 rows of body

  it('keeps the scroll position when the row is already visible', () => {
    expect(scrollTopToReveal({ ...base, index: 3, scrollTop: 0 })).toBe(0);
  });

  it('scrolls down just enough to show a row below the fold', () => {
    expect(scrollTopToReveal({ ...base, index: 10, scrollTop: 0 })).toBe(32);
  });

  it('scrolls up to a row hidden under the sticky header', () => {
    expect(scrollTopToReveal({ ...base, index: 4, scrollTop: 200 })).toBe(128);
  });
});
