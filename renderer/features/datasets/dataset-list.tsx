import type { DatasetSummary } from '../../../core/api/contract';
import { useDatasetsStore } from '../../stores/datasets-store';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SidebarLink, SidebarList } from '../../ui/sidebar-list';
import { datasetHref } from '../shell/hash-route';
import { releaseFocusAfterClick } from '../shell/keyboard';
import { useDatasetImport } from './use-dataset-import';
import { ImportButton } from '../../ui/import-button';

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

export function DatasetList({ datasets, activeName }: { datasets: readonly DatasetSummary[]; activeName: string | null }) {
  const { pickAndImport } = useDatasetImport();
  const importing = useDatasetsStore((state) => state.importing);
  return (
    <SidebarList
      title="Datasets"
      action={<ImportButton onClick={() => void pickAndImport()} disabled={importing !== null} testId="dataset-import-button" title="Import a CSV or Parquet file (or drop it anywhere on this page)" />}
      items={datasets}
      keyOf={(dataset) => dataset.name}
      nameOf={(dataset) => dataset.name}
      searchPlaceholder="Find a dataset"
      noun="dataset"
      renderItem={(dataset) => (
        <SidebarLink
          className="dataset-item"
          href={datasetHref(dataset.name)}
          current={dataset.name === activeName}
          data-testid="dataset-item"
          data-dataset={dataset.name}
          title={dataset.name}
          onClick={releaseFocusAfterClick}
        >
          <span className="dataset-item-name truncate">{dataset.name}</span>
          <span className="dataset-item-meta faint numeric truncate">
            {plural(dataset.version_count, 'version')} · {plural(dataset.latest.row_count, 'row')} · {plural(dataset.latest.column_count, 'column')}
          </span>
        </SidebarLink>
      )}
      footer={
        <p className="dataset-list-hint faint">
          <Icon name="upload" size={12} /> Drop CSV or Parquet files anywhere here
        </p>
      }
    />
  );
}
