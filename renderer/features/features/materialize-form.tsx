import { useId, useState } from 'react';
import type { FeatureRepoResponse, MaterializeRequestBody, MaterializeResult } from '../../../core/api/features-contract';
import { useFeaturesStore } from '../../stores/features-store';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { ChoiceGroup } from '../../ui/choice-group';
import { FeatureJobStatus } from './feature-job-status';
import { formatUtc, localInputFromEpoch, materializeOutcome, materializeTotals, utcFromLocalInput } from './job-results';

type Mode = 'window' | 'incremental';

/** A window that covers the sample data and anything newer, until the user narrows it. */
const defaultStart = '2020-01-01T00:00';

/** Loads the latest value per entity key of a window (or since the last run) into the online store. */
export function MaterializeForm({ repo }: { repo: FeatureRepoResponse }) {
  const job = useFeaturesStore((state) => state.jobs.materialize);
  const startMaterialize = useFeaturesStore((state) => state.startMaterialize);
  const dismissJob = useFeaturesStore((state) => state.dismissJob);
  const onlineViews = repo.feature_views.filter((view) => view.online).map((view) => view.name);
  const [mode, setMode] = useState<Mode>('window');
  const [start, setStart] = useState(defaultStart);
  const [end, setEnd] = useState(() => localInputFromEpoch(Date.now()));
  const [views, setViews] = useState<string[]>(onlineViews);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const startId = useId();
  const endId = useId();

  const startIso = utcFromLocalInput(start);
  const endIso = utcFromLocalInput(end);
  const windowProblem =
    mode !== 'window' ? null : !startIso || !endIso ? 'Give a start and an end.' : Date.parse(startIso) > Date.parse(endIso) ? 'The start is after the end.' : null;
  const running = job?.status === 'running';
  const canSubmit = onlineViews.length > 0 && views.length > 0 && windowProblem === null && !running && !submitting;

  const submit = async () => {
    // Every online view is the core's default; naming them all would pin today's list.
    const limit = views.length === onlineViews.length ? {} : { feature_views: views };
    const request: MaterializeRequestBody = mode === 'incremental' ? { incremental: true, ...limit } : { start: startIso!, end: endIso!, ...limit };
    setSubmitting(true);
    setError(await startMaterialize(request));
    setSubmitting(false);
  };

  return (
    <div className="features-two-column">
      <form
        className="card feature-form"
        data-testid="materialize-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (canSubmit) void submit();
        }}
      >
        <header className="card-header">
          <h2>Materialize to the online store</h2>
        </header>
        <div className="card-body feature-form-body">
          <ChoiceGroup
            label="What to load"
            name="materialize-mode"
            value={mode}
            options={[
              { value: 'window', label: 'Time window' },
              { value: 'incremental', label: 'Incremental' },
            ]}
            onChange={setMode}
            testId="materialize-mode"
          />
          {mode === 'window' ? (
            <div className="materialize-window">
              <label className="field" htmlFor={startId}>
                <span className="field-label">Start (UTC)</span>
                <input id={startId} className="input" type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} data-testid="materialize-start" />
              </label>
              <label className="field" htmlFor={endId}>
                <span className="field-label">End (UTC)</span>
                <input id={endId} className="input" type="datetime-local" value={end} onChange={(event) => setEnd(event.target.value)} data-testid="materialize-end" />
              </label>
              <p className="field-hint">Both bounds inclusive and read as UTC, whatever this computer’s time zone. Each key keeps its latest row in the window.</p>
              {windowProblem && <p className="field-error">{windowProblem}</p>}
            </div>
          ) : (
            <p className="field-hint">
              Each view from where its last run ended (the first time: now minus its ttl) up to now, like <code>feast materialize-incremental</code>.
            </p>
          )}
          <fieldset className="feature-fieldset">
            <legend className="field-label">Online feature views</legend>
            {onlineViews.length === 0 && <p className="field-error">The repo has no view with online: true.</p>}
            {onlineViews.map((name) => (
              <label key={name} className="toggle">
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={views.includes(name)}
                  onChange={() => setViews((previous) => (previous.includes(name) ? previous.filter((view) => view !== name) : onlineViews.filter((view) => view === name || previous.includes(view))))}
                  data-testid="materialize-view-checkbox"
                  data-view={name}
                />
                <span className="mono">{name}</span>
              </label>
            ))}
          </fieldset>
          <p className="field-hint">A value already in the store is replaced only by a newer one, so a late, older batch never overwrites it.</p>
          {error && (
            <div className="feature-form-error" role="alert" data-testid="materialize-error">
              <Icon name="alert" size={15} />
              <span>{error}</span>
            </div>
          )}
        </div>
        <footer className="feature-form-footer">
          <button type="submit" className="button button-primary" disabled={!canSubmit} data-testid="materialize-submit">
            {running || submitting ? <span className="spinner spinner-inline" /> : <Icon name="upload" size={13} />}
            Materialize
          </button>
        </footer>
      </form>
      <div className="feature-form-result">
        {job ? (
          <FeatureJobStatus job={job} label="Materialization progress" onDismiss={() => dismissJob('materialize')}>
            <MaterializeResultTable views={materializeOutcome(job.result) ?? []} />
          </FeatureJobStatus>
        ) : (
          <p className="muted feature-result-placeholder">Online lookups and deployments that take entity keys read what was materialized here.</p>
        )}
      </div>
    </div>
  );
}

function MaterializeResultTable({ views }: { views: MaterializeResult[] }) {
  const totals = materializeTotals(views);
  return (
    <div className="materialize-result" data-testid="materialize-result">
      <p className="training-result-summary">
        <Icon name="checkCircle" size={15} />
        <span>
          {formatCount(totals.written)} keys written from {formatCount(totals.scanned)} rows
          {totals.skipped > 0 && <span className="faint"> · {formatCount(totals.skipped)} kept a newer value</span>}
        </span>
      </p>
      <div className="feature-result-table">
        <table className="data-table">
          <thead>
            <tr>
              <th>Feature view</th>
              <th>Window (UTC)</th>
              <th className="numeric">Rows scanned</th>
              <th className="numeric">Keys written</th>
              <th className="numeric">Skipped (older)</th>
            </tr>
          </thead>
          <tbody>
            {views.map((view) => (
              <tr key={view.feature_view} data-testid="materialize-result-row" data-view={view.feature_view}>
                <td>
                  <div className="mono">{view.feature_view}</div>
                  {view.notice && <div className="faint features-subtext">{view.notice}</div>}
                </td>
                <td className="mono">
                  {formatUtc(view.start).slice(0, 16)} – {formatUtc(view.end).slice(0, 16)}
                </td>
                <td className="numeric">{formatCount(view.rows_scanned)}</td>
                <td className="numeric" data-testid="materialize-keys-written">
                  {formatCount(view.keys_written)}
                </td>
                <td className="numeric">{formatCount(view.keys_skipped_older)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
