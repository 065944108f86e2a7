// #/remotes: the workspace's S3 remotes (add, remove), what each holds, and pull. A
// "local" badge marks the versions this workspace already has (same model sha256).
import { useCallback, useState, type FormEvent } from 'react';
import type { JobSummary } from '../../../core/api/contract';
import type { Remote, RemoteModelEntry, RemoteVersionEntry } from '../../../core/api/sync-contract';
import { useRequest } from '../../api/use-request';
import { useModelsStore } from '../../stores/models-store';
import { requireSync } from '../../stores/sync-store';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageSpinner } from '../../ui/page-states';
import type { PageProps } from '../shell/page-props';
import { modelsHref } from './model-hrefs';
import { JobProgress, JobResult } from './push-control';
import { parseS3Location, remoteLocation } from './sync-helpers';
import { useSyncJob } from './use-sync-job';
import '../../styles/detail-page.css';
import './models.css';

export function RemotesPage(_props: PageProps) {
  const [revision, setRevision] = useState(0);
  const remotes = useRequest((signal) => requireSync().listRemotes({ signal }), [revision]);
  const [selected, setSelected] = useState<string | null>(null);
  const list = remotes.data?.remotes ?? [];
  const shown = list.find((remote) => remote.name === selected) ?? list[0] ?? null;
  const reload = () => setRevision((value) => value + 1);

  return (
    <div className="detail-page remotes-page" data-testid="remotes-page">
      <header className="detail-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <a href={modelsHref}>Models</a>
          <Icon name="chevronRight" size={12} />
          <span>Remotes</span>
        </nav>
        <div className="detail-title">
          <h1>Remotes</h1>
        </div>
        <p className="muted">S3-compatible buckets this workspace pushes approved versions to and pulls from. Credentials come from the AWS environment variables, shared credentials file or profile of the machine running the core; they are never stored.</p>
      </header>
      {!remotes.data ? (
        <PageSpinner />
      ) : (
        <>
          <table className="data-table remotes-table">
            <tbody>
              {list.map((remote) => (
                <tr key={remote.name} className={remote.name === shown?.name ? 'is-selected' : undefined} data-testid="remote-row" data-name={remote.name}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(remote.name)}>
                      {remote.name}
                    </button>
                  </td>
                  <td className="mono">{remoteLocation(remote)}</td>
                  <td className="faint">{remote.created_by}</td>
                  <td>
                    <RemoveRemote remote={remote} onRemoved={reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <AddRemoteForm onAdded={reload} />
          {shown ? <RemoteModels key={shown.name} remote={shown} /> : <EmptyState icon="database" title="No remotes yet"><p>Add an S3 bucket above to push approved versions to your team.</p></EmptyState>}
        </>
      )}
    </div>
  );
}

function RemoveRemote({ remote, onRemoved }: { remote: Remote; onRemoved: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="remove-remote-button"
      disabled={busy}
      onClick={() => {
        if (!window.confirm(`Remove remote '${remote.name}'? The bucket itself is left as it is.`)) return;
        setBusy(true);
        requireSync()
          .removeRemote(remote.name)
          .then(onRemoved)
          .finally(() => setBusy(false));
      }}
    >
      <Icon name="close" size={12} /> Remove
    </button>
  );
}

function AddRemoteForm({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [region, setRegion] = useState('');
  const [pathStyle, setPathStyle] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseS3Location(location);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!parsed) {
      setError('Give the bucket as s3://BUCKET/PREFIX.');
      return;
    }
    setBusy(true);
    setError(null);
    requireSync()
      .addRemote({ name: name.trim(), s3: { bucket: parsed.bucket, prefix: parsed.prefix, endpoint: endpoint.trim() || undefined, region: region.trim() || undefined, path_style: pathStyle } }, { handledInline: () => true })
      .then(
        () => {
          setName('');
          setLocation('');
          setEndpoint('');
          setRegion('');
          setPathStyle(false);
          onAdded();
        },
        (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className="add-remote-form" data-testid="add-remote-form" onSubmit={submit}>
      <label className="field">
        <span className="field-label">Name</span>
        <input className="input" data-testid="remote-name" required value={name} onChange={(event) => setName(event.target.value)} placeholder="team" />
      </label>
      <label className="field">
        <span className="field-label">Bucket</span>
        <input className="input" data-testid="remote-s3" required value={location} onChange={(event) => setLocation(event.target.value)} placeholder="s3://bucket/prefix" />
      </label>
      <label className="field">
        <span className="field-label">Endpoint</span>
        <input className="input" data-testid="remote-endpoint" value={endpoint} onChange={(event) => setEndpoint(event.target.value)} placeholder="https://minio.example:9000 (optional)" />
      </label>
      <label className="field">
        <span className="field-label">Region</span>
        <input className="input" data-testid="remote-region" value={region} onChange={(event) => setRegion(event.target.value)} placeholder="us-east-1 (optional)" />
      </label>
      <label className="field field-inline">
        <input type="checkbox" data-testid="remote-path-style" checked={pathStyle} onChange={(event) => setPathStyle(event.target.checked)} /> Path-style addressing
      </label>
      <button type="submit" className="button button-primary" data-testid="add-remote-button" disabled={busy || !name.trim() || !location.trim()}>
        <Icon name="plus" size={14} /> Add remote
      </button>
      {error && (
        <p className="field-error" data-testid="add-remote-error">
          {error}
        </p>
      )}
    </form>
  );
}

function RemoteModels({ remote }: { remote: Remote }) {
  const [revision, setRevision] = useState(0);
  const models = useRequest((signal) => requireSync().remoteModels(remote.name, { signal, handledInline: () => true }), [remote.name, revision]);
  const reloadModels = useModelsStore((state) => state.load);
  const onPulled = useCallback(
    (job: JobSummary) => {
      if (job.status !== 'succeeded') return;
      setRevision((value) => value + 1);
      void reloadModels();
    },
    [reloadModels],
  );
  if (models.error && !models.data) {
    return (
      <EmptyState icon="alert" title={`Could not read ${remote.name}`}>
        <p>{models.error instanceof Error ? models.error.message : String(models.error)}</p>
      </EmptyState>
    );
  }
  if (!models.data) return <PageSpinner />;
  if (models.data.models.length === 0) {
    return (
      <EmptyState icon="database" title={`${remote.name} holds no models yet`}>
        <p>Push an approved version from its page.</p>
      </EmptyState>
    );
  }
  return (
    <section className="remote-models">
      <h2>
        What {remote.name} holds <span className="faint mono">{remoteLocation(remote)}</span>
      </h2>
      {models.data.models.map((model) => (
        <RemoteModelRow key={model.name} remote={remote.name} model={model} onPulled={onPulled} />
      ))}
    </section>
  );
}

function RemoteModelRow({ remote, model, onPulled }: { remote: string; model: RemoteModelEntry; onPulled: (job: JobSummary) => void }) {
  return (
    <div className="remote-model" data-testid="remote-model-row" data-name={model.name}>
      <h3>{model.name}</h3>
      <table className="data-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Aliases</th>
            <th>SHA-256</th>
            <th>Pushed</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...model.versions].reverse().map((entry) => (
            <RemoteVersionRow key={entry.version} remote={remote} model={model} entry={entry} onPulled={onPulled} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RemoteVersionRow({ remote, model, entry, onPulled }: { remote: string; model: RemoteModelEntry; entry: RemoteVersionEntry; onPulled: (job: JobSummary) => void }) {
  const { job, follow } = useSyncJob(onPulled);
  const [starting, setStarting] = useState(false);
  const aliases = Object.entries(model.aliases)
    .filter(([, target]) => target === entry.version)
    .map(([alias]) => alias);
  const running = job?.status === 'running';
  const pull = async () => {
    setStarting(true);
    try {
      follow((await requireSync().pull(remote, { model: model.name, version: entry.version })).job);
    } finally {
      setStarting(false);
    }
  };
  return (
    <tr data-testid="remote-version-row" data-version={entry.version} data-local={entry.local ? 'true' : 'false'}>
      <td className="numeric">
        v{entry.version}{' '}
        {entry.local && (
          <span className="badge badge-success" title="This workspace has a version with the same SHA-256">
            local
          </span>
        )}
      </td>
      <td>{aliases.join(', ')}</td>
      <td className="mono" title={entry.sha256}>
        {entry.sha256.slice(0, 12)}
      </td>
      <td className="faint">
        {entry.pushed_by} · {entry.pushed_time.replace(/\.\d{3}Z$/, 'Z')}
      </td>
      <td>
        <button type="button" className="button button-small" data-testid="pull-button" disabled={running || starting} title={entry.local ? 'Already here; pulling again is a no-op' : `Pull ${model.name} v${entry.version}`} onClick={() => void pull()}>
          <Icon name="download" size={12} /> Pull
        </button>
        {job && running && <JobProgress job={job} testId="pull-progress" label="Pull progress" />}
        {job && !running && <JobResult job={job} testId="pull-result" />}
      </td>
    </tr>
  );
}
