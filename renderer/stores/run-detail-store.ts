import { create } from 'zustand';
import type { RunDetailResponse } from '../../core/api/contract';
import { requireTracking } from './session-store';

interface RunDetailState {
  details: Record<string, RunDetailResponse>;
  /** Runs whose last fetch failed, with the message, so pages can say which run is missing. */
  failures: Record<string, string>;
  pending: Record<string, true>;
  /** Fetches the run even if cached: the run page always shows fresh status and metrics. */
  refresh(runId: string): Promise<void>;
  /** Fetches only runs not cached yet (the compare view). */
  ensure(runIds: readonly string[]): void;
}

export const useRunDetailStore = create<RunDetailState>((set, get) => ({
  details: {},
  failures: {},
  pending: {},
  async refresh(runId) {
    set((state) => ({ pending: { ...state.pending, [runId]: true } }));
    try {
      const detail = await requireTracking().runDetail(runId);
      set((state) => {
        const { [runId]: _failure, ...failures } = state.failures;
        const { [runId]: _pending, ...pending } = state.pending;
        return { details: { ...state.details, [runId]: detail }, failures, pending };
      });
    } catch (error) {
      set((state) => {
        const { [runId]: _pending, ...pending } = state.pending;
        return { failures: { ...state.failures, [runId]: error instanceof Error ? error.message : String(error) }, pending };
      });
    }
  },
  ensure(runIds) {
    const { details, pending, failures } = get();
    for (const runId of runIds) {
      if (!details[runId] && !pending[runId] && !failures[runId]) void get().refresh(runId);
    }
  },
}));
