// A push or pull job as it runs (a progress bar fed by the job's fraction) and once it ends.
import type { ReactNode } from 'react';
import type { JobSummary } from '../../../core/api/contract';
import { Icon } from '../../ui/icons';
import { jobOutcome } from './sync-helpers';

export function JobProgress({ job, testId, label }: { job: JobSummary; testId: string; label: string }) {
  const percent = Math.round(job.fraction * 100);
  return (
    <div className="sync-progress" data-testid={testId}>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="sync-progress-text">
        <span className="spinner spinner-inline" /> <span className="truncate">{job.message || 'Starting'}</span> <span className="numeric faint">{percent}%</span>
      </div>
    </div>
  );
}

export function JobResult({ job, testId, children }: { job: JobSummary; testId: string; children?: ReactNode }) {
  const outcome = jobOutcome(job);
  return (
    <div className={outcome.ok ? 'sync-result' : 'sync-result is-failed'} role={outcome.ok ? 'status' : 'alert'} data-testid={testId} data-status={job.status}>
      <Icon name={outcome.ok ? 'checkCircle' : 'alert'} size={14} />
      <span className="sync-result-text">
        {outcome.text}
        {children}
      </span>
    </div>
  );
}
