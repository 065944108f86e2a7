// Runs a search's trials as one job: a few at a time on worker threads, each a child run of the
// parent. Cancel stops the running trials (their runs end KILLED) and starts no more; the parent
// records the best trial by the task's test metric and ends FINISHED when any trial succeeded.
import { availableParallelism } from 'node:os';
import { CancelledError, WorkbenchError } from '../../api/errors.js';
import type { JobContext } from '../../jobs/job-manager.js';
import type { RunStore } from '../../tracking/runs.js';
import type { TrainResult } from '../train-pipeline.js';
import type { Task } from '../types.js';

/** What one trial needs from the job: cancellation, progress and learning-curve events. */
export type TrialContext = Pick<JobContext, 'signal' | 'progress' | 'emit'>;

export interface SearchTrials {
  parentRunId: string;
  task: Task;
  trials: Array<Record<string, unknown>>;
  /** Creates the trial's child run; called only when the trial starts. */
  createTrialRun(index: number): string;
  /** Trains into the run and ends it FINISHED, FAILED or KILLED; rejects unless it finished. */
  trainTrial(index: number, runId: string, context: TrialContext): Promise<TrainResult>;
}

interface TrialOutcome {
  trial: number;
  run_id: string;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  score: number | null;
  error?: string;
}

/** Higher is better for all three. */
const selectionMetric: Record<Task, 'roc_auc' | 'roc_auc_ovr' | 'r2'> = { binary: 'roc_auc', multiclass: 'roc_auc_ovr', regression: 'r2' };

/** Trials in parallel: one per core, at least 1, at most 4 (each holds a copy of the table). */
export function searchParallelism(): number {
  return Math.min(4, Math.max(1, availableParallelism()));
}

export async function runSearch(search: SearchTrials, runs: RunStore, context: JobContext): Promise<Record<string, unknown>> {
  const { parentRunId, trials } = search;
  const metric = selectionMetric[search.task];
  const total = trials.length;
  const running = new Map<number, number>();
  const outcomes: TrialOutcome[] = [];
  let firstError: Error | undefined;
  let next = 0;
  const report = (message: string) => {
    const partial = [...running.values()].reduce((sum, fraction) => sum + fraction, 0);
    context.progress((outcomes.length + partial) / total, message);
  };

  const lane = async () => {
    while (next < total && !context.signal.aborted) {
      const index = next++;
      const runId = search.createTrialRun(index);
      running.set(index, 0);
      const label = `Trial ${index + 1}/${total}`;
      const trialContext: TrialContext = {
        signal: context.signal,
        progress: (fraction, message) => {
          running.set(index, fraction);
          report(`${label}: ${message ?? ''}`.trim());
        },
        emit: (event) => context.emit({ ...event, data: { trial: index + 1, run_id: runId, ...event.data } }),
      };
      try {
        const result = await search.trainTrial(index, runId, trialContext);
        const score = result.evaluation.metrics[metric as keyof typeof result.evaluation.metrics];
        outcomes.push({ trial: index + 1, run_id: runId, status: 'FINISHED', score: typeof score === 'number' && Number.isFinite(score) ? score : null });
      } catch (error) {
        const failure = error as Error;
        const cancelled = failure instanceof CancelledError || context.signal.aborted;
        if (!cancelled) firstError ??= failure;
        outcomes.push({ trial: index + 1, run_id: runId, status: cancelled ? 'KILLED' : 'FAILED', score: null, error: failure.message });
      } finally {
        running.delete(index);
        report(`${outcomes.length}/${total} trials done`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(searchParallelism(), total) }, lane));
  outcomes.sort((a, b) => a.trial - b.trial);

  const now = Date.now();
  const finished = outcomes.filter((outcome) => outcome.status === 'FINISHED');
  const best = finished.filter((outcome) => outcome.score !== null).sort((a, b) => b.score! - a.score!)[0];
  runs.logBatch(parentRunId, {
    metrics: [
      { key: 'trials_finished', value: finished.length, step: 0, timestamp: now },
      { key: 'trials_failed', value: outcomes.filter((outcome) => outcome.status === 'FAILED').length, step: 0, timestamp: now },
      ...(best ? [{ key: `best_${metric}`, value: best.score!, step: 0, timestamp: now }] : []),
    ],
    tags: [{ key: 'mlwb.search.metric', value: `test_${metric}` }, ...(best ? [{ key: 'best_trial_run_id', value: best.run_id }] : [])],
  });

  if (context.signal.aborted) {
    runs.update(parentRunId, { status: 'KILLED', endTime: Date.now() });
    throw new CancelledError('Search was cancelled');
  }
  if (finished.length === 0) {
    const message = `All ${total} trials failed; the first: ${firstError?.message ?? 'unknown error'}`;
    runs.logBatch(parentRunId, { tags: [{ key: 'mlwb.error', value: message.slice(0, 8000) }] });
    runs.update(parentRunId, { status: 'FAILED', endTime: Date.now() });
    throw firstError instanceof WorkbenchError ? new WorkbenchError(firstError.code, message, firstError.details) : new Error(message);
  }
  runs.update(parentRunId, { status: 'FINISHED', endTime: Date.now() });
  return {
    run_id: parentRunId,
    metric: `test_${metric}`,
    best_trial_run_id: best?.run_id ?? null,
    best_score: best?.score ?? null,
    trials: outcomes.map((outcome) => ({ ...outcome, params: trials[outcome.trial - 1] })),
  };
}
