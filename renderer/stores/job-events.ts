// The job panel's state, folded from the server-sent events of GET /api/jobs/:id/events. The core
// replays past events to every new connection, and EventSource reconnects by itself after a drop,
// so the same event can arrive twice: folding it again must change nothing.
import type { JobSummary } from '../../core/api/contract';

export type JobStatus = JobSummary['status'];

export interface MetricSeries {
  key: string;
  /** Ascending, one entry per step. */
  steps: number[];
  values: number[];
}

export interface JobView {
  id: string;
  title: string;
  status: JobStatus;
  /** 0..1 */
  fraction: number;
  message: string;
  runId: string | null;
  error: string | null;
  metrics: MetricSeries[];
  /** What the job returned when it succeeded (a training: its test metrics). */
  result: Record<string, unknown> | null;
  /** The stream said `end`; nothing more will come. */
  ended: boolean;
}

export type JobAction =
  | { type: 'progress'; fraction: number; message: string | null }
  | { type: 'metric'; step: number; values: Record<string, number> }
  | { type: 'summary'; job: JobSummary }
  | { type: 'end' };

export function initialJobView(job: JobSummary): JobView {
  return {
    id: job.id,
    title: job.title,
    status: job.status,
    fraction: job.fraction,
    message: job.message,
    runId: job.run_id,
    error: job.error,
    metrics: [],
    result: job.result,
    ended: job.status !== 'running',
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJobSummary(value: unknown): value is JobSummary {
  return isRecord(value) && typeof value.id === 'string' && typeof value.status === 'string' && typeof value.fraction === 'number';
}

/** One SSE message (its `event:` name and `data:` text) → an action, or null for what the panel ignores. */
export function parseJobEvent(eventName: string, data: string): JobAction | null {
  if (eventName === 'end') return { type: 'end' };
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(payload)) return null;
  if (eventName === 'progress' && typeof payload.fraction === 'number') {
    return { type: 'progress', fraction: payload.fraction, message: typeof payload.message === 'string' ? payload.message : null };
  }
  if (eventName === 'metric' && isRecord(payload.data) && typeof payload.data.step === 'number') {
    const values: Record<string, number> = {};
    for (const [key, value] of Object.entries(payload.data)) {
      if (key !== 'step' && typeof value === 'number' && Number.isFinite(value)) values[key] = value;
    }
    return Object.keys(values).length > 0 ? { type: 'metric', step: payload.data.step, values } : null;
  }
  if (eventName === 'status' && isJobSummary(payload.data)) return { type: 'summary', job: payload.data };
  return null;
}

/** Sets `value` at `step`, keeping the steps ascending; a replayed point replaces itself. */
function withPoint(series: MetricSeries, step: number, value: number): MetricSeries {
  const steps = [...series.steps];
  const values = [...series.values];
  let index = steps.length;
  while (index > 0 && steps[index - 1] > step) index--;
  if (index > 0 && steps[index - 1] === step) values[index - 1] = value;
  else {
    steps.splice(index, 0, step);
    values.splice(index, 0, value);
  }
  return { key: series.key, steps, values };
}

export function reduceJob(state: JobView, action: JobAction): JobView {
  switch (action.type) {
    case 'progress':
      // A replayed progress event must not pull the bar back once the job has ended.
      if (state.status !== 'running') return state;
      return { ...state, fraction: Math.max(0, Math.min(1, action.fraction)), message: action.message ?? state.message };
    case 'metric': {
      let metrics = state.metrics;
      for (const [key, value] of Object.entries(action.values)) {
        const existing = metrics.find((series) => series.key === key);
        const updated = withPoint(existing ?? { key, steps: [], values: [] }, action.step, value);
        metrics = existing ? metrics.map((series) => (series === existing ? updated : series)) : [...metrics, updated];
      }
      return { ...state, metrics };
    }
    case 'summary': {
      const { job } = action;
      return {
        ...state,
        status: job.status,
        fraction: job.status === 'succeeded' ? 1 : job.fraction,
        message: job.message,
        runId: job.run_id ?? state.runId,
        error: job.error,
        result: job.result ?? state.result,
        ended: state.ended || job.status !== 'running',
      };
    }
    case 'end':
      return { ...state, ended: true };
  }
}
