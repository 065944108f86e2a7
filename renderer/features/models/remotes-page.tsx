// #/remotes: the workspace's remotes (S3 buckets and team registries: add, remove), and the
// selected one's contents as a diff against this workspace, with pull and push.
import { useState } from 'react';
import type { Remote } from '../../../core/api/sync-contract';
import { useRequest } from '../../api/use-request';
import { requireSync } from '../../stores/sync-store';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageSpinner } from '../../ui/page-states';
import { navigate } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { AddRemoteForm } from './add-remote-form';
import { remoteHref, remotesHref } from './model-hrefs';
import { RemoteContents } from './remote-diff';
import { remoteKindLabels, remoteLocation } from './sync-helpers';
import '../../styles/detail-page.css';
import './models.css';

export function RemotesPage({ query }: PageProps) {
  const [revision, setRevision] = useState(0);
  const remotes = useRequest((signal) => requireSync().listRemotes({ signal }), [revision]);
  const list = remotes.data?.remotes ?? [];
  const selected = query.get('remote');
  const shown = list.find((remote) => remote.name === selected) ?? list[0] ?? null;
  const [adding, setAdding] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  // With no remote yet the form is the page's point; otherwise it opens from the header.
  const showForm = adding || (remotes.data !== null && list.length === 0);
  const reload = () => setRevision((value) => value + 1);
  const select = (name: string) => navigate(remoteHref(name), { replace: true });

  return (
    <div className="detail-page remotes-page" data-testid="remotes-page">
      <header className="detail-header">
        <div className="detail-title">
          <h1>Remotes</h1>
          {remotes.data && <span className="faint">{list.length === 1 ? '1 remote' : `${list.length} remotes`}</span>}
          <div className="detail-actions">
            <button
              type="button"
              className="button button-primary"
              data-testid="new-remote-button"
              onClick={() => {
                setAdding(true);
                setFocusRequest((value) => value + 1);
              }}
            >
              <Icon name="plus" size={14} /> Add remote
            </button>
          </div>
        </div>
        <p className="muted">Where approved versions are shared: an S3-compatible bucket, or a team registry that checks roles and keeps its own audit trail. Push from a version&apos;s page; pull here.</p>
      </header>
      {!remotes.data ? (
        <PageSpinner />
      ) : (
        <>
          {list.length > 0 && (
            <section className="card">
              <table className="data-table card-table remotes-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Kind</th>
                    <th>Where</th>
                    <th>Added by</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {list.map((remote) => (
                    <RemoteRow
                      key={remote.name}
                      remote={remote}
                      selected={remote.name === shown?.name}
                      onSelect={() => select(remote.name)}
                      onRemoved={() => {
                        if (remote.name === selected) navigate(remotesHref, { replace: true });
                        reload();
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {list.length === 0 && (
            <EmptyState icon="database" title="No remotes yet">
              <p>Add a team registry (its URL and your token) or an S3 bucket below; then push approved versions from their pages and pull your team&apos;s here.</p>
            </EmptyState>
          )}
          {showForm && (
            <AddRemoteForm
              focusRequest={focusRequest}
              onCancel={list.length > 0 ? () => setAdding(false) : undefined}
              onAdded={(name) => {
                setAdding(false);
                reload();
                select(name);
              }}
            />
          )}
          {shown && (
            <section className="remote-contents" aria-label={`What ${shown.name} holds`}>
              <h2 className="remote-contents-title">
                {shown.name} <span className="faint">against this workspace</span>
              </h2>
              <RemoteContents key={shown.name} remote={shown} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function RemoteRow({ remote, selected, onSelect, onRemoved }: { remote: Remote; selected: boolean; onSelect: () => void; onRemoved: () => void }) {
  return (
    // The whole row selects for the mouse; the name's button does for the keyboard.
    <tr className={selected ? 'is-selected' : undefined} data-testid="remote-row" data-name={remote.name} data-kind={remote.kind} onClick={onSelect}>
      <td>
        <button type="button" className="remote-name-button" aria-current={selected || undefined} onClick={onSelect}>
          {remote.name}
        </button>
      </td>
      <td>
        <span className={remote.kind === 'team' ? 'badge badge-info' : 'badge'} data-testid="remote-kind-badge">
          <Icon name={remote.kind === 'team' ? 'user' : 'database'} size={12} />
          {remoteKindLabels[remote.kind]}
        </span>
      </td>
      <td className="mono remote-where">
        {remoteLocation(remote)}
        {remote.kind === 'team' && remote.config.token_env && <span className="faint"> · token from ${remote.config.token_env}</span>}
      </td>
      <td className="faint">{remote.created_by}</td>
      <td className="remote-row-actions">
        <RemoveRemote remote={remote} onRemoved={onRemoved} />
      </td>
    </tr>
  );
}

function RemoveRemote({ remote, onRemoved }: { remote: Remote; onRemoved: () => void }) {
  const [busy, setBusy] = useState(false);
  const what = remote.kind === 'team' ? 'The registry and its models are left as they are.' : 'The bucket itself is left as it is.';
  return (
    <button
      type="button"
      className="button button-small button-ghost"
      data-testid="remove-remote-button"
      aria-label={`Remove remote ${remote.name}`}
      disabled={busy}
      onClick={(event) => {
        event.stopPropagation();
        if (!window.confirm(`Remove remote '${remote.name}'? ${what}`)) return;
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
