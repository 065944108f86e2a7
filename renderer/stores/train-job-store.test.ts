// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobSummary } from '../../core/api/contract';
import type { TrainingApi } from '../api/training-api';
import { runningJob as running } from '../testing/jobs';
import { useSessionStore } from './session-store';
import { useTrainJobStore } from './train-job-store';

/** Stands in for the browser's EventSource: tests push server-sent events by hand. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.OPEN;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(name: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(name: string, data: unknown) {
    if (this.readyState === FakeEventSource.CLOSED) return;
    for (const listener of this.listeners.get(name) ?? []) listener({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

const succeeded: JobSummary = { ...running, status: 'succeeded', fraction: 1, message: 'Finished', run_id: 'run-1', ended_time: 2, result: { metrics: { roc_auc: 0.8 } } };

let summary: JobSummary;

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  summary = running;
  const training = {
    jobEventsUrl: (id: string) => `http://core/api/jobs/${id}/events?token=t`,
    job: async () => summary,
    cancelJob: async () => summary,
  } as unknown as TrainingApi;
  useSessionStore.setState({ training });
});

afterEach(() => {
  summary = succeeded;
  useTrainJobStore.getState().dismiss();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('following a training job', () => {
  it('takes progress and the end from the event stream', async () => {
    useTrainJobStore.getState().follow(running, 'run-1', '7');
    const stream = FakeEventSource.opened[0];
    expect(stream.url).toContain('/api/jobs/job-1/events?token=');
    stream.emit('progress', { type: 'progress', time: 1, fraction: 0.4, message: 'Fitting' });
    stream.emit('metric', { type: 'metric', time: 2, data: { step: 1, train_loss: 0.6 } });
    expect(useTrainJobStore.getState().job).toMatchObject({ status: 'running', fraction: 0.4, message: 'Fitting' });
    stream.emit('status', { type: 'status', time: 3, message: 'succeeded', data: succeeded });
    stream.emit('end', {});
    expect(useTrainJobStore.getState().job).toMatchObject({ status: 'succeeded', runId: 'run-1', ended: true, result: { metrics: { roc_auc: 0.8 } } });
    expect(useTrainJobStore.getState().job?.metrics).toEqual([{ key: 'train_loss', steps: [1], values: [0.6] }]);
    expect(stream.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('learns the end from the summary when the stream stays silent, then replays the events', async () => {
    useTrainJobStore.getState().follow(running, 'run-1', '7');
    summary = { ...running, fraction: 0.5, message: 'Fitting' };
    await vi.advanceTimersByTimeAsync(1000);
    expect(useTrainJobStore.getState().job).toMatchObject({ status: 'running', fraction: 0.5, message: 'Fitting' });

    summary = succeeded;
    await vi.advanceTimersByTimeAsync(1000);
    expect(useTrainJobStore.getState().job).toMatchObject({ status: 'succeeded', fraction: 1, runId: 'run-1' });
    // The silent stream is replaced by one that replays the job's events, learning curves included.
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[0].readyState).toBe(FakeEventSource.CLOSED);
    const replay = FakeEventSource.opened[1];
    replay.emit('progress', { type: 'progress', time: 1, fraction: 0.2, message: 'Fitting' });
    replay.emit('metric', { type: 'metric', time: 2, data: { step: 1, train_loss: 0.6, validation_loss: 0.7 } });
    replay.emit('status', { type: 'status', time: 3, message: 'succeeded', data: succeeded });
    replay.emit('end', {});
    const job = useTrainJobStore.getState().job!;
    expect(job).toMatchObject({ status: 'succeeded', fraction: 1, ended: true });
    expect(job.metrics.map((series) => series.key)).toEqual(['train_loss', 'validation_loss']);
    // Polling stopped with the end.
    await vi.advanceTimersByTimeAsync(5000);
    expect(FakeEventSource.opened).toHaveLength(2);
  });
});
