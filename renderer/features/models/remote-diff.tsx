// One remote's contents compared with this workspace: per model, the remote's versions and the
// same-named local versions it lacks in one table, each row saying where the model is (on both,
// remote only, local only) with the action that closes the gap (pull, pull as another name, push).
import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { JobSummary } from '../../../core/api/contract';
import type { ApprovalState } from '../../../core/api/registry-contract';
import type { Remote, RemoteModelEntry } from '../../../core/api/sync-contract';
import { useRequest } from '../../api/use-request';
import { useModelsStore } from '../../stores/models-store';
import { requireSync } from '../../stores/sync-store';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageSpinner } from '../../ui/page-states';
import { ApprovalBadge } from './approval-badge';
import { modelHref, versionHref } from './model-hrefs';
import { diffRows, diffSummary, formatPushedTime, isNameClash, pulledVersion, suggestedPullName, type DiffRow } from './sync-helpers';
import { JobProgress, JobResult } from './sync-job-status';
import { useSyncJob } from './use-sync-job';

const columnCount = 8;

export function RemoteContents({ remote }: { remote: Remote }) {
  const [revision, setRevision] = useState(0);
  const models = useRequest((signal) => requireSync().remoteModels(remote.name, { signal, handledInline: () => true }), [remote.name, revision]);
  const reloadModels = useModelsStore((state) => state.load);
  const onJobEnd = useCallback(
    (job: JobSummary) => {
      if (job.status !== 'succeeded') return;
      setRevision((value) => value + 1);
      void reloadModels();
    },
    [reloadModels],
  );
  if (models.error && !models.data) {
    return (
      <EmptyState icon="alert" title={`Could not read ${remote.name}`} actions={<button type="button" className="button" onClick={() => setRevision((value) => value + 1)}><Icon name="refresh" size={14} /> Try again</button>}>
        <p data-testid="remote-read-error">{models.error instanceof Error ? models.error.message : String(models.error)}</p>
      </EmptyState>
    );
  }
  if (!models.data) return <PageSpinner />;
  if (models.data.models.length === 0) {
    return (
      <EmptyState icon="database" title={`${remote.name} holds no models yet`}>
        <p>Open an approved version and use Push to send it here; what the remote holds then shows against this workspace.</p>
      </EmptyState>
    );
  }
  return (
    <div className="remote-models">
      {models.data.models.map((model) => (
        <RemoteModelCard key={model.name} remote={remote.name} model={model} onJobEnd={onJobEnd} />
      ))}
    </div>
  );
}

