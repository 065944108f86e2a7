import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useModelsStore, modelNameFromFileName } from '../../stores/models-store';
import { requireHost } from '../../stores/session-store';
import { showSuccessToast } from '../../stores/toast-store';
import { Dialog } from '../../ui/dialog';
import { ImportError, ImportProgress } from '../../ui/import-status';
import { formatBytes } from '../../ui/format';
import { useFileDrop } from '../../ui/use-file-drop';
import { navigate } from '../shell/hash-route';
import { versionHref } from './model-hrefs';
import { DropOverlay } from '../../ui/drop-overlay';

const onnxFilters = [
  { name: 'ONNX models', extensions: ['onnx'] },
  { name: 'All files', extensions: ['*'] },
];

/** Picking or dropping a file asks for the model's name first; the dialog then uploads it. */
export function useModelImport() {
  const askForName = useModelsStore((state) => state.askForName);
  const pickAndImport = useCallback(async () => {
    const [picked] = await requireHost().pickFiles({ title: 'Import an ONNX model', filters: onnxFilters, multiple: false });
    if (!picked) return;
    askForName(picked.kind === 'file' ? { kind: 'file', file: picked.file, fileName: picked.name } : { kind: 'path', path: picked.path, fileName: picked.name });
  }, [askForName]);
  return { pickAndImport };
}

/** The whole Models page takes a dropped .onnx file; an overlay says so while one is dragged over it. */
export function ModelDropzone({ children }: { children: ReactNode }) {
  const importing = useModelsStore((state) => state.importing);
  const askForName = useModelsStore((state) => state.askForName);
  const { dragging, handlers } = useFileDrop(([file]) => askForName({ kind: 'file', file, fileName: file.name }), importing);

  return (
    <div
      className={`model-dropzone${dragging ? ' is-dragging' : ''}`}
      data-testid="import-dropzone"
      {...handlers}
    >
      {children}
      {dragging && <DropOverlay hint="An .onnx file becomes the next version of the model you name" />}
      <ImportModelDialog />
    </div>
  );
}

function ImportModelDialog() {
  const pending = useModelsStore((state) => state.pendingImport);
  const models = useModelsStore((state) => state.models);
  const cancel = useModelsStore((state) => state.cancelImport);
  const importModel = useModelsStore((state) => state.importModel);
  const [name, setName] = useState('');

  useEffect(() => {
    if (pending) setName(modelNameFromFileName(pending.fileName));
  }, [pending]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!pending || !trimmed) return;
    const result = await importModel(pending, trimmed);
    if (!result) return;
    const { version } = result;
    showSuccessToast(`Imported ${version.name} v${version.version}`);
    navigate(versionHref(version.name, version.version));
  };

  const existing = models.some((model) => model.name === name.trim());
  return (
    <Dialog open={pending !== null} title="Import an ONNX model" onClose={cancel} testId="import-model-dialog">
      <form onSubmit={submit}>
        <div className="dialog-body">
          <p className="muted">
            <span className="mono">{pending?.fileName}</span>
            {pending?.kind === 'file' && <span className="faint"> · {formatBytes(pending.file.size)}</span>}
          </p>
          <label className="field">
            <span className="field-label">Model name</span>
            <input
              className="input"
              data-autofocus
              data-testid="import-model-name"
              list="import-model-names"
              maxLength={256}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <datalist id="import-model-names">
              {models.map((model) => (
                <option key={model.name} value={model.name} />
              ))}
            </datalist>
            <span className="faint field-hint">
              {existing ? `Becomes the next version of ${name.trim()}.` : 'A new model is created with this name.'}
            </span>
          </label>
        </div>
        <div className="dialog-footer">
          <button type="button" className="button button-ghost" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!name.trim()} data-testid="import-model-submit">
            Import
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Upload and scan progress, then the core's reason for refusing a file, where the file was dropped. */
export function ModelImportStatus() {
  const importing = useModelsStore((state) => state.importing);
  const importError = useModelsStore((state) => state.importError);
  const dismiss = useModelsStore((state) => state.dismissImportError);

  if (importing) {
    const scanning = importing.phase === 'scanning';
    const label = (
      <>
        {scanning ? 'Scanning ' : 'Uploading '}
        <span className="mono">{importing.fileName}</span> as <strong>{importing.modelName}</strong>
      </>
    );
    return <ImportProgress importing={importing} checking={scanning} label={label} testId="model-import-progress" />;
  }
  if (importError) return <ImportError error={importError} onDismiss={dismiss} testId="import-error" />;
  return null;
}
