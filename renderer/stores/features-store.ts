import { create } from 'zustand';
import type { JobSummary } from '../../core/api/contract';
import type {
  AppliedRepoSummary,
  FeatureApplyResponse,
  FeaturePlanResponse,
  FeatureRepoResponse,
  HistoricalRequestBody,
  MaterializeRequestBody,
} from '../../core/api/features-contract';
import { FeaturesApi } from '../api/features-api';
import { useDatasetsStore } from './datasets-store';
import { initialJobView, reduceJob, type JobView } from './job-events';
import { requireTracking, requireTraining } from './session-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';
export type FeatureJobKind = 'historical' | 'materialize';

let features: FeaturesApi | null = null;

/** The feature routes share the session's client, built on first use like the registry's. */
export function requireFeatures(): FeaturesApi {
  const { client } = requireTracking();
  if (features?.client !== client) features = new FeaturesApi(client);
  return features;
}

/** Bad input (a repo with mistakes, an unknown feature, a taken name) is explained next to the form. */
const inline = { handledInline: (error: { status: number }) => error.status >= 400 && error.status < 500 };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Retrieval and materialization run for seconds at most on the sample; polling their summary is enough. */
const pollInterval = 700;

interface FeaturesState {
  repo: FeatureRepoResponse | null;
  status: LoadStatus;
  load(): Promise<void>;
  versions: AppliedRepoSummary[];
  loadVersions(): Promise<void>;
  /** What the user typed in the repo path field; null until they type. */
  repoPath: string | null;
  setRepoPath(path: string): void;
  /** The latest plan, for the path it was made for. */
  plan: { path: string; response: FeaturePlanResponse } | null;
  /** Why the latest plan or apply failed (an ApiError with `details.problems` for a repo with mistakes). */
  repoError: unknown;
  busy: 'plan' | 'apply' | null;
  runPlan(path: string): Promise<void>;
  /** Resolves to the apply's answer, or null when it failed (the reason is in repoError). */
  runApply(path: string): Promise<FeatureApplyResponse | null>;
  jobs: Record<FeatureJobKind, JobView | null>;
  /** Resolves to the reason the job could not start, or null once it runs. */
  startHistorical(request: HistoricalRequestBody): Promise<string | null>;
  startMaterialize(request: MaterializeRequestBody): Promise<string | null>;
  dismissJob(kind: FeatureJobKind): void;
}

const polls: Record<FeatureJobKind, ReturnType<typeof setInterval> | null> = { historical: null, materialize: null };

function stopPolling(kind: FeatureJobKind) {
  if (polls[kind] !== null) clearInterval(polls[kind]);
  polls[kind] = null;
}

export const useFeaturesStore = create<FeaturesState>((set, get) => {
  const onJobEnded = (kind: FeatureJobKind, job: JobView) => {
    stopPolling(kind);
    // Online row counts and the last materialization changed; a saved training set is a new dataset.
    if (kind === 'materialize') void get().load();
    if (kind === 'historical' && job.status === 'succeeded' && useDatasetsStore.getState().status !== 'idle') void useDatasetsStore.getState().load();
  };

  const follow = (kind: FeatureJobKind, summary: JobSummary) => {
    stopPolling(kind);
    const view = initialJobView(summary);
    set((state) => ({ jobs: { ...state.jobs, [kind]: view } }));
    if (!view.ended) {
      polls[kind] = setInterval(() => {
        requireTraining()
          .job(summary.id, { handledInline: () => true })
          .then(
            (latest) => {
              const current = get().jobs[kind];
              if (current?.id !== summary.id) return;
              const next = reduceJob(current, { type: 'summary', job: latest });
              set((state) => ({ jobs: { ...state.jobs, [kind]: next } }));
              if (next.status !== 'running') onJobEnded(kind, next);
            },
            () => undefined,
          );
      }, pollInterval);
    } else {
      onJobEnded(kind, view);
    }
  };

  const start = async (kind: FeatureJobKind, call: () => Promise<{ job: JobSummary }>): Promise<string | null> => {
    if (get().jobs[kind]?.status === 'running') return 'A job of this kind is still running.';
    try {
      follow(kind, (await call()).job);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  };

  return {
    repo: null,
    status: 'idle',
    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        set({ repo: await requireFeatures().repo(), status: 'ready' });
      } catch {
        set({ status: get().repo ? 'ready' : 'failed' });
      }
    },
    versions: [],
    async loadVersions() {
      try {
        set({ versions: (await requireFeatures().versions()).versions });
      } catch {
        // The list stays as it was; the toast says why.
      }
    },
    repoPath: null,
    setRepoPath(path) {
      set({ repoPath: path });
    },
    plan: null,
    repoError: null,
    busy: null,
    async runPlan(path) {
      if (get().busy) return;
      set({ busy: 'plan', repoError: null, plan: null });
      try {
        set({ plan: { path, response: await requireFeatures().plan(path, inline) } });
      } catch (error) {
        set({ repoError: error });
      } finally {
        set({ busy: null });
      }
    },
    async runApply(path) {
      if (get().busy) return null;
      set({ busy: 'apply', repoError: null });
      try {
        const response = await requireFeatures().apply(path, inline);
        // The registry now matches the repo: the old plan no longer describes anything to do.
        set({ plan: null, repoPath: null });
        await Promise.all([get().load(), get().loadVersions()]);
        return response;
      } catch (error) {
        set({ repoError: error });
        return null;
      } finally {
        set({ busy: null });
      }
    },
    jobs: { historical: null, materialize: null },
    startHistorical: (request) => start('historical', () => requireFeatures().historical(request, inline)),
    startMaterialize: (request) => start('materialize', () => requireFeatures().materialize(request, inline)),
    dismissJob(kind) {
      if (get().jobs[kind]?.status === 'running') return;
      stopPolling(kind);
      set((state) => ({ jobs: { ...state.jobs, [kind]: null } }));
    },
  };
});
