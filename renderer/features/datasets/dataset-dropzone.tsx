import type { ReactNode } from 'react';
import { useDatasetsStore } from '../../stores/datasets-store';
import { useFileDrop } from '../../ui/use-file-drop';
import { ImportError, ImportProgress } from '../../ui/import-status';
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
    const profiling = importing.phase === 'profiling';
    const label = (
      <>
        {profiling ? 'Reading and profiling ' : 'Uploading '}
        <span className="mono">{importing.fileName}</span>
      </>
    );
    return <ImportProgress importing={importing} checking={profiling} label={label} testId="dataset-import-progress" />;
  }
  if (importError) return <ImportError error={importError} onDismiss={dismiss} testId="dataset-import-error" />;
  return null;
}
