// "Push…" on a version's page: a dialog to pick the target remote (S3 bucket or team registry),
// optionally point aliases there at this version, and follow the upload's progress to its result.
import { useState, type FormEvent } from 'react';
import type { Remote } from '../../../core/api/sync-contract';
import { useRequest } from '../../api/use-request';
import { requireSync } from '../../stores/sync-store';
import { Dialog } from '../../ui/dialog';
import { Icon } from '../../ui/icons';
import { SelectField } from '../../ui/select-field';
import { remoteHref, remotesHref } from './model-hrefs';
import { parseAliases, pushBlockedReason, remoteKindLabels, remoteLocation } from './sync-helpers';
import { JobProgress, JobResult } from './sync-job-status';
import { useSyncJob } from './use-sync-job';

export function PushControl({ name, version, approvalReason }: { name: string; version: number; approvalReason: string | null }) {
  const remotes = useRequest((signal) => requireSync().listRemotes({ signal }), []);
  const list = remotes.data?.remotes ?? [];
  const [open, setOpen] = useState(false);
  const { job, follow } = useSyncJob();
  const blocked = remotes.data ? pushBlockedReason(approvalReason, list.length) : approvalReason ? pushBlockedReason(approvalReason, 1) : null;
  const running = job?.status === 'running';

  return (
    <div className="push-control">
      <button type="button" className="button" data-testid="push-button" disabled={blocked !== null || !remotes.data} title={blocked ?? `Push v${version} to a remote`} onClick={() => setOpen(true)}>
        <Icon name="upload" size={14} />
        Push…
      </button>
      {(blocked || (job && !open)) && (
        <div className="push-control-status">
          {blocked && (
            <p className="muted push-disabled-reason" data-testid="push-disabled-reason">
              {blocked}{' '}
              {list.length === 0 && remotes.data && (
                <a className="link" href={remotesHref}>
                  Open Remotes
                </a>
              )}
            </p>
          )}
          {/* Closing the dialog leaves the upload running; its progress then shows here. */}
          {job && !open && (running ? <JobProgress job={job} testId="push-progress" label="Push progress" /> : <JobResult job={job} testId="push-result" />)}
        </div>
      )}
      <Dialog open={open} title={`Push ${name} v${version}`} onClose={() => setOpen(false)} className="push-dialog" testId="push-dialog">
        <PushForm name={name} version={version} remotes={list} job={job} onStarted={follow} onClose={() => setOpen(false)} />
      </Dialog>
    </div>
  );
}

function PushForm({ name, version, remotes, job, onStarted, onClose }: {
  name: string;
  version: number;
  remotes: Remote[];
  job: ReturnType<typeof useSyncJob>['job'];
  onStarted: ReturnType<typeof useSyncJob>['follow'];
  onClose: () => void;
}) {
  const [picked, setPicked] = useState(remotes[0]?.name ?? '');
  const [aliasText, setAliasText] = useState('');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const target = remotes.find((remote) => remote.name === picked) ?? remotes[0];
  const aliases = parseAliases(aliasText);
  const running = job?.status === 'running';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target || running || starting) return;
    setStarting(true);
    setStartError(null);
    try {
      const started = await requireSync().push(name, version, { remote: target.name, ...(aliases.length > 0 ? { aliases } : {}) }, { handledInline: () => true });
      onStarted(started.job);
    } catch (failure) {
      setStartError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setStarting(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <div className="dialog-body">
        <SelectField
          label="Target"
          testId="push-remote-select"
          autoFocus
          value={target?.name ?? ''}
          options={remotes.map((remote) => ({ value: remote.name, label: `${remote.name} · ${remoteKindLabels[remote.kind]} · ${remoteLocation(remote)}` }))}
          disabled={running}
          onChange={setPicked}
        />
        <label className="field">
          <span className="field-label">Aliases on the remote (optional)</span>
          <input className="input mono" data-testid="push-aliases" value={aliasText} disabled={running} onChange={(event) => setAliasText(event.target.value)} placeholder="champion, production" spellCheck={false} />
          <span className="faint push-alias-hint">
            {aliases.length > 0 && (
              <span className="alias-chips" data-testid="push-alias-chips">
                {aliases.map((alias) => (
                  <span key={alias} className="alias-chip">
                    @{alias}
                  </span>
                ))}
              </span>
            )}
            {target?.kind === 'team' ? ' Moving aliases on a team registry needs the approver role there.' : ' Comma-separated; each is moved to this version on the remote.'}
          </span>
        </label>
        {startError && (
          <p className="sync-result is-failed" role="alert" data-testid="push-result" data-status="failed">
            <Icon name="alert" size={14} /> {startError}
          </p>
        )}
        {job && !startError && (running ? (
          <JobProgress job={job} testId="push-progress" label="Push progress" />
        ) : (
          <JobResult job={job} testId="push-result">
            {job.status === 'succeeded' && target && (
              <>
                {' '}
                <a className="link" href={remoteHref(target.name)} onClick={onClose}>
                  See {target.name} against this workspace
                </a>
              </>
            )}
          </JobResult>
        ))}
      </div>
      <div className="dialog-footer">
        <button type="button" className="button" onClick={onClose}>
          {running ? 'Continue in background' : 'Close'}
        </button>
        <button type="submit" className="button button-primary" data-testid="push-submit" disabled={!target || running || starting}>
          <Icon name="upload" size={14} />
          Push
        </button>
      </div>
    </form>
  );
}
