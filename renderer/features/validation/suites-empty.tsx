import { useEffect, useState, type FormEvent } from 'react';
import { useDatasetsStore } from '../../stores/datasets-store';
import { useSuitesStore } from '../../stores/validation-store';
import { CommandBlock } from '../../ui/command-block';
import { EmptyState } from '../../ui/empty-state';
import { navigate } from '../shell/hash-route';
import { ImportSuiteButton } from './import-suite-button';
import { suiteHref } from './validation-hrefs';

/** No suites yet: scaffold one from a dataset's profile, import a GX file, or use the CLI. */
export function SuitesEmpty() {
  const datasets = useDatasetsStore((state) => state.datasets);
  const loadDatasets = useDatasetsStore((state) => state.load);
  const { scaffold, busy, problem } = useSuitesStore();
  const [dataset, setDataset] = useState('');
  const [name, setName] = useState('');
  useEffect(() => void loadDatasets(), [loadDatasets]);
  const chosen = dataset || datasets[0]?.name || '';
  const suiteName = name || (chosen ? `${chosen}_checks` : '');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await scaffold({ dataset: chosen, name: suiteName });
    if (created) navigate(suiteHref(created));
  };

  return (
    <div className="suites-empty" data-testid="suites-empty">
      <EmptyState icon="checkCircle" title="Check your data with expectation suites">
        <p>
          A suite is a list of expectations (no nulls in <code>customer_id</code>, <code>tenure</code> between 0 and 120, …) in Great Expectations
          JSON. Run it on any dataset version to see which rows break which rule; a failing suite can block training.
        </p>
      </EmptyState>
      <form className="card suites-empty-panel" onSubmit={(event) => void onSubmit(event)}>
        <header className="card-header">
          <h2>Scaffold from a dataset</h2>
          <span className="faint">a starting suite from its profile</span>
        </header>
        <div className="card-body scaffold-form">
          <label className="field">
            <span className="field-label">Dataset</span>
            <select className="select" data-testid="scaffold-dataset-select" value={chosen} disabled={datasets.length === 0} onChange={(event) => setDataset(event.target.value)}>
              {datasets.length === 0 && <option value="">Import a dataset first</option>}
              {datasets.map((entry) => (
                <option key={entry.name} value={entry.name}>
                  {entry.name} (v{entry.latest.version})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Suite name</span>
            <input className="input" data-testid="scaffold-suite-name" value={suiteName} onChange={(event) => setName(event.target.value)} />
          </label>
          <button type="submit" className="button button-primary" data-testid="scaffold-suite-submit" disabled={!chosen || !suiteName || busy !== null}>
            {busy === 'scaffold' ? 'Scaffolding…' : 'Scaffold suite'}
          </button>
        </div>
        {problem && (
          <p className="card-note field-error" role="alert">
            {problem}
          </p>
        )}
      </form>
      <div className="suites-empty-panel suites-empty-more">
        <p>Or import a suite a Great Expectations project wrote (0.x or 1.x JSON):</p>
        <ImportSuiteButton />
        <p>Or from a terminal:</p>
        <CommandBlock text="mlwb suites scaffold --data churn --name churn_checks" />
      </div>
    </div>
  );
}
