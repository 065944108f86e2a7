import type { RunStatus } from '../../core/api/contract';

const tones: Record<RunStatus, string> = {
  FINISHED: 'badge-success',
  RUNNING: 'badge-info',
  FAILED: 'badge-danger',
  KILLED: 'badge-warning',
  SCHEDULED: '',
};

const labels: Record<RunStatus, string> = {
  FINISHED: 'Finished',
  RUNNING: 'Running',
  FAILED: 'Failed',
  KILLED: 'Killed',
  SCHEDULED: 'Scheduled',
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge ${tones[status] ?? ''}`} data-status={status}>
      <span className="badge-dot" />
      {labels[status] ?? status}
    </span>
  );
}
