import { create } from 'zustand';
import type { RunRow } from '../../core/api/contract';
import { asFilterSyntaxError, type FilterSyntaxError } from '../api/api-error';
import { requireTracking } from './session-store';

/**
 * A small first page paints the table quickly; big later pages keep 10,000 runs to a handful of
 * requests. Page tokens are offsets, so the page size may change between requests.
 */
export const firstPageSize = 200;
export const runsPageSize = 2000;

export interface RunsQuery {
  experimentId: string;
  filter: string;
  orderBy: string[];
  paramKeys: string[];
  metricKeys: string[];
  tagKeys: string[];
}

interface RunsState {
  query: RunsQuery | null;
  rows: RunRow[];
  /** Runs matching the query across all pages, known from the first page on. */
  total: number;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadingMore: boolean;
  /** The filter the rows were fetched with; differs from query.filter after a rejected filter. */
  appliedFilter: string;
  filterError: (FilterSyntaxError & { filter: string }) | null;
  /** Fetches the runs for `query`; an unchanged query is not fetched again unless `force`. */
  load(query: RunsQuery, options?: { force?: boolean }): Promise<void>;
  reload(): Promise<void>;
}

function sameQuery(a: RunsQuery | null, b: RunsQuery): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

// Each load gets a number; pages that arrive for an older load are dropped.
let generation = 0;

export const useRunsStore = create<RunsState>((set, get) => ({
  query: null,
  rows: [],
  total: 0,
  status: 'idle',
  loadingMore: false,
  appliedFilter: '',
  filterError: null,
  async load(query, options = {}) {
    if (!options.force && sameQuery(get().query, query) && get().status !== 'failed') return;
    const current = ++generation;
    const switchedExperiment = get().query?.experimentId !== query.experimentId;
    // Within one experiment the old rows stay up until the re-sorted/re-filtered page replaces them.
    set({
      query,
      status: 'loading',
      loadingMore: false,
      filterError: null,
      ...(switchedExperiment ? { rows: [], total: 0, appliedFilter: '' } : {}),
    });
    const tracking = requireTracking();
    const request = {
      experiment_ids: [query.experimentId],
      filter: query.filter || undefined,
      order_by: query.orderBy.length > 0 ? query.orderBy : undefined,
      max_results: runsPageSize,
      param_keys: query.paramKeys,
      metric_keys: query.metricKeys,
      tag_keys: query.tagKeys,
    };
    let pageToken: string | null;
    try {
      const first = await tracking.searchRuns({ ...request, max_results: firstPageSize }, { handledInline: (error) => asFilterSyntaxError(error) !== null });
      if (current !== generation) return;
      pageToken = first.next_page_token;
      set({
        rows: first.runs,
        total: first.total,
        status: 'ready',
        loadingMore: pageToken !== null,
        appliedFilter: query.filter,
      });
    } catch (error) {
      if (current !== generation) return;
      const syntax = asFilterSyntaxError(error);
      set({ status: syntax ? 'ready' : 'failed', filterError: syntax ? { ...syntax, filter: query.filter } : null });
      return;
    }
    try {
      // Runs logged while the pages stream in shift the offsets, so a run can arrive twice.
      const seen = new Set(get().rows.map((run) => run.run_id));
      while (pageToken !== null) {
        const page = await tracking.searchRuns({ ...request, page_token: pageToken });
        if (current !== generation) return;
        pageToken = page.next_page_token;
        const fresh = page.runs.filter((run) => !seen.has(run.run_id));
        for (const run of fresh) seen.add(run.run_id);
        set((state) => ({ rows: state.rows.concat(fresh), total: page.total, loadingMore: pageToken !== null }));
      }
    } catch {
      if (current === generation) set({ loadingMore: false });
    }
  },
  async reload() {
    const { query } = get();
    if (query) await get().load(query, { force: true });
  },
}));
