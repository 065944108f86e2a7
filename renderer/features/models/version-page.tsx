import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useRequest } from '../../api/use-request';
import { requireRegistry, useModelsStore } from '../../stores/models-store';
import { CopyButton } from '../../ui/copy-button';
import { EmptyState } from '../../ui/empty-state';
import { formatBytes, formatRelativeTime, formatTimestamp, shortRunId } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { PageSpinner } from '../../ui/page-states';
import { DeployButton } from '../deployments/deploy-button';
import { runHref } from '../shell/hash-route';
import { AliasForm } from './alias-form';
import { ApprovalBadge } from './approval-badge';
import { LineageGraph } from './lineage-graph';
import { ManifestView, ModelCardView } from './version-documents';
import { VersionGovernance } from './version-governance';
import { modelHref, versionHref, type VersionTab } from './model-hrefs';
import { PushControl } from './push-control';
import { VersionOverview } from './version-overview';
import '../../styles/detail-page.css';

const tabLabels: Record<VersionTab, string> = {
  overview: 'Overview',
  lineage: 'Lineage',
  manifest: 'Manifest',
  card: 'Model card',
  governance: 'Governance',
};

/** While checks run, the version is polled until its review leaves `checking`. */
const checkingPollInterval = 1500;

export function VersionPage({ name, version, tab }: { name: string; version: number; tab: VersionTab }) {
  const reloadList = useModelsStore((state) => state.load);
  const [revision, setRevision] = useState(0);
  const detail = useRequest(
    (signal) => requireRegistry().version(name, version, { signal, handledInline: (error) => error.status === 404 }),
    [name, version, revision],
  );
  const refresh = () => {
    setRevision((value) => value + 1);
    void reloadList();
  };

  const checking = detail.data?.review?.state === 'checking' || detail.data?.version.approval === 'checking';
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => setRevision((value) => value + 1), checkingPollInterval);
    return () => clearTimeout(timer);
    // Every answer while checking schedules the next poll.
  }, [checking, detail.data]);
  // The list's approval counts change once the checks end.
  const wasChecking = useRef(false);
  useEffect(() => {
    if (wasChecking.current && !checking) void reloadList();
    wasChecking.current = checking;
  }, [checking, reloadList]);

  if (detail.error && !detail.data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <div className="page-center">
        <EmptyState
          icon="search"
          title={missing ? `${name} has no version ${version}` : 'Could not load the version'}
          actions={
            <a className="button" href={modelHref(name)}>
              Show {name}
            </a>
          }
        >
          {!missing && <p>{String(detail.error)}</p>}
        </EmptyState>
      </div>
    );
  }
  if (!detail.data) return <PageSpinner />;

  const data = detail.data;
  const shown = data.version;
  return (
    <div className="detail-page version-page" data-testid="version-page">
      <header className="detail-header">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <a href={modelHref(name)}>{name}</a>
          <Icon name="chevronRight" size={12} />
          <span>v{version}</span>
        </nav>
        <div className="detail-title">
          <h1 data-testid="version-title">
            {name} <span className="muted">v{version}</span>
          </h1>
          <ApprovalBadge state={shown.approval} title={data.approval_reason ?? undefined} />
          {shown.status !== 'READY' && <span className="badge badge-warning">{shown.status.toLowerCase().replace('_', ' ')}</span>}
          <div className="detail-actions">
            <DeployButton model={name} version={version} />
            <PushControl key={shown.approval} name={name} version={version} approvalReason={data.approval_reason} />
          </div>
        </div>
        <AliasForm name={name} version={version} aliases={shown.aliases} onChanged={refresh} />
        <dl className="detail-facts">
          <div>
            <dt>Origin</dt>
            <dd>
              {shown.run_id ? (
                <a className="link mono" href={runHref(shown.run_id)}>
                  run {shortRunId(shown.run_id)}
                </a>
              ) : (
                <span>{data.lineage.imported ? <>imported <span className="mono">{data.lineage.imported.file_name}</span></> : shown.origin}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd title={formatTimestamp(shown.creation_timestamp)}>
              {formatRelativeTime(shown.creation_timestamp, Date.now())}
              <span className="faint">by {shown.user_id || '—'}</span>
            </dd>
          </div>
          {shown.size !== null && (
            <div>
              <dt>Size</dt>
              <dd className="numeric">{formatBytes(shown.size)}</dd>
            </div>
          )}
          {shown.sha256 && (
            <div>
              <dt>SHA-256</dt>
              <dd className="mono" title={shown.sha256}>
                {shown.sha256.slice(0, 12)}
                <CopyButton text={shown.sha256} label="Copy" />
              </dd>
            </div>
          )}
        </dl>
        {data.approval_reason && (
          <p className="approval-reason muted" data-testid="approval-reason">
            <Icon name="info" size={14} /> {data.approval_reason}
          </p>
        )}
      </header>

      <nav className="tab-bar" aria-label="Version sections">
        {(Object.keys(tabLabels) as VersionTab[]).map((candidate) => (
          <a
            key={candidate}
            className="tab"
            href={versionHref(name, version, candidate)}
            aria-current={candidate === tab ? 'page' : undefined}
            data-testid={`version-tab-${candidate}`}
          >
            {tabLabels[candidate]}
            {candidate === 'governance' && checking && <span className="spinner tab-spinner" />}
          </a>
        ))}
      </nav>

      {tab === 'overview' && <VersionOverview detail={data} onChanged={refresh} />}
      {tab === 'lineage' && <LineageGraph name={name} version={version} />}
      {tab === 'manifest' && <ManifestView name={name} version={version} revision={shown.last_updated_timestamp} />}
      {tab === 'card' && <ModelCardView name={name} version={version} revision={shown.last_updated_timestamp} />}
      {tab === 'governance' && <VersionGovernance detail={data} onChanged={refresh} />}
    </div>
  );
}
