import { useState } from 'react';
import type { DatasetSummary } from '../../../core/api/contract';
import { useDatasetsStore } from '../../stores/datasets-store';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { datasetHref } from '../shell/hash-route';
import { releaseFocusAfterClick } from '../shell/keyboard';
import { useDatasetImport } from './use-dataset-import';

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

export function DatasetList({ datasets, activeName }: { datasets: readonly DatasetSummary[]; activeName: string | null }) {
  const { pickAndImport } = useDatasetImport();
  const importing = useDatasetsStore((state) => state.importing);
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const shown = needle ? datasets.filter((dataset) => dataset.name.toLowerCase().includes(needle)) : datasets;
  return (
    <aside className="dataset-list" aria-label="Datasets">
      <div className="dataset-list-header">
        <h2>Datasets</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => void pickAndImport()}
          disabled={importing !== null}
          data-testid="dataset-import-button"
          title="Import a CSV or Parquet file (or drop it anywhere on this page)"
        >
          <Icon name="upload" size={14} />
          Import
        </button>
      </div>
      {datasets.length > 8 && (
        <div className="dataset-list-search">
          <input className="input" type="search" placeholder="Find a dataset" value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      )}
      <ul className="dataset-items">
        {shown.map((dataset) => (
          <li key={dataset.name}>
            <a
              className="dataset-item"
              href={datasetHref(dataset.name)}
              aria-current={dataset.name === activeName ? 'page' : undefined}
              data-testid="dataset-item"
              data-dataset={dataset.name}
              title={dataset.name}
              onClick={releaseFocusAfterClick}
            >
              <span className="dataset-item-name truncate">{dataset.name}</span>
              <span className="dataset-item-meta faint numeric truncate">
                {plural(dataset.version_count, 'version')} · {plural(dataset.latest.row_count, 'row')} · {plural(dataset.latest.column_count, 'column')}
              </span>
            </a>
          </li>
        ))}
        {shown.length === 0 && datasets.length > 0 && <li className="dataset-list-empty faint">No dataset matches “{query}”.</li>}
      </ul>
      <p className="dataset-list-hint faint">
        <Icon name="upload" size={12} /> Drop CSV or Parquet files anywhere here
      </p>
    </aside>
  );
}
