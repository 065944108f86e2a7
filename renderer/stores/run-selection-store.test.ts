import { beforeEach, describe, expect, it } from 'vitest';
import { rangeIds, useRunSelectionStore } from './run-selection-store';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('rangeIds', () => {
  it('spans anchor to target in either direction', () => {
    expect(rangeIds(ids, 'b', 3)).toEqual(['b', 'c', 'd']);
    expect(rangeIds(ids, 'd', 1)).toEqual(['b', 'c', 'd']);
  });

  it('falls back to the single target when the anchor is gone (re-sorted or filtered out)', () => {
    expect(rangeIds(ids, 'zz', 2)).toEqual(['c']);
    expect(rangeIds(ids, null, 0)).toEqual(['a']);
  });
});

describe('run selection', () => {
  beforeEach(() => useRunSelectionStore.getState().reset());

  it('selects a range with shift-click after a plain click', () => {
    const store = useRunSelectionStore.getState();
    store.toggle('b');
    useRunSelectionStore.getState().toggleRange(ids, 3);
    expect([...useRunSelectionStore.getState().selected].sort()).toEqual(['b', 'c', 'd']);
  });

  it('clears a range when the shift-clicked run was already selected', () => {
    const store = useRunSelectionStore.getState();
    store.setMany(ids, true);
    store.toggle('a'); // a off, anchor a
    useRunSelectionStore.getState().toggleRange(ids, 2); // c was on, so a..c turn off
    expect([...useRunSelectionStore.getState().selected].sort()).toEqual(['d', 'e']);
  });
});
