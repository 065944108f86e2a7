import type { ReactNode } from 'react';
import type { JobView } from '../../stores/job-events';
import { Icon } from '../../ui/icons';
import { JobStatusBadge } from '../training/job-panel';

/** A feature job as it runs (progress bar and message), then its error or the given result. */
export function FeatureJobStatus({ job, label, onDismiss, children }: { job: JobView; label: string; onDismiss: () => void; children?: ReactNode }) {
  const percent = Math.round(job.fraction * 100);
  const running = job.status === 'running';
  return (
    <div className="feature-job" data-testid="feature-job" data-status={job.status}>
      <div className="feature-job-header">
        <JobStatusBadge status={job.status} />
        <span className="truncate" title={job.title}>
          {job.title}
        </span>
        {!running && (
          <button type="button" className="button button-ghost button-small" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      {running && (
        <>
          <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <div className="feature-job-message">
            <span className="spinner spinner-inline" />
            <span className="truncate">{job.message}</span>
            <span className="numeric faint">{percent}%</span>
          </div>
        </>
      )}
      {job.status === 'failed' && job.error && (
        <div className="feature-form-error" role="alert">
          <Icon name="alert" size={15} />
          <span>{job.error}</span>
        </div>
      )}
      {job.status === 'succeeded' && children}
    </div>
  );
}
