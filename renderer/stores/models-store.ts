import { create } from 'zustand';
import type { ModelSummary, VersionDetailResponse } from '../../core/api/registry-contract';
import { isAbortError } from '../api/api-error';
import { RegistryApi } from '../api/registry-api';
import { requireTracking } from './session-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

let registry: RegistryApi | null = null;

/**
 * The registry routes share the session's client (its token and its failure toasts); built on
 * first use so the session store needs no knowledge of every capability.
 */
export function requireRegistry(): RegistryApi {
  const { client } = requireTracking();
  if (registry?.client !== client) registry = new RegistryApi(client);
  return registry;
}

export interface ModelImportProgress {
  fileName: string;
  modelName: string;
  sent: number;
  total: number;
  /** After the upload the core scans the file (hash, opsets, operators) before answering. */
  phase: 'uploading' | 'scanning';
}

export interface ModelImportFailure {
  fileName: string;
  message: string;
}

/** What the user asked to import: dropped bytes, or a path from the desktop file dialog. */
export type ModelImportSource = { kind: 'file'; file: File; fileName: string } | { kind: 'path'; path: string; fileName: string };

interface ModelsState {
  models: ModelSummary[];
  status: LoadStatus;
  importing: ModelImportProgress | null;
  importError: ModelImportFailure | null;
  /** A dropped or picked file waiting for the user to name its model. */
  pendingImport: ModelImportSource | null;
  askForName(source: ModelImportSource): void;
  cancelImport(): void;
  load(): Promise<void>;
  /** Resolves to null when the core refused the file; the reason is in importError. */
  importModel(source: ModelImportSource, modelName: string): Promise<VersionDetailResponse | null>;
  dismissImportError(): void;
}

/** A registry name from a file name: its stem, with characters names should not carry replaced. */
export function modelNameFromFileName(fileName: string): string {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.onnx$/i, '');
  return stem.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

export const useModelsStore = create<ModelsState>((set, get) => ({
  models: [],
  status: 'idle',
  importing: null,
  importError: null,
  pendingImport: null,
  askForName(source) {
    if (!get().importing) set({ pendingImport: source, importError: null });
  },
  cancelImport() {
    set({ pendingImport: null });
  },
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const { models } = await requireRegistry().listModels();
      set({ models, status: 'ready' });
    } catch {
      set({ status: get().models.length > 0 ? 'ready' : 'failed' });
    }
  },
  async importModel(source, modelName) {
    if (get().importing) return null;
    const { fileName } = source;
    set({ pendingImport: null });
    const total = source.kind === 'file' ? source.file.size : 0;
    set({ importing: { fileName, modelName, sent: 0, total, phase: source.kind === 'file' ? 'uploading' : 'scanning' }, importError: null });
    // A refused file is explained beside the drop zone, not in a toast.
    const handledInline = (error: { status: number }) => error.status === 400 || error.status === 409 || error.status === 413;
    try {
      const result =
        source.kind === 'file'
          ? await requireRegistry().importOnnx(source.file, modelName, fileName, {
              handledInline,
              onProgress: (sent, size) =>
                set({ importing: { fileName, modelName, sent, total: size, phase: sent >= size ? 'scanning' : 'uploading' } }),
            })
          : await requireRegistry().importOnnxPath(source.path, modelName, { handledInline });
      set({ importing: null });
      void get().load();
      return result;
    } catch (error) {
      if (isAbortError(error)) {
        set({ importing: null });
        return null;
      }
      set({ importing: null, importError: { fileName, message: error instanceof Error ? error.message : String(error) } });
      return null;
    }
  },
  dismissImportError() {
    set({ importError: null });
  },
}));
