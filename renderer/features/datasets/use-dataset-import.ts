import { useCallback } from 'react';
import { useDatasetsStore } from '../../stores/datasets-store';
import type { PickedFile } from '../../platform/host';
import { requireHost } from '../../stores/session-store';
import { showSuccessToast } from '../../stores/toast-store';
import { formatCount } from '../../ui/format';
import { datasetHref, navigate } from '../shell/hash-route';

export const importFilters = [
  { name: 'Data files (CSV, Parquet)', extensions: ['csv', 'parquet', 'pq'] },
  { name: 'All files', extensions: ['*'] },
];

/** Imports dropped or picked files one after another and opens the last one imported. */
export function useDatasetImport() {
  const importFile = useDatasetsStore((state) => state.importFile);
  const importPath = useDatasetsStore((state) => state.importPath);

  const importFiles = useCallback(
    async (files: readonly PickedFile[]) => {
      let last: { name: string; version: number } | null = null;
      for (const entry of files) {
        const result = entry.kind === 'file' ? await importFile(entry.file) : await importPath(entry.path, entry.name);
        if (!result) break;
        const { version } = result;
        last = { name: version.name, version: version.version };
        showSuccessToast(
          result.created
            ? `Imported ${version.name} v${version.version}: ${formatCount(version.row_count)} rows, ${formatCount(version.column_count)} columns`
            : `${version.name} v${version.version} already holds this file`,
        );
      }
      if (last) navigate(datasetHref(last.name, last.version));
    },
    [importFile, importPath],
  );

  const pickAndImport = useCallback(async () => {
    // The web host hands out File objects (uploaded); the desktop dialog hands out paths (read by the core).
    await importFiles(await requireHost().pickFiles({ title: 'Import a dataset', filters: importFilters, multiple: true }));
  }, [importFiles]);

  return { importFiles, pickAndImport };
}
