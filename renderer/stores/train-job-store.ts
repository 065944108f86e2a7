import { create } from 'zustand';
import type { JobSummary } from '../../core/api/contract';
import { useExperimentsStore } from './experiments-store';
import { initialJobView, parseJobEvent, reduceJob, type JobAction, type JobView } from './job-events';
import { useRunsStore } from './runs-store';
import { requireTraining } from './session-store';

const streamedEvents = ['progress', 'metric', 'status', 'end'] as const;
/** The job summary is also polled, so progress and the end show even when the stream stays silent. */
const pollInterval = 1000;

interface TrainJobState {
  /** The training started last from this window; null before any. */
  job: JobView | null;
  experimentId: string | null;
  cancelling: boolean;
  /** Shows the job and follows its events and summary until it ends. */
  follow(job: JobSummary, runId: string, experimentId: string): void;
  cancel(): Promise<void>;
  /** Forgets an ended job, so the dialog shows a fresh form. */
  dismiss(): void;
}

let source: EventSource | null = null;
let poll: ReturnType<typeof setInterval> | null = null;

function stopFollowing() {
  source?.close();
  source = null;
  if (poll !== null) clearInterval(poll);
  poll = null;
}

export const useTrainJobStore = create<TrainJobState>((set, get) => {
  /** `origin` says whether the stream or the summary poll brought the action. */
  const apply = (jobId: string, action: JobAction, origin: 'stream' | 'poll') => {
    const { job, experimentId } = get();
    if (job?.id !== jobId) return;
    const next = reduceJob(job, action);
    set({ job: next });
    if (job.status === 'running' && next.status !== 'running') {
      if (poll !== null) clearInterval(poll);
      poll = null;
      // The run (and maybe its experiment) changed on the core: lists showing them catch up.
      void useExperimentsStore.getState().load();
      const runs = useRunsStore.getState();
      if (runs.query?.experimentId === experimentId) void runs.reload();
      // Learnt from the poll, the stream may have missed events: a fresh stream replays them all
      // (learning curves included), then ends, so the panel shows every one either way.
      if (origin === 'poll') openStream(jobId);
    }
  };

  const openStream = (jobId: string) => {
    source?.close();
    const stream = new EventSource(requireTraining().jobEventsUrl(jobId));
    source = stream;
    for (const name of streamedEvents) {
      stream.addEventListener(name, (event) => {
        if (source !== stream) return;
        const action = parseJobEvent(name, (event as MessageEvent<string>).data);
        if (action) apply(jobId, action, 'stream');
        // The core closes the stream after `end`; closing first stops EventSource reconnecting.
        if (name === 'end' && source === stream) {
          stream.close();
          source = null;
        }
      });
    }
    stream.onerror = () => {
      // CONNECTING means the browser retries by itself (and the core replays); CLOSED is final,
      // and the summary poll carries on.
      if (source === stream && stream.readyState === EventSource.CLOSED) source = null;
    };
  };

  const refreshSummary = (jobId: string) =>
    requireTraining()
      .job(jobId, { handledInline: () => true })
      .then(
        (summary) => apply(jobId, { type: 'summary', job: summary }, 'poll'),
        () => undefined,
      );

  return {
    job: null,
    experimentId: null,
    cancelling: false,
    follow(summary, runId, experimentId) {
      stopFollowing();
      set({ job: { ...initialJobView(summary), runId: summary.run_id ?? runId }, experimentId, cancelling: false });
      // Training may have created the experiment; its run is listed from now on.
      void useExperimentsStore.getState().load();
      openStream(summary.id);
      poll = setInterval(() => void refreshSummary(summary.id), pollInterval);
    },
    async cancel() {
      const { job } = get();
      if (!job || job.status !== 'running') return;
      set({ cancelling: true });
      try {
        await requireTraining().cancelJob(job.id);
        await refreshSummary(job.id);
      } finally {
        set({ cancelling: false });
      }
    },
    dismiss() {
      if (get().job?.status === 'running') return;
      stopFollowing();
      set({ job: null, experimentId: null });
    },
  };
});
