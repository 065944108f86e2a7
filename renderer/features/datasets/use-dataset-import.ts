import { useCallback } from 'react';
import { useDatasetsStore } from '../../stores/datasets-store';
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
  const showImportError = useDatasetsStore((state) => state.showImportError);

  const importFiles = useCallback(
    async (files: readonly File[]) => {
      let last: { name: string; version: number } | null = null;
      for (const file of files) {
        const result = await importFile(file);
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
    [importFile],
  );

  const pickAndImport = useCallback(async () => {
    const picked = await requireHost().pickFiles({ title: 'Import a dataset', filters: importFilters, multiple: true });
    const files = picked.flatMap((entry) => (entry.kind === 'file' ? [entry.file] : []));
    if (picked.length > 0 && files.length === 0) {
      // The desktop dialog hands out paths, and the core's import route takes only the bytes.
      showImportError({ fileName: picked[0].name, message: 'This window can only import files dropped onto it. Drag the file here, or run: mlwb datasets import FILE' });
      return;
    }
    await importFiles(files);
  }, [importFiles, showImportError]);

  return { importFiles, pickAndImport };
}
