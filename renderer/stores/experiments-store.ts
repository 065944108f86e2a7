import { create } from 'zustand';
import type { ExperimentSummary } from '../../core/api/contract';
import type { RequestOptions } from '../api/client';
import { requireTracking } from './session-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

interface ExperimentsState {
  experiments: ExperimentSummary[];
  status: LoadStatus;
  /** The experiment last shown, so "g e" and the nav link return to it. */
  lastViewedId: string | null;
  setLastViewed(experimentId: string): void;
  load(): Promise<void>;
  create(name: string, options?: RequestOptions): Promise<ExperimentSummary>;
}

export const useExperimentsStore = create<ExperimentsState>((set, get) => ({
  experiments: [],
  status: 'idle',
  lastViewedId: null,
  setLastViewed(experimentId) {
    if (get().lastViewedId !== experimentId) set({ lastViewedId: experimentId });
  },
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const { experiments } = await requireTracking().listExperiments();
      set({ experiments: experiments.filter((experiment) => experiment.lifecycle_stage === 'active'), status: 'ready' });
    } catch {
      set({ status: get().experiments.length > 0 ? 'ready' : 'failed' });
    }
  },
  async create(name, options) {
    const { experiment } = await requireTracking().createExperiment({ name }, options);
    set((state) => ({ experiments: [...state.experiments, experiment] }));
    return experiment;
  },
}));
