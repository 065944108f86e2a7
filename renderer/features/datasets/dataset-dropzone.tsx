import type { ReactNode } from 'react';
import { useDatasetsStore } from '../../stores/datasets-store';
import { formatBytes } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useFileDrop } from '../../ui/use-file-drop';
import { useDatasetImport } from './use-dataset-import';
import { DropOverlay } from '../../ui/drop-overlay';

/** The whole Datasets page takes dropped files; an overlay says so while a file is dragged over it. */
export function DatasetDropzone({ children }: { children: ReactNode }) {
  const { importFiles } = useDatasetImport();
  const importing = useDatasetsStore((state) => state.importing);
  const { dragging, handlers } = useFileDrop((files) => void importFiles(files.map((file) => ({ kind: 'file' as const, name: file.name, file }))), importing);

  return (
    <div
      className={`dataset-dropzone${dragging ? ' is-dragging' : ''}`}
      data-testid="dataset-dropzone"
      {...handlers}
    >
      {children}
      {dragging && <DropOverlay hint="CSV or Parquet; each file becomes a dataset version" />}
    </div>
  );
}

/** Upload progress, then the core's verdict on a file it refused, right where the file was dropped. */
export function ImportStatus() {
  const importing = useDatasetsStore((state) => state.importing);
  const importError = useDatasetsStore((state) => state.importError);
  const dismiss = useDatasetsStore((state) => state.dismissImportError);

  if (importing) {
    const share = importing.total > 0 ? importing.sent / importing.total : 0;
    const profiling = importing.phase === 'profiling';
    return (
      <div className="import-status" role="status" data-testid="dataset-import-progress">
        <span className="spinner" />
        <div className="import-status-text">
          <div>
            {profiling ? 'Reading and profiling ' : 'Uploading '}
            <span className="mono">{importing.fileName}</span>
          </div>
          <div className={`progress-track${profiling ? ' is-indeterminate' : ''}`}>
            <div className="progress-fill" style={{ width: profiling ? undefined : `${Math.round(share * 100)}%` }} />
          </div>
        </div>
        <span className="faint numeric">
          {profiling ? formatBytes(importing.total) : `${formatBytes(importing.sent)} of ${formatBytes(importing.total)}`}
        </span>
      </div>
    );
  }
  if (importError) {
    return (
      <div className="import-status import-error" role="alert" data-testid="dataset-import-error">
        <Icon name="alert" size={16} className="import-error-icon" />
        <div className="import-status-text">
          <div className="import-error-title">
            Could not import <span className="mono">{importError.fileName}</span>
          </div>
          <div className="import-error-message">{importError.message}</div>
        </div>
        <button type="button" className="button button-ghost button-icon button-small" onClick={dismiss} aria-label="Dismiss">
          <Icon name="close" size={14} />
        </button>
      </div>
    );
  }
  return null;
}
