import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useRequest } from '../../api/use-request';
import { requireRegistry, useModelsStore } from '../../stores/models-store';
import { showSuccessToast } from '../../stores/toast-store';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';
import { PageSpinner } from '../../ui/page-states';
import { navigate } from '../shell/hash-route';
import { DescriptionEditor, TagEditor } from './editable-fields';
import { modelsHref, versionHref } from './model-hrefs';
import { VersionsTable } from './versions-table';
import '../../styles/detail-page.css';

/** One registered model: its description, tags and every version with its approval and aliases. */
export function ModelDetail({ name }: { name: string }) {
  const summary = useModelsStore((state) => state.models.find((model) => model.name === name));
  const reloadList = useModelsStore((state) => state.load);
  const [revision, setRevision] = useState(0);
  // The list's summary changes when versions arrive from elsewhere (a run registered, a review decided).
  const changed = summary ? `${summary.version_count}:${summary.last_updated_timestamp}` : '';
  const detail = useRequest(
    (signal) => requireRegistry().model(name, { signal, handledInline: (error) => error.status === 404 }),
    [name, changed, revision],
  );
  const [confirmDelete, setConfirmDelete] = useState(false);

  const refresh = () => {
    setRevision((value) => value + 1);
    void reloadList();
  };

  if (detail.error && !detail.data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <div className="page-center">
        <EmptyState icon="search" title={missing ? 'No such model' : 'Could not load the model'}>
          <p>{missing ? <>Model <code>{name}</code> is not registered. Pick one from the list, or drop an .onnx file here.</> : String(detail.error)}</p>
        </EmptyState>
      </div>
    );
  }
  if (!detail.data) return <PageSpinner />;

  const { model, versions } = detail.data;
  const registry = requireRegistry();
  return (
    <div className="detail-page model-detail" data-testid="model-detail">
      <header className="detail-header">
        <div className="detail-title">
          <h1 className="truncate" title={model.name} data-testid="model-name">
            {model.name}
          </h1>
          <span className="alias-chips">
            {Object.entries(model.aliases).map(([alias, version]) => (
              <a key={alias} className="alias-chip" href={versionHref(model.name, version)}>
                @{alias} <span className="faint">v{version}</span>
              </a>
            ))}
          </span>
          <div className="detail-actions">
            <button type="button" className="button button-ghost" onClick={() => setConfirmDelete(true)} data-testid="delete-model-button">
              Delete model
            </button>
          </div>
        </div>
        <dl className="detail-facts">
          <div>
            <dt>Versions</dt>
            <dd className="numeric">{model.version_count}</dd>
          </div>
          <div>
            <dt>Latest</dt>
            <dd>{model.latest_version === null ? '—' : <a className="link" href={versionHref(model.name, model.latest_version)}>v{model.latest_version}</a>}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd title={formatTimestamp(model.creation_timestamp)}>
              {formatRelativeTime(model.creation_timestamp, Date.now())}
              <span className="faint">by {model.created_by || '—'}</span>
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd title={formatTimestamp(model.last_updated_timestamp)}>{formatRelativeTime(model.last_updated_timestamp, Date.now())}</dd>
          </div>
        </dl>
      </header>

      <section className="card">
        <div className="card-header">
          <h2>Description</h2>
        </div>
        <div className="card-body">
          <DescriptionEditor
            description={model.description}
            testId="model-description"
            onSave={async (text) => {
              await registry.updateModelDescription(model.name, text, { handledInline: () => true });
              refresh();
            }}
          />
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Versions</h2>
          <span className="faint numeric">{versions.length}</span>
        </div>
        {versions.length === 0 ? (
          <p className="card-note">No versions yet. Register a run's model from its Run page, or drop an .onnx file on this page.</p>
        ) : (
          <VersionsTable versions={versions} />
        )}
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Tags</h2>
        </div>
        <div className="card-body">
          <TagEditor
            tags={model.tags}
            testId="model-tags"
            onSet={async (key, value) => {
              await registry.setModelTag(model.name, key, value, { handledInline: () => true });
              refresh();
            }}
            onDelete={async (key) => {
              await registry.deleteModelTag(model.name, key, { handledInline: () => true });
              refresh();
            }}
          />
        </div>
      </section>

      <DeleteModelDialog
        open={confirmDelete}
        name={model.name}
        versionCount={model.version_count}
        onClose={() => setConfirmDelete(false)}
        onDeleted={() => {
          setConfirmDelete(false);
          void reloadList();
          navigate(modelsHref);
        }}
      />
    </div>
  );
}

function DeleteModelDialog({ open, name, versionCount, onClose, onDeleted }: { open: boolean; name: string; versionCount: number; onClose: () => void; onDeleted: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await requireRegistry().deleteModel(name, { handledInline: () => true });
      showSuccessToast(`Deleted model ${name}`);
      setError(null);
      onDeleted();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} title={`Delete ${name}?`} onClose={onClose} testId="delete-model-dialog">
      <div className="dialog-body">
        <p>
          The model and its {versionCount} {versionCount === 1 ? 'version' : 'versions'} leave the registry. The audit trail keeps the record of
          what was deleted and by whom.
        </p>
        {error && <p className="field-error" role="alert">{error}</p>}
      </div>
      <div className="dialog-footer">
        <button type="button" className="button button-ghost" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void remove()} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete model'}
        </button>
      </div>
    </Dialog>
  );
}
