import { Fragment, useState } from 'react';
import type { FeatureRepoResponse, FeatureViewStatus } from '../../../core/api/features-contract';
import { formatCount, formatRelativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { formatUtc } from './job-results';

/** Views are listed collapsed past this many, so a large repo stays scannable. */
const expandedUpTo = 3;

/** The applied repo: entities, data sources, feature views with their schemas, feature services. */
export function RegistryView({ repo }: { repo: FeatureRepoResponse }) {
  return (
    <div className="features-registry">
      <FeatureViewsCard views={repo.feature_views} />
      <div className="features-registry-grid">
        <section className="card">
          <header className="card-header">
            <h2>Entities</h2>
            <span className="faint">{repo.entities.length}</span>
          </header>
          <table className="data-table card-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Join keys</th>
                <th>Value type</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {repo.entities.map((entity) => (
                <tr key={entity.name} data-testid="entity-row" data-name={entity.name}>
                  <td className="mono">{entity.name}</td>
                  <td className="mono">{entity.join_keys.join(', ')}</td>
                  <td className="mono">{entity.value_type ?? <span className="faint">—</span>}</td>
                  <td className="muted">{entity.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {repo.entities.length === 0 && <p className="card-note">The repo defines no entities.</p>}
        </section>
        <section className="card">
          <header className="card-header">
            <h2>Feature services</h2>
            <span className="faint">{repo.feature_services.length}</span>
          </header>
          <table className="data-table card-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Features</th>
              </tr>
            </thead>
            <tbody>
              {repo.feature_services.map((service) => (
                <tr key={service.name} data-testid="service-row" data-name={service.name}>
                  <td>
                    <div className="mono">{service.name}</div>
                    {service.description && <div className="faint features-subtext">{service.description}</div>}
                  </td>
                  <td className="mono features-service-entries">
                    {service.features.map((entry) => (
                      <div key={entry.feature_view}>
                        {entry.feature_view}
                        <span className="faint">: {entry.features ? entry.features.join(', ') : 'all features'}</span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {repo.feature_services.length === 0 && <p className="card-note">No feature services: training sets and lookups pick features one by one.</p>}
        </section>
      </div>
      <section className="card">
        <header className="card-header">
          <h2>Data sources</h2>
          <span className="faint">{repo.sources.length}</span>
        </header>
        <table className="data-table card-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Reads</th>
              <th>Timestamp field</th>
              <th>Created column</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {repo.sources.map((source) => (
              <tr key={source.name} data-testid="source-row" data-name={source.name}>
                <td className="mono">{source.name}</td>
                <td className="mono">{source.path ? source.path : `dataset ${source.dataset ?? ''}`}</td>
                <td className="mono">{source.timestamp_field}</td>
                <td className="mono">{source.created_timestamp_column ?? <span className="faint">—</span>}</td>
                <td className="muted">{source.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function FeatureViewsCard({ views }: { views: FeatureViewStatus[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(views.length <= expandedUpTo ? views.map((view) => view.name) : []));
  const now = Date.now();
  const toggle = (name: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <section className="card">
      <header className="card-header">
        <h2>Feature views</h2>
        <span className="faint">{views.length}</span>
      </header>
      <table className="data-table card-table feature-views-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Entities</th>
            <th>Source</th>
            <th>TTL</th>
            <th>Online</th>
            <th className="numeric">Online rows</th>
            <th>Last materialization</th>
          </tr>
        </thead>
        <tbody>
          {views.map((view) => {
            const expanded = open.has(view.name);
            const schemaId = `feature-view-schema-${view.name}`;
            return (
              <Fragment key={view.name}>
                <tr data-testid="feature-view-row" data-name={view.name}>
                  <td>
                    <button type="button" className="feature-view-toggle" aria-expanded={expanded} aria-controls={schemaId} onClick={() => toggle(view.name)}>
                      <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={12} />
                      <span className="mono">{view.name}</span>
                      <span className="faint">
                        {view.schema.length} {view.schema.length === 1 ? 'feature' : 'features'}
                      </span>
                    </button>
                  </td>
                  <td className="mono">{view.entities.join(', ')}</td>
                  <td className="mono">{view.source}</td>
                  <td className="mono" title={view.ttlMs === 0 ? 'No ttl: any past value qualifies' : undefined}>
                    {view.ttlMs === 0 ? 'unlimited' : view.ttl}
                  </td>
                  <td>
                    <span className={`badge ${view.online ? 'badge-success' : ''}`} data-testid="feature-view-online">
                      {view.online ? 'online' : 'offline only'}
                    </span>
                  </td>
                  <td className="numeric" data-testid="feature-view-online-rows">
                    {view.online ? formatCount(view.online_rows) : <span className="faint">—</span>}
                  </td>
                  <td data-testid="feature-view-materialized">
                    {view.last_materialization ? (
                      <span title={`Window ${formatUtc(view.last_materialization.start)} – ${formatUtc(view.last_materialization.end)}`}>
                        up to {formatUtc(view.last_materialization.end)} <span className="faint">· {formatRelativeTime(view.last_materialization.finished_at, now)}</span>
                      </span>
                    ) : (
                      <span className="faint">{view.online ? 'never' : '—'}</span>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr className="feature-view-detail" id={schemaId}>
                    <td colSpan={7}>
                      {view.description && <p className="muted features-subtext">{view.description}</p>}
                      <table className="feature-schema-table" data-testid="feature-view-schema">
                        <thead>
                          <tr>
                            <th>Feature</th>
                            <th>Feast dtype</th>
                            <th>Description</th>
                          </tr>
                        </thead>
                        <tbody>
                          {view.schema.map((field) => (
                            <tr key={field.name}>
                              <td className="mono">{field.name}</td>
                              <td className="mono">{field.dtype ?? <span className="faint">from the source</span>}</td>
                              <td className="muted">{field.description ?? ''}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      {view.tags && Object.keys(view.tags).length > 0 && (
                        <p className="feature-view-tags">
                          {Object.entries(view.tags).map(([key, value]) => (
                            <span key={key} className="badge">
                              {key}: {value}
                            </span>
                          ))}
                        </p>
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {views.length === 0 && <p className="card-note">The repo defines no feature views.</p>}
    </section>
  );
}
