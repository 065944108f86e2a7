import { useEffect } from 'react';
import type { FeatureRepoResponse } from '../../../core/api/features-contract';
import { useFeaturesStore } from '../../stores/features-store';
import { useSessionStore } from '../../stores/session-store';
import { CommandBlock, shellQuote } from '../../ui/command-block';
import { CopyButton } from '../../ui/copy-button';
import { EmptyState } from '../../ui/empty-state';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import type { PageProps } from '../shell/page-props';
import { sampleRepoPath } from './job-results';
import { MaterializeForm } from './materialize-form';
import { OnlineLookup } from './online-lookup';
import { PlanPanel } from './plan-panel';
import { RegistryView } from './registry-view';
import { TrainingSetForm } from './training-set-form';
import { VersionHistory } from './version-history';
import '../../styles/detail-page.css';
import '../models/models.css';
import './features.css';

type FeaturesTab = 'registry' | 'training' | 'materialize' | 'online' | 'versions';

const featuresHref = '#/features';

const tabs: Array<{ tab: FeaturesTab; label: string; href: string }> = [
  { tab: 'registry', label: 'Registry', href: featuresHref },
  { tab: 'training', label: 'Training set', href: `${featuresHref}/training` },
  { tab: 'materialize', label: 'Materialize', href: `${featuresHref}/materialize` },
  { tab: 'online', label: 'Online lookup', href: `${featuresHref}/online` },
  { tab: 'versions', label: 'Apply and history', href: `${featuresHref}/versions` },
];

/** Routes: #/features (the registry) and #/features/:tab (training, materialize, online, versions). */
export function FeaturesPage({ params }: PageProps) {
  const repo = useFeaturesStore((state) => state.repo);
  const status = useFeaturesStore((state) => state.status);
  const load = useFeaturesStore((state) => state.load);
  const workspace = useSessionStore((state) => state.info?.workspace ?? '');
  useEffect(() => {
    void load();
  }, [load]);

  const tab = tabs.find((entry) => entry.tab === (params.tab ?? 'registry'))?.tab;
  // The folder applied last, else where the sample project puts the churn repo.
  const defaultPath = repo?.version?.directory ?? (workspace ? sampleRepoPath(workspace) : '');
  let main;
  if (!tab) {
    main = (
      <div className="page-center">
        <EmptyState icon="search" title="No such features page">
          <p>
            The feature store has the <a className="link" href={featuresHref}>registry</a>, a training-set builder, materialization, online lookup and the
            version history.
          </p>
        </EmptyState>
      </div>
    );
  } else if (status === 'idle' || (status === 'loading' && !repo)) {
    main = <PageSpinner />;
  } else if (status === 'failed' || !repo) {
    main = <PageLoadFailed title="Could not load the feature store" onRetry={() => void load()} />;
  } else if (repo.version === null) {
    main = <FeaturesEmptyState defaultPath={defaultPath} />;
  } else {
    main = <AppliedRepo repo={repo} tab={tab} defaultPath={defaultPath} />;
  }
  return (
    <div className="features-page" data-testid="features-page">
      {main}
    </div>
  );
}

function FeaturesEmptyState({ defaultPath }: { defaultPath: string }) {
  const repoArgument = shellQuote(defaultPath || 'DIR');
  return (
    <div className="features-empty" data-testid="features-empty">
      <EmptyState icon="layers" title="Define features once, use them everywhere">
        <p>
          A feature repo is a folder of YAML files declaring entities, data sources, feature views and feature services with Feast’s field names. Apply it,
          then build leakage-free training sets and serve the same features online.
        </p>
      </EmptyState>
      <div className="card features-empty-panel">
        <div className="card-body">
          <PlanPanel defaultPath={defaultPath} />
        </div>
      </div>
      <div className="features-empty-cli">
        <p className="muted">Or from a terminal:</p>
        <CommandBlock text={`mlwb features plan --repo ${repoArgument}\nmlwb features apply --repo ${repoArgument}`} testId="features-cli" />
      </div>
    </div>
  );
}

function count(value: number, one: string, many: string): string {
  return `${value} ${value === 1 ? one : many}`;
}

function AppliedRepo({ repo, tab, defaultPath }: { repo: FeatureRepoResponse; tab: FeaturesTab; defaultPath: string }) {
  const version = repo.version!;
  const onlineRows = repo.feature_views.reduce((total, view) => total + view.online_rows, 0);
  // Forms hold choices made against one version; a new apply starts them afresh.
  const key = version.version;
  return (
    <div className="detail-page features-applied">
      <header className="detail-header">
        <div className="detail-title">
          <h1>Features</h1>
          <span className="badge" data-testid="features-version">
            {repo.project} · v{version.version}
          </span>
        </div>
        <dl className="detail-facts">
          <div>
            <dt>Repo folder</dt>
            <dd className="mono">
              <span className="truncate features-path" title={version.directory}>
                {version.directory}
              </span>
              <CopyButton text={version.directory} label="Copy" />
            </dd>
          </div>
          <div>
            <dt>Applied</dt>
            <dd title={formatTimestamp(version.applied_time)}>
              {formatRelativeTime(version.applied_time, Date.now())} by {version.applied_by}
            </dd>
          </div>
          <div>
            <dt>Objects</dt>
            <dd>
              {count(repo.entities.length, 'entity', 'entities')} · {count(repo.feature_views.length, 'view', 'views')} ·{' '}
              {count(repo.feature_services.length, 'service', 'services')}
            </dd>
          </div>
          <div>
            <dt>Online rows</dt>
            <dd className="numeric">{onlineRows.toLocaleString('en-US')}</dd>
          </div>
        </dl>
      </header>
      <nav className="tab-bar" aria-label="Feature store sections">
        {tabs.map((entry) => (
          <a key={entry.tab} className="tab" href={entry.href} aria-current={entry.tab === tab ? 'page' : undefined} data-testid={`features-tab-${entry.tab}`}>
            {entry.label}
          </a>
        ))}
      </nav>
      {tab === 'registry' && <RegistryView key={key} repo={repo} />}
      {tab === 'training' && <TrainingSetForm key={key} repo={repo} />}
      {tab === 'materialize' && <MaterializeForm key={key} repo={repo} />}
      {tab === 'online' && <OnlineLookup key={key} repo={repo} />}
      {tab === 'versions' && (
        <div className="features-versions">
          <section className="card">
            <header className="card-header">
              <h2>Apply changes</h2>
            </header>
            <div className="card-body">
              <PlanPanel defaultPath={defaultPath} />
            </div>
          </section>
          <VersionHistory currentVersion={version.version} />
        </div>
      )}
    </div>
  );
}