function RemoteModelCard({ remote, model, onJobEnd }: { remote: string; model: RemoteModelEntry; onJobEnd: (job: JobSummary) => void }) {
  const rows = diffRows(model);
  const heldHere = model.local_only.length > 0 || model.versions.some((entry) => entry.local_versions.some((local) => local.name === model.name));
  return (
    <section className="card remote-model" data-testid="remote-model-row" data-name={model.name}>
      <div className="card-header">
        <h2>{heldHere ? <a className="link" href={modelHref(model.name)}>{model.name}</a> : model.name}</h2>
        <span className="faint remote-model-summary" data-testid="remote-model-summary">
          {diffSummary(rows)}
        </span>
      </div>
      <table className="data-table card-table remote-diff-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Status</th>
            <th>Aliases</th>
            <th>SHA-256</th>
            <th>Pushed by</th>
            <th>Pushed</th>
            <th className="numeric">Policy</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            // Keyed by side, so a remote row keeps its pull's result when it turns "on both".
            <DiffRowView key={`${row.status === 'local' ? 'local' : 'remote'}-${row.version}`} remote={remote} model={model.name} row={row} onJobEnd={onJobEnd} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function DiffRowView({ remote, model, row, onJobEnd }: { remote: string; model: string; row: DiffRow; onJobEnd: (job: JobSummary) => void }) {
  const [pullAs, setPullAs] = useState<string | null>(null);
  const onEnd = useCallback(
    (job: JobSummary) => {
      // A local model of this name came from elsewhere: offer another name right away.
      if (job.kind === 'pull' && isNameClash(job)) setPullAs(suggestedPullName(model, remote));
      onJobEnd(job);
    },
    [model, remote, onJobEnd],
  );
  const { job, follow } = useSyncJob(onEnd);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const busy = starting || job?.status === 'running';

  const start = async (begin: () => Promise<{ job: JobSummary }>) => {
    setStarting(true);
    setStartError(null);
    try {
      follow((await begin()).job);
      setPullAs(null);
    } catch (failure) {
      setStartError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setStarting(false);
    }
  };
  const pull = (as?: string) => void start(() => requireSync().pull(remote, { model, version: row.version, as }, { handledInline: () => true }));
  const push = () => void start(() => requireSync().push(model, row.version, { remote }, { handledInline: () => true }));

  const sha256 = row.status === 'local' ? row.local.sha256 : row.remote.sha256;
  return (
    <Fragment>
      <tr data-testid="remote-version-row" data-version={row.version} data-status={row.status} data-local={row.status === 'remote' ? 'false' : 'true'} className={`diff-${row.status}`}>
        <td className="mono">v{row.version}</td>
        <td>
          <DiffStatusCell model={model} row={row} />
        </td>
        <td>
          <span className="alias-chips">
            {row.aliases.map((alias) => (
              <span key={alias} className="alias-chip" data-testid="remote-alias">
                @{alias}
              </span>
            ))}
          </span>
        </td>
        <td className="mono" title={sha256 ?? undefined}>
          {sha256 ? sha256.slice(0, 12) : '—'}
        </td>
        {row.status === 'local' ? (
          <td className="faint" colSpan={3}>
            Not on {remote}
          </td>
        ) : (
          <>
            <td>{row.remote.pushed_by}</td>
            <td className="faint diff-pushed" title={row.remote.pushed_time}>
              {formatPushedTime(row.remote.pushed_time)}
            </td>
            <td className="numeric" title={`Approved under version ${row.remote.policy_version} of the governance policy of ${row.remote.source_workspace.host}`}>
              v{row.remote.policy_version}
            </td>
          </>
        )}
        <td className="diff-actions">
          {row.status === 'local' ? (
            row.local.approval === 'approved' ? (
              <button type="button" className="button button-small" data-testid="push-local-button" disabled={busy} title={`Push ${model} v${row.version} to ${remote}`} onClick={push}>
                <Icon name="upload" size={12} /> Push
              </button>
            ) : (
              <ApprovalBadge state={row.local.approval as ApprovalState} testId="local-only-reason" title="Only approved versions can be pushed" />
            )
          ) : pullAs !== null ? (
            <PullAsForm initial={pullAs} busy={busy} onSubmit={(name) => pull(name)} onCancel={() => setPullAs(null)} />
          ) : (
            <>
              {row.status === 'remote' && (
                <button type="button" className="button button-small" data-testid="pull-button" disabled={busy} title={`Pull ${model} v${row.version} into this workspace`} onClick={() => pull()}>
                  <Icon name="download" size={12} /> Pull
                </button>
              )}
              <button type="button" className="button button-small" data-testid="pull-as-button" disabled={busy} title="Pull under another local name" onClick={() => setPullAs(suggestedPullName(model, remote))}>
                Pull as…
              </button>
            </>
          )}
        </td>
      </tr>
      {(job || startError) && (
        <tr className="sync-job-row">
          <td colSpan={columnCount}>
            {startError && (
              <p className="sync-result is-failed" role="alert" data-testid={row.status === 'local' ? 'push-local-result' : 'pull-result'} data-status="failed">
                <Icon name="alert" size={14} /> {startError}
              </p>
            )}
            {!startError && job && <JobStatus job={job} remote={remote} />}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function DiffStatusCell({ model, row }: { model: string; row: DiffRow }) {
  if (row.status === 'local') {
    return (
      <span className="diff-status">
        <span className="badge" data-testid="diff-status">
          Local only
        </span>
        <a className="link" href={versionHref(model, row.version)} data-testid="local-version-link">
          {model} v{row.version}
        </a>
      </span>
    );
  }
  if (row.status === 'remote') {
    return (
      <span className="badge badge-info" data-testid="diff-status">
        Remote only
      </span>
    );
  }
  return (
    <span className="diff-status">
      <span className="badge badge-success" data-testid="diff-status" title="This workspace holds a version with the same SHA-256">
        On both
      </span>
      {row.remote.local_versions.map((local) => (
        <a key={`${local.name}-${local.version}`} className="link" href={versionHref(local.name, local.version)} data-testid="local-version-link">
          {local.name} v{local.version}
        </a>
      ))}
    </span>
  );
}

function JobStatus({ job, remote }: { job: JobSummary; remote: string }) {
  const pull = job.kind === 'pull';
  const testId = pull ? 'pull' : 'push-local';
  if (job.status === 'running') return <JobProgress job={job} testId={`${testId}-progress`} label={pull ? 'Pull progress' : 'Push progress'} />;
  const pulled = pulledVersion(job);
  return (
    <JobResult job={job} testId={`${testId}-result`}>
      {pull && pulled && (
        <>
          {' '}
          <a className="link" href={versionHref(pulled.name, pulled.version)} data-testid="pulled-version-link">
            Open {pulled.name} v{pulled.version}
          </a>
        </>
      )}
      {isNameClash(job) && <span className="sync-result-hint"> Choose another local name above and pull again to keep both; the model from {remote} is then tracked separately.</span>}
    </JobResult>
  );
}

function PullAsForm({ initial, busy, onSubmit, onCancel }: { initial: string; busy: boolean; onSubmit: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) onSubmit(name.trim());
  };
  return (
    <form className="pull-as-form" data-testid="pull-as-form" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <input ref={input} className="input" aria-label="Local model name" data-testid="pull-as-input" value={name} onChange={(event) => setName(event.target.value)} spellCheck={false} />
      <button type="submit" className="button button-small button-primary" data-testid="pull-as-submit" disabled={busy || !name.trim()}>
        <Icon name="download" size={12} /> Pull
      </button>
      <button type="button" className="button button-small button-ghost" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
