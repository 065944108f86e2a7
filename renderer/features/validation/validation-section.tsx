import { useEffect, type ChangeEvent } from 'react';
import { useValidationStore } from '../../stores/validation-store';
import { formatRelativeTime } from '../../ui/format';
import { ValidationResults } from './validation-results';
import './validation.css';

/** A dataset version's data validation: pick or scaffold a suite, run it, read the results; import and download GX JSON. */
export function ValidationSection({ dataset, version }: { dataset: string; version: number }) {
  const { suites, selected, result, runs, busy, problem, warnings, load, select, scaffold, run, importFile, downloadUrl } = useValidationStore();
  useEffect(() => void load(dataset), [dataset, version, load]);
  const ref = { dataset, version };
  const shown = result && result.ref.dataset === dataset && result.ref.version === version ? result : null;
  const versionRuns = runs.filter((entry) => entry.dataset === dataset && entry.dataset_version === version).slice(0, 5);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) await importFile(await file.text());
  };

  return (
    <section className="card" data-testid="validation-section">
      <div className="card-header">
        <h2>Validation</h2>
        <span className="faint">Great Expectations suites on v{version}</span>
      </div>
      <div className="card-body validation-controls">
        <label>
          Suite{' '}
          <select className="select" data-testid="suite-select" value={selected ?? ''} disabled={suites.length === 0} onChange={(event) => select(event.target.value)}>
            {suites.length === 0 ? <option value="">No suites yet</option> : null}
            {suites.map((suite) => (
              <option key={suite.name} value={suite.name}>
                {suite.name} v{suite.version} ({suite.expectation_count} expectations)
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button-primary" data-testid="run-suite-button" disabled={!selected || busy !== null} onClick={() => void run(ref)}>
          {busy === 'run' ? 'Running…' : 'Run suite'}
        </button>
        <button type="button" className="button" data-testid="scaffold-suite-button" disabled={busy !== null} onClick={() => void scaffold(ref)} title="A starting suite from this version's profile">
          {busy === 'scaffold' ? 'Scaffolding…' : 'Scaffold from this version'}
        </button>
        <label className="button">
          Import GX JSON
          <input type="file" accept=".json,application/json" hidden data-testid="import-suite-input" onChange={(event) => void onFile(event)} />
        </label>
        {selected ? (
          <a className="button" data-testid="download-suite-link" href={downloadUrl(selected)} download={`${selected}.json`}>
            Download v1 JSON
          </a>
        ) : null}
      </div>
      {problem ? (
        <p className="card-note callout callout-warning" role="alert">
          {problem}
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="card-note" data-testid="suite-import-warnings">
          {warnings.map((warning) => (
            <li key={warning.path}>
              {warning.path}: {warning.message.split(';')[0]} — kept, reported as unsupported when run
            </li>
          ))}
        </ul>
      ) : null}
      {shown ? <ValidationResults result={shown.result} /> : null}
      {versionRuns.length > 0 ? (
        <p className="card-note faint">
          Recent runs on v{version}:{' '}
          {versionRuns.map((entry) => `${entry.suite} v${entry.suite_version} ${entry.success ? 'passed' : 'failed'} ${formatRelativeTime(entry.created_time, Date.now())}`).join(' · ')}
        </p>
      ) : null}
    </section>
  );
}
