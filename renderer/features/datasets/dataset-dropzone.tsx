import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useDatasetsStore } from '../../stores/datasets-store';
import { formatBytes } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useDatasetImport } from './use-dataset-import';

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/** The whole Datasets page takes dropped files; an overlay says so while a file is dragged over it. */
export function DatasetDropzone({ children }: { children: ReactNode }) {
  const { importFiles } = useDatasetImport();
  const importing = useDatasetsStore((state) => state.importing);
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed; counting them tells when the pointer really left.
  const depth = useRef(0);

  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = importing ? 'none' : 'copy';
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    const files = Array.from(event.dataTransfer.files, (file) => ({ kind: 'file' as const, name: file.name, file }));
    if (files.length > 0 && !importing) void importFiles(files);
  };

  return (
    <div
      className={`dataset-dropzone${dragging ? ' is-dragging' : ''}`}
      data-testid="dataset-dropzone"
      onDragEnter={onDragEnter}
      onDragLeave={onDragLeave}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      {children}
      {dragging && (
        <div className="dropzone-overlay" aria-hidden="true">
          <div className="dropzone-overlay-card">
            <Icon name="upload" size={22} />
            <strong>Drop to import</strong>
            <span className="muted">CSV or Parquet; each file becomes a dataset version</span>
          </div>
        </div>
      )}
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
