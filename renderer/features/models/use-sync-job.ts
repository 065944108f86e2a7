import { useEffect, useState } from 'react';
import type { JobSummary } from '../../../core/api/contract';
import { isAbortError } from '../../api/api-error';
import { requireSync } from '../../stores/sync-store';
import { jobPollInterval } from './sync-helpers';

/** Follows a push or pull job by polling GET /api/jobs/:id until it ends. */
export function useSyncJob(onEnd?: (job: JobSummary) => void): { job: JobSummary | null; follow: (job: JobSummary) => void } {
  const [job, setJob] = useState<JobSummary | null>(null);
  const running = job?.status === 'running';
  const id = job?.id;
  useEffect(() => {
    if (!running || !id) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      requireSync()
        .job(id, { signal: controller.signal })
        .then(
          (next) => {
            setJob(next);
            if (next.status !== 'running') onEnd?.(next);
          },
          (error: unknown) => {
            if (!isAbortError(error)) setJob((previous) => (previous ? { ...previous, status: 'failed', error: String(error) } : previous));
          },
        );
    }, jobPollInterval);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // Each answer (a new summary object) schedules the next poll.
  }, [running, id, job, onEnd]);
  return { job, follow: setJob };
}
