import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { JobEvent, JobSummary } from '../api/contract.js';
import { CancelledError, NotFoundError, ValidationError, WorkbenchError } from '../api/errors.js';

export type { JobEvent, JobSummary };
export type JobStatus = JobSummary['status'];

export interface JobContext {
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  emit(event: Omit<JobEvent, 'time'>): void;
  /** Links the job to the tracking run it produces, as soon as that run exists. */
  attachRun(runId: string): void;
}

interface JobState {
  summary: JobSummary;
  controller: AbortController;
  events: JobEvent[];
  emitter: EventEmitter;
}

const keptEvents = 2000;

/**
 * Background jobs inside the core (training, later pipelines): started from HTTP or the CLI,
 * observed through events, cancellable. The work itself runs on worker threads; this class only
 * keeps the bookkeeping on the event loop, so health checks keep answering.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobState>();

  start(input: { kind: string; title: string; user: string }, work: (context: JobContext) => Promise<Record<string, unknown>>): JobSummary {
    const controller = new AbortController();
    const state: JobState = {
      controller,
      events: [],
      emitter: new EventEmitter(),
      summary: {
        id: randomUUID(),
        kind: input.kind,
        title: input.title,
        status: 'running',
        created_by: input.user,
        created_time: Date.now(),
        ended_time: null,
        fraction: 0,
        message: 'Starting',
        run_id: null,
        error: null,
        error_code: null,
        result: null,
      },
    };
    state.emitter.setMaxListeners(100);
    this.jobs.set(state.summary.id, state);
    const push = (event: JobEvent) => {
      state.events.push(event);
      if (state.events.length > keptEvents) state.events.splice(0, state.events.length - keptEvents);
      state.emitter.emit('event', event);
    };
    const context: JobContext = {
      signal: controller.signal,
      progress(fraction, message) {
        state.summary.fraction = Math.max(0, Math.min(1, fraction));
        if (message) state.summary.message = message;
        push({ type: 'progress', time: Date.now(), fraction: state.summary.fraction, message: state.summary.message });
      },
      emit(event) {
        push({ ...event, time: Date.now() });
      },
      attachRun(runId) {
        state.summary.run_id = runId;
      },
    };
    const finish = (status: JobStatus, details: { result?: Record<string, unknown>; error?: Error }) => {
      const errorCode = details.error instanceof WorkbenchError ? details.error.code : null;
      Object.assign(state.summary, { status, ended_time: Date.now(), result: details.result ?? null, error: details.error?.message ?? null, error_code: errorCode });
      if (status === 'succeeded') state.summary.fraction = 1;
      state.summary.message = status === 'succeeded' ? 'Finished' : status === 'cancelled' ? 'Cancelled' : (details.error?.message ?? 'Failed');
      push({ type: 'status', time: Date.now(), message: status, data: { ...state.summary } });
      state.emitter.emit('end');
    };
    // Deferred so callers get the summary (and can subscribe) before the first event.
    setImmediate(() => {
      work(context).then(
        (result) => finish(controller.signal.aborted ? 'cancelled' : 'succeeded', { result }),
        (error: Error) => finish(controller.signal.aborted || error instanceof CancelledError ? 'cancelled' : 'failed', { error }),
      );
    });
    return { ...state.summary };
  }

  get(id: string): JobSummary {
    return { ...this.state(id).summary };
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((state) => ({ ...state.summary })).sort((a, b) => b.created_time - a.created_time);
  }

  cancel(id: string): JobSummary {
    const state = this.state(id);
    if (state.summary.status !== 'running') throw new ValidationError(`Job ${id} is already ${state.summary.status}.`, { job_id: id });
    state.controller.abort();
    return { ...state.summary };
  }

  /** Replays past events, then follows live ones until the job ends; returns an unsubscribe. */
  subscribe(id: string, listener: (event: JobEvent) => void, onEnd: () => void): () => void {
    const state = this.state(id);
    for (const event of state.events) listener(event);
    if (state.summary.status !== 'running') {
      onEnd();
      return () => {};
    }
    state.emitter.on('event', listener);
    state.emitter.once('end', onEnd);
    return () => {
      state.emitter.off('event', listener);
      state.emitter.off('end', onEnd);
    };
  }

  /** Resolves when the job has ended (used by the CLI, which runs jobs in-process). */
  wait(id: string): Promise<JobSummary> {
    const state = this.state(id);
    if (state.summary.status !== 'running') return Promise.resolve({ ...state.summary });
    return new Promise((resolve) => state.emitter.once('end', () => resolve({ ...state.summary })));
  }

  cancelAll(): void {
    for (const state of this.jobs.values()) if (state.summary.status === 'running') state.controller.abort();
  }

  private state(id: string): JobState {
    const state = this.jobs.get(id);
    if (!state) throw new NotFoundError(`No job with id ${id}.`);
    return state;
  }
}
