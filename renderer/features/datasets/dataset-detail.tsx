import { useEffect, useState } from 'react';
import type { DatasetVersionSummary } from '../../../core/api/contract';
import { useRequest } from '../../api/use-request';
import { useDatasetsStore } from '../../stores/datasets-store';
import { requireDatasets } from '../../stores/session-store';
import { useTrainDialogStore } from '../../stores/train-dialog-store';
import { CopyButton } from '../../ui/copy-button';
import { EmptyState } from '../../ui/empty-state';
import { formatBytes, formatCount, formatRelativeTime, formatTimestamp } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { PageSpinner } from '../../ui/page-states';
import { datasetHref, navigate } from '../shell/hash-route';
import { ValidationSection } from '../validation/validation-section';
import { ColumnPanel } from './column-panel';
import { PreviewTable } from './preview-table';
import { SchemaTable } from './schema-table';
import '../../styles/detail-page.css';
import './dataset-detail.css';

export const previewRows = 50;

/** One dataset: its versions, the chosen version's schema and statistics, and its first rows. */
export function DatasetDetail({ name, version }: { name: string; version: number | undefined }) {
  const summary = useDatasetsStore((state) => state.datasets.find((dataset) => dataset.name === name));
  // A version imported while this page shows changes the summary, and so refetches the versions.
  const changed = summary ? `${summary.version_count}:${summary.last_update_time}` : '';
  // An unknown name is answered on the page itself, not also in a toast.
  const detail = useRequest((signal) => requireDatasets().detail(name, { signal, handledInline: (error) => error.status === 404 }), [name, changed]);
  const versionNumber = version ?? detail.data?.dataset.latest.version ?? summary?.latest.version;
  const profile = useRequest(
    versionNumber === undefined ? null : (signal) => requireDatasets().version(name, versionNumber, { signal }),
    [name, versionNumber],
  );
  const preview = useRequest(
    versionNumber === undefined ? null : (signal) => requireDatasets().preview(name, versionNumber, previewRows, { signal }),
    [name, versionNumber],
  );
  const [selectedColumn, setSelectedColumn] = useState<string | null>(null);
  const showTrain = useTrainDialogStore((state) => state.show);

  const stats = profile.data && profile.data.version.version === versionNumber ? profile.data.stats : null;
  useEffect(() => {
    if (stats && !stats.some((column) => column.name === selectedColumn)) setSelectedColumn(stats[0]?.name ?? null);
  }, [stats, selectedColumn]);

  if (detail.error && !detail.data) {
    return (
      <div className="page-center">
        <EmptyState icon="search" title="No such dataset">
          <p>
            Dataset <code>{name}</code> does not exist. Pick one from the list, or drop a file here to import it.
          </p>
        </EmptyState>
      </div>
    );
  }
  if (!detail.data || versionNumber === undefined) {
    return <PageSpinner />;
  }

  const { versions } = detail.data;
  const shown: DatasetVersionSummary | undefined = versions.find((candidate) => candidate.version === versionNumber);
  const latestVersion = detail.data.dataset.latest.version;
  if (!shown) {
    return (
      <div className="page-center">
        <EmptyState
          icon="search"
          title={`${name} has no version ${versionNumber}`}
          actions={
            <a className="button" href={datasetHref(name)}>
              Show the latest version
            </a>
          }
        />
      </div>
    );
  }
  const selectedStats = stats?.find((column) => column.name === selectedColumn) ?? null;

  return (
    <div className="detail-page dataset-detail" data-testid="dataset-detail">
      <header className="detail-header">
        <div className="detail-title">
          <h1 className="truncate" title={name}>
            {name}
          </h1>
          <label className="version-select">
            <span className="visually-hidden">Version</span>
            <select
              className="select"
              value={versionNumber}
              data-testid="dataset-version"
              onChange={(event) => {
                const next = Number(event.target.value);
                navigate(datasetHref(name, next === latestVersion ? undefined : next));
              }}
            >
              {versions.map((candidate) => (
                <option key={candidate.version} value={candidate.version}>
                  v{candidate.version}
                  {candidate.version === latestVersion ? ' · latest' : ''} — {formatRelativeTime(candidate.created_time, Date.now())}
                </option>
              ))}
            </select>
          </label>
          <div className="dataset-actions">
            <button
              type="button"
              className="button button-primary"
              data-testid="train-button"
              onClick={() => showTrain({ dataset: name, version: versionNumber })}
              title="Train a model on this version"
            >
              <Icon name="play" size={13} />
              Train model
            </button>
          </div>
        </div>
        <dl className="detail-facts">
          <div>
            <dt>Rows</dt>
            <dd className="numeric">{formatCount(shown.row_count)}</dd>
          </div>
          <div>
            <dt>Columns</dt>
            <dd className="numeric">{formatCount(shown.column_count)}</dd>
          </div>
          <div>
            <dt>Source</dt>
            <dd>
              <span className="mono truncate" title={shown.source_path}>
                {shown.source_path.split(/[\\/]/).pop()}
              </span>
              <span className="faint">
                {shown.source_format.toUpperCase()} · {formatBytes(shown.source_size)}
              </span>
            </dd>
          </div>
          <div>
            <dt>Imported</dt>
            <dd title={formatTimestamp(shown.created_time)}>
              {formatRelativeTime(shown.created_time, Date.now())}
              <span className="faint">by {shown.created_by}</span>
            </dd>
          </div>
          <div>
            <dt>Content hash</dt>
            <dd className="mono" title={shown.sha256}>
              {shown.sha256.slice(0, 12)}
              <CopyButton text={shown.sha256} label="Copy" />
            </dd>
          </div>
        </dl>
      </header>

      {shown.warnings.length > 0 && (
        <section className="callout callout-warning" data-testid="dataset-warnings">
          <Icon name="alert" size={16} />
          <div>
            <h2>
              {shown.warnings.length} {shown.warnings.length === 1 ? 'warning' : 'warnings'} from the import
            </h2>
            <ul>
              {shown.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </div>
        </section>
      )}

      <section className="card schema-card">
          <div className="card-header">
            <h2>Schema</h2>
            <span className="faint numeric">{shown.column_count} columns</span>
          </div>
          {stats ? (
            <SchemaTable stats={stats} schema={profile.data?.schema ?? []} selected={selectedColumn} onSelect={setSelectedColumn} />
          ) : profile.error ? (
            <p className="card-note">Could not load the column statistics.</p>
          ) : (
            <div className="card-body">
              <span className="spinner" />
            </div>
          )}
      </section>
      <ColumnPanel stats={selectedStats} rowCount={shown.row_count} />

      <section className="card">
        <div className="card-header">
          <h2>Preview</h2>
          <span className="faint numeric">
            {preview.data
              ? `First ${formatCount(preview.data.rows.length)} of ${formatCount(preview.data.total_rows)} rows`
              : `First ${previewRows} rows`}
          </span>
        </div>
        {preview.data ? (
          <PreviewTable preview={preview.data} />
        ) : preview.error ? (
          <p className="card-note">Could not load the preview.</p>
        ) : (
          <div className="card-body">
            <span className="spinner" />
          </div>
        )}
      </section>
      <ValidationSection dataset={name} version={versionNumber} />
    </div>
  );
}
