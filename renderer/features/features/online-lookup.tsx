import { useMemo, useState } from 'react';
import type { FeatureRepoResponse, OnlineFeaturesRequest } from '../../../core/api/features-contract';
import { requireFeatures } from '../../stores/features-store';
import { Icon } from '../../ui/icons';
import { ChoiceGroup } from '../../ui/choice-group';
import { FeatureChecklist } from './feature-checklist';
import { featureGroups, parseEntityValues, requiredJoinKeys, serviceRefs, type EntityValue } from './feature-selection';
import { formatUtc } from './job-results';
import { onlineRows, statusBadge, statusCounts, type OnlineRow } from './online-rows';

type FeatureSource = 'features' | 'service';

/** Errors shown under the form rather than as a toast: unknown keys, features or services. */
const inline = { handledInline: (error: { status: number }) => error.status >= 400 && error.status < 500 };

/** Reads the online store the way a deployment does: entity keys in, latest values and statuses out. */
export function OnlineLookup({ repo }: { repo: FeatureRepoResponse }) {
  const onlineViews = useMemo(() => repo.feature_views.filter((view) => view.online), [repo.feature_views]);
  const groups = useMemo(() => featureGroups(onlineViews), [onlineViews]);
  const [featureSource, setFeatureSource] = useState<FeatureSource>(repo.feature_services.length > 0 ? 'service' : 'features');
  const [service, setService] = useState(repo.feature_services[0]?.name ?? '');
  const [selected, setSelected] = useState<string[]>([]);
  const [keyText, setKeyText] = useState<Record<string, string>>({});
  const [fullNames, setFullNames] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rows, setRows] = useState<OnlineRow[] | null>(null);

  const chosenService = repo.feature_services.find((candidate) => candidate.name === service);
  const refs = featureSource === 'service' ? (chosenService ? serviceRefs(chosenService, repo.feature_views) : []) : selected;
  const joinKeys = requiredJoinKeys(refs, repo.feature_views, repo.entities);
  const parsed = joinKeys.map((key) => ({ key, ...parseEntityValues(keyText[key.name] ?? '', key.valueType) }));
  const inputProblem = parsed.find((entry) => entry.error)?.error ?? (parsed.length > 1 && new Set(parsed.map((entry) => entry.values.length)).size > 1 ? 'Give every join key the same number of values.' : null);
  const canSubmit = refs.length > 0 && joinKeys.length > 0 && parsed.every((entry) => entry.values.length > 0) && inputProblem === null && !busy;

  const submit = async () => {
    const entities: Record<string, EntityValue[]> = Object.fromEntries(parsed.map((entry) => [entry.key.name, entry.values]));
    const request: OnlineFeaturesRequest = {
      ...(featureSource === 'service' ? { feature_service: service } : { features: selected }),
      entities,
      full_feature_names: fullNames,
    };
    setBusy(true);
    setError(null);
    try {
      setRows(onlineRows(await requireFeatures().online(request, inline), joinKeys.length));
    } catch (failure) {
      setRows(null);
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="features-two-column">
      <form
        className="card feature-form"
        data-testid="online-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (canSubmit) void submit();
        }}
      >
        <header className="card-header">
          <h2>Online lookup</h2>
        </header>
        <div className="card-body feature-form-body">
          <fieldset className="feature-fieldset">
            <legend className="field-label">Features</legend>
            <ChoiceGroup
              label="Features"
              name="online-features"
              value={featureSource}
              options={[
                { value: 'features', label: 'Pick features' },
                { value: 'service', label: 'Feature service' },
              ]}
              onChange={setFeatureSource}
            />
            {featureSource === 'service' ? (
              <select className="select" value={service} onChange={(event) => setService(event.target.value)} aria-label="Feature service" data-testid="online-service-select">
                {repo.feature_services.length === 0 && <option value="">The repo has no feature services</option>}
                {repo.feature_services.map((entry) => (
                  <option key={entry.name} value={entry.name}>
                    {entry.name}
                  </option>
                ))}
              </select>
            ) : (
              <FeatureChecklist groups={groups} selected={selected} onChange={setSelected} testId="online-feature-checkbox" />
            )}
          </fieldset>
          {joinKeys.length === 0 ? (
            <p className="field-hint">Choose features to see which entity keys they need.</p>
          ) : (
            joinKeys.map((key) => (
              <label key={key.name} className="field">
                <span className="field-label">
                  <span className="mono">{key.name}</span>
                  {key.valueType && <span className="faint"> · {key.valueType}</span>}
                </span>
                <input
                  className="input mono"
                  placeholder="C000001, C000002"
                  spellCheck={false}
                  autoComplete="off"
                  value={keyText[key.name] ?? ''}
                  onChange={(event) => setKeyText((previous) => ({ ...previous, [key.name]: event.target.value }))}
                  aria-invalid={parsed.find((entry) => entry.key.name === key.name)?.error ? true : undefined}
                  data-testid="online-entity-input"
                  data-join-key={key.name}
                />
              </label>
            ))
          )}
          {joinKeys.length > 0 && <p className="field-hint">Comma-separated values, one entity row each.</p>}
          {inputProblem && <p className="field-error">{inputProblem}</p>}
          <label className="toggle">
            <input type="checkbox" className="checkbox" checked={fullNames} onChange={(event) => setFullNames(event.target.checked)} data-testid="online-full-names" />
            Full feature names (<code>view__feature</code>)
          </label>
          {error && (
            <div className="feature-form-error" role="alert" data-testid="online-error">
              <Icon name="alert" size={15} />
              <span>{error}</span>
            </div>
          )}
        </div>
        <footer className="feature-form-footer">
          <button type="submit" className="button button-primary" disabled={!canSubmit} data-testid="online-submit">
            {busy ? <span className="spinner spinner-inline" /> : <Icon name="search" size={13} />}
            Look up
          </button>
        </footer>
      </form>
      <div className="feature-form-result">
        {rows ? (
          <OnlineResult rows={rows} />
        ) : (
          <p className="muted feature-result-placeholder">
            Values come from the online store, so materialize first. A value older than its view’s ttl is returned as <strong>Outside max age</strong>; a key
            with nothing stored is <strong>Not found</strong>.
          </p>
        )}
      </div>
    </div>
  );
}

function OnlineResult({ rows }: { rows: OnlineRow[] }) {
  return (
    <div className="card online-result" data-testid="online-result">
      <header className="card-header">
        <h2>Values</h2>
        <span className="online-status-counts">
          {statusCounts(rows).map(([status, count]) => (
            <span key={status} className={`badge ${statusBadge(status).tone}`}>
              {count} {statusBadge(status).label.toLowerCase()}
            </span>
          ))}
        </span>
      </header>
      <table className="data-table card-table">
        <thead>
          <tr>
            <th>Entity</th>
            <th>Feature</th>
            <th>Value</th>
            <th>Status</th>
            <th>Event time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const badge = statusBadge(row.status);
            return (
              <tr key={index} data-testid="online-result-row" data-status={row.status} data-entity={row.entity} data-feature={row.feature}>
                <td className="mono">{row.entity}</td>
                <td className="mono">{row.feature}</td>
                <td className="mono">{row.status === 'NOT_FOUND' ? <span className="faint">—</span> : row.value}</td>
                <td>
                  <span className={`badge ${badge.tone}`} title={badge.hint} data-testid="online-status-badge">
                    <span className="badge-dot" />
                    {badge.label}
                  </span>
                </td>
                <td className="mono nowrap">{row.eventTimestamp ? formatUtc(row.eventTimestamp) : <span className="faint">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="card-note">No rows: the request named no features.</p>}
    </div>
  );
}
