import { useEffect } from 'react';
import { useDatasetsStore } from '../../stores/datasets-store';
import { CommandBlock } from '../../ui/command-block';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { datasetHref, navigate } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { DatasetDetail } from './dataset-detail';
import { DatasetDropzone, ImportStatus } from './dataset-dropzone';
import { DatasetList } from './dataset-list';
import { useDatasetImport } from './use-dataset-import';
import '../../styles/two-pane.css';
import './datasets.css';

/** A version path segment: a whole number from 1; anything else shows the latest. */
function versionParam(text: string | undefined): number | undefined {
  return text !== undefined && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
}

export function DatasetsPage({ params }: PageProps) {
  const datasets = useDatasetsStore((state) => state.datasets);
  const status = useDatasetsStore((state) => state.status);
  const load = useDatasetsStore((state) => state.load);
  const selectedName = params.name ?? null;

  useEffect(() => {
    void load();
  }, [load]);

  // #/datasets opens the most recently updated dataset (the list's first).
  useEffect(() => {
    if (selectedName === null && status === 'ready' && datasets.length > 0) navigate(datasetHref(datasets[0].name), { replace: true });
  }, [selectedName, status, datasets]);

  let main;
  if (status === 'idle' || status === 'loading') {
    main = <PageSpinner />;
  } else if (status === 'failed') {
    main = <PageLoadFailed title="Could not load datasets" onRetry={() => void load()} />;
  } else if (datasets.length === 0) {
    main = <DatasetsEmptyState />;
  } else if (selectedName !== null) {
    main = <DatasetDetail key={selectedName} name={selectedName} version={versionParam(params.version)} />;
  }

  return (
    <DatasetDropzone>
      <div className="two-pane" data-testid="datasets-page">
        {datasets.length > 0 && <DatasetList datasets={datasets} activeName={selectedName} />}
        <div className="two-pane-main datasets-main">
          {datasets.length > 0 && (
            <div className="datasets-status">
              <ImportStatus />
            </div>
          )}
          {main}
        </div>
      </div>
    </DatasetDropzone>
  );
}

function DatasetsEmptyState() {
  const { pickAndImport } = useDatasetImport();
  return (
    <div className="datasets-empty">
      <EmptyState icon="database" title="Import your first dataset">
        <p>A dataset is a CSV or Parquet file kept as immutable versions, each with its schema and column statistics. Models train on it from here.</p>
        <div className="drop-target">
          <Icon name="upload" size={22} className="drop-target-icon" />
          <strong>Drop a CSV or Parquet file anywhere on this page</strong>
          <span className="faint">or</span>
          <button type="button" className="button button-primary" onClick={() => void pickAndImport()} data-testid="dataset-import-button">
            Choose a file
          </button>
        </div>
        <ImportStatus />
        <p>Or import from a terminal:</p>
        <CommandBlock text="mlwb datasets import churn.csv" testId="datasets-empty-command" />
      </EmptyState>
    </div>
  );
}
