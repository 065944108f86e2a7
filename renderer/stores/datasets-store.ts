import { create } from 'zustand';
import type { DatasetFormat, DatasetSummary, ImportDatasetResponse } from '../../core/api/contract';
import { isAbortError } from '../api/api-error';
import { requireDatasets } from './session-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface ImportProgress {
  fileName: string;
  /** Bytes uploaded so far; the core then reads and profiles the file. */
  sent: number;
  total: number;
  phase: 'uploading' | 'profiling';
}

export interface ImportFailure {
  fileName: string;
  message: string;
}

interface DatasetsState {
  datasets: DatasetSummary[];
  status: LoadStatus;
  importing: ImportProgress | null;
  importError: ImportFailure | null;
  load(): Promise<void>;
  /** Uploads one file; resolves to null when it failed (the reason is in importError). */
  importFile(file: File): Promise<ImportDatasetResponse | null>;
  /** Desktop only: the core reads the file at `path` itself. */
  importPath(path: string, fileName: string): Promise<ImportDatasetResponse | null>;
  /** For files refused before upload (a desktop path the core cannot be sent). */
  showImportError(failure: ImportFailure): void;
  dismissImportError(): void;
}

/** The format from the extension; anything else is left for the core to sniff from the bytes. */
export function formatOfFileName(fileName: string): DatasetFormat | undefined {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'csv' || extension === 'parquet') return extension;
  if (extension === 'pq') return 'parquet';
  return undefined;
}

export const useDatasetsStore = create<DatasetsState>((set, get) => ({
  datasets: [],
  status: 'idle',
  importing: null,
  importError: null,
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const { datasets } = await requireDatasets().list();
      set({ datasets, status: 'ready' });
    } catch {
      set({ status: get().datasets.length > 0 ? 'ready' : 'failed' });
    }
  },
  async importFile(file) {
    if (get().importing) return null;
    set({ importing: { fileName: file.name, sent: 0, total: file.size, phase: 'uploading' }, importError: null });
    try {
      const result = await requireDatasets().import(
        { file, fileName: file.name, format: formatOfFileName(file.name) },
        {
          // A bad file is explained beside the drop zone, not in a toast.
          handledInline: (error) => error.status === 400 || error.status === 413,
          onProgress: (sent, total) =>
            set({ importing: { fileName: file.name, sent, total, phase: sent >= total ? 'profiling' : 'uploading' } }),
        },
      );
      set({ importing: null });
      void get().load();
      return result;
    } catch (error) {
      if (isAbortError(error)) {
        set({ importing: null });
        return null;
      }
      set({ importing: null, importError: { fileName: file.name, message: error instanceof Error ? error.message : String(error) } });
      return null;
    }
  },
  async importPath(path, fileName) {
    if (get().importing) return null;
    set({ importing: { fileName, sent: 0, total: 0, phase: 'profiling' }, importError: null });
    try {
      const result = await requireDatasets().importPath(path, { handledInline: (error) => error.status === 400 });
      set({ importing: null });
      void get().load();
      return result;
    } catch (error) {
      set({ importing: null, importError: { fileName, message: error instanceof Error ? error.message : String(error) } });
      return null;
    }
  },
  showImportError(failure) {
    set({ importError: failure });
  },
  dismissImportError() {
    set({ importError: null });
  },
}));
