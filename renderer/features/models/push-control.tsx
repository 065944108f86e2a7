// "Push" on a version's page: a remote picker, the job's progress and its result.
import { useState } from 'react';
import type { JobSummary } from '../../../core/api/contract';
import { useRequest } from '../../api/use-request';
import { requireSync } from '../../stores/sync-store';
import { Icon } from '../../ui/icons';
import { Select } from '../../ui/select-field';
import { remotesHref } from './model-hrefs';
import { jobOutcome, pushBlockedReason } from './sync-helpers';
import { useSyncJob } from './use-sync-job';

export function JobProgress({ job, testId, label }: { job: JobSummary; testId: string; label: string }) {
  const percent = Math.round(job.fraction * 100);
  return (
    <div className="sync-progress" data-testid={testId}>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="spinner spinner-inline" /> <span className="truncate">{job.message}</span> <span className="numeric faint">{percent}%</span>
    </div>
  );
}

export function JobResult({ job, testId }: { job: JobSummary; testId: string }) {
  const outcome = jobOutcome(job);
  return (
    <p className={outcome.ok ? 'sync-result' : 'sync-result field-error'} data-testid={testId} data-status={job.status}>
      <Icon name={outcome.ok ? 'checkCircle' : 'alert'} size={14} /> {outcome.text}
    </p>
  );
}

export function PushControl({ name, version, approvalReason }: { name: string; version: number; approvalReason: string | null }) {
  const remotes = useRequest((signal) => requireSync().listRemotes({ signal }), []);
  const s3Remotes = (remotes.data?.remotes ?? []).filter((remote) => remote.kind === 's3');
  const [picked, setPicked] = useState('');
  const [starting, setStarting] = useState(false);
  const { job, follow } = useSyncJob();
  const remote = picked || s3Remotes[0]?.name || '';
  const blocked = remotes.data ? pushBlockedReason(approvalReason, s3Remotes.length) : approvalReason ? pushBlockedReason(approvalReason, 1) : null;
  const running = job?.status === 'running';

  const push = async () => {
    setStarting(true);
    try {
      const started = await requireSync().push(name, version, { remote });
      follow(started.job);
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="push-control">
      <div className="push-control-row">
        {s3Remotes.length > 0 && (
          <Select testId="push-remote-select" value={remote} options={s3Remotes.map((entry) => ({ value: entry.name, label: entry.name }))} disabled={running || blocked !== null} onChange={setPicked} />
        )}
        <button type="button" className="button" data-testid="push-button" disabled={blocked !== null || running || starting || !remotes.data} title={blocked ?? `Push v${version} to ${remote}`} onClick={() => void push()}>
          <Icon name="upload" size={14} />
          Push
        </button>
      </div>
      {blocked && (
        <p className="muted push-disabled-reason" data-testid="push-disabled-reason">
          {blocked} {s3Remotes.length === 0 && remotes.data && <a className="link" href={remotesHref}>Remotes</a>}
        </p>
      )}
      {job && running && <JobProgress job={job} testId="push-progress" label="Push progress" />}
      {job && !running && <JobResult job={job} testId="push-result" />}
    </div>
  );
}
