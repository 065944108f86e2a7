import { create } from 'zustand';
import { useTrainJobStore } from './train-job-store';

/** What the opener already knows: the dataset page passes its dataset and version. */
export interface TrainPreset {
  dataset?: string;
  version?: number;
  experiment?: string;
}

interface TrainDialogState {
  open: boolean;
  preset: TrainPreset;
  /** Opens the form; a job that has ended makes way for it, a running one stays in view. */
  show(preset?: TrainPreset): void;
  /** Opens the dialog on whatever it showed last (the job, from the top bar). */
  reopen(): void;
  close(): void;
}

/** One Train dialog for the whole app, so a running job stays in view across pages. */
export const useTrainDialogStore = create<TrainDialogState>((set) => ({
  open: false,
  preset: {},
  show(preset = {}) {
    useTrainJobStore.getState().dismiss();
    set({ open: true, preset });
  },
  reopen() {
    set({ open: true });
  },
  close() {
    set({ open: false });
  },
}));
