import { create } from 'zustand';

/** Runs between the anchor (last plain click) and `toIndex`, inclusive, in table order. */
export function rangeIds(orderedIds: readonly string[], anchorId: string | null, toIndex: number): string[] {
  const anchorIndex = anchorId === null ? -1 : orderedIds.indexOf(anchorId);
  if (anchorIndex < 0) return orderedIds.slice(toIndex, toIndex + 1);
  const [from, to] = anchorIndex <= toIndex ? [anchorIndex, toIndex] : [toIndex, anchorIndex];
  return orderedIds.slice(from, to + 1);
}

export function withRuns(selected: ReadonlySet<string>, runIds: readonly string[], on: boolean): Set<string> {
  const next = new Set(selected);
  for (const runId of runIds) {
    if (on) next.add(runId);
    else next.delete(runId);
  }
  return next;
}

interface RunSelectionState {
  selected: ReadonlySet<string>;
  anchorId: string | null;
  /** Row index of the keyboard cursor in the runs table. */
  cursor: number;
  toggle(runId: string): void;
  /** Shift-click: the whole range takes the state the clicked run is switched to. */
  toggleRange(orderedIds: readonly string[], toIndex: number): void;
  setMany(runIds: readonly string[], on: boolean): void;
  reset(): void;
  setCursor(index: number): void;
}

export const useRunSelectionStore = create<RunSelectionState>((set, get) => ({
  selected: new Set(),
  anchorId: null,
  cursor: 0,
  toggle(runId) {
    const { selected } = get();
    set({ selected: withRuns(selected, [runId], !selected.has(runId)), anchorId: runId });
  },
  toggleRange(orderedIds, toIndex) {
    const { selected, anchorId } = get();
    const target = orderedIds[toIndex];
    if (target === undefined) return;
    const on = !selected.has(target);
    set({ selected: withRuns(selected, rangeIds(orderedIds, anchorId, toIndex), on), anchorId: target });
  },
  setMany(runIds, on) {
    set({ selected: withRuns(get().selected, runIds, on) });
  },
  reset() {
    set({ selected: new Set(), anchorId: null, cursor: 0 });
  },
  setCursor(index) {
    set({ cursor: Math.max(0, index) });
  },
}));
