import { useEffect, useId, useMemo, useState } from 'react';
import type { FeatureRepoResponse, HistoricalRequestBody } from '../../../core/api/features-contract';
import { useDatasetsStore } from '../../stores/datasets-store';
import { useFeaturesStore } from '../../stores/features-store';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Select } from '../../ui/select-field';
import { datasetHref } from '../shell/hash-route';
import { ChoiceGroup } from '../../ui/choice-group';
import { FeatureChecklist } from './feature-checklist';
import { FeatureJobStatus } from './feature-job-status';
import { collidingNames, featureGroups, serviceRefs } from './feature-selection';
import { trainingSetOutcome, type TrainingSetOutcome } from './job-results';

type EntitySource = 'dataset' | 'file';
type FeatureSource = 'features' | 'service';

const previewRows = 20;

/**
 * Entity table (a dataset or a file with join keys and `event_timestamp`) + features or a
 * service → a point-in-time correct training set, optionally saved as a dataset version.
 */
export function TrainingSetForm({ repo }: { repo: FeatureRepoResponse }) {
  const datasets = useDatasetsStore((state) => state.datasets);
  const datasetsStatus = useDatasetsStore((state) => state.status);
  const loadDatasets = useDatasetsStore((state) => state.load);
  const job = useFeaturesStore((state) => state.jobs.historical);
  const startHistorical = useFeaturesStore((state) => state.startHistorical);
  const dismissJob = useFeaturesStore((state) => state.dismissJob);
  const [entitySource, setEntitySource] = useState<EntitySource>('dataset');
  const [dataset, setDataset] = useState('');
  const [entityFile, setEntityFile] = useState('');
  const [featureSource, setFeatureSource] = useState<FeatureSource>(repo.feature_services.length > 0 ? 'service' : 'features');
  const [service, setService] = useState(repo.feature_services[0]?.name ?? '');
  const [selected, setSelected] = useState<string[]>([]);
  const [fullNames, setFullNames] = useState(false);
  const [saveAs, setSaveAs] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const fileId = useId();
  const saveId = useId();

  useEffect(() => {
    if (datasetsStatus === 'idle') void loadDatasets();
  }, [datasetsStatus, loadDatasets]);

  const groups = useMemo(() => featureGroups(repo.feature_views), [repo.feature_views]);
  const chosenService = repo.feature_services.find((candidate) => candidate.name === service);
  const refs = featureSource === 'service' ? (chosenService ? serviceRefs(chosenService, repo.feature_views) : []) : selected;
  const collisions = collidingNames(refs, fullNames);
  const entityChosen = entitySource === 'dataset' ? dataset !== '' : entityFile.trim() !== '';
  const running = job?.status === 'running';
  const canSubmit = entityChosen && refs.length > 0 && !running && !submitting;

  const submit = async () => {
    const request: HistoricalRequestBody = {
      ...(entitySource === 'dataset' ? { entity_dataset: dataset } : { entity_file: entityFile.trim() }),
      ...(featureSource === 'service' ? { feature_service: service } : { features: selected }),
      full_feature_names: fullNames,
      preview_rows: previewRows,
      ...(saveAs.trim() ? { save_as: saveAs.trim() } : {}),
    };
    setSubmitting(true);
    setError(await startHistorical(request));
    setSubmitting(false);
  };

  return (
    <div className="features-two-column">
      <form
        className="card feature-form"
        data-testid="training-set-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (canSubmit) void submit();
        }}
      >
        <header className="card-header">
          <h2>Build a training set</h2>
        </header>
        <div className="card-body feature-form-body">
          <fieldset className="feature-fieldset">
            <legend className="field-label">Entity table</legend>
            <ChoiceGroup
              label="Entity table"
              name="training-entities"
              value={entitySource}
              options={[
                { value: 'dataset', label: 'Dataset' },
                { value: 'file', label: 'File path' },
              ]}
              onChange={setEntitySource}
            />
            {entitySource === 'dataset' ? (
              <Select
                testId="training-entities-select"
                value={dataset}
                placeholder={{ value: '', label: datasetsStatus === 'ready' ? (datasets.length === 0 ? 'No datasets yet' : 'Choose a dataset…') : 'Loading datasets…' }}
                options={datasets.map((entry) => ({ value: entry.name, label: `${entry.name} (v${entry.latest.version}, ${formatCount(entry.latest.row_count)} rows)` }))}
                onChange={setDataset}
              />
            ) : (
              <input
                id={fileId}
                className="input mono"
                placeholder="/path/to/entities.csv"
                aria-label="Entity file path on the core’s machine"
                spellCheck={false}
                value={entityFile}
                onChange={(event) => setEntityFile(event.target.value)}
                data-testid="training-entities-file"
              />
            )}
            <p className="field-hint">
              Join-key columns plus <code>event_timestamp</code>; each row gets the feature values as of its own time. Times without an offset are UTC.
            </p>
          </fieldset>
          <fieldset className="feature-fieldset">
            <legend className="field-label">Features</legend>
            <ChoiceGroup
              label="Features"
              name="training-features"
              value={featureSource}
              options={[
                { value: 'features', label: 'Pick features' },
                { value: 'service', label: 'Feature service' },
              ]}
              onChange={setFeatureSource}
            />
            {featureSource === 'service' ? (
              <Select
                testId="training-service-select"
                value={service}
                placeholder={repo.feature_services.length === 0 ? { value: '', label: 'The repo has no feature services' } : undefined}
                options={repo.feature_services.map((entry) => ({ value: entry.name, label: entry.name }))}
                onChange={setService}
              />
            ) : (
              <FeatureChecklist groups={groups} selected={selected} onChange={setSelected} testId="training-feature-checkbox" />
            )}
            {featureSource === 'service' && refs.length > 0 && <p className="field-hint mono">{refs.join(', ')}</p>}
          </fieldset>
          <label className="toggle">
            <input type="checkbox" className="checkbox" checked={fullNames} onChange={(event) => setFullNames(event.target.checked)} data-testid="training-full-names" />
            Full feature names (<code>view__feature</code>)
          </label>
          {collisions.length > 0 && (
            <p className="field-error" data-testid="training-collision">
              Two features would share the column {collisions.map((name) => `“${name}”`).join(', ')}: turn on full feature names or drop one.
            </p>
          )}
          <label className="field" htmlFor={saveId}>
            <span className="field-label">Save as dataset</span>
            <input
              id={saveId}
              className="input"
              placeholder="churn_training (leave empty to preview only)"
              spellCheck={false}
              value={saveAs}
              onChange={(event) => setSaveAs(event.target.value)}
              data-testid="training-save-as"
            />
          </label>
          {error && (
            <div className="feature-form-error" role="alert" data-testid="training-error">
              <Icon name="alert" size={15} />
              <span>{error}</span>
            </div>
          )}
        </div>
        <footer className="feature-form-footer">
          <button type="submit" className="button button-primary" disabled={!canSubmit} data-testid="training-submit">
            {running || submitting ? <span className="spinner spinner-inline" /> : <Icon name="play" size={12} />}
            {saveAs.trim() ? 'Build and save' : 'Build preview'}
          </button>
        </footer>
      </form>
      <div className="feature-form-result">
        {job ? (
          <FeatureJobStatus job={job} label="Training set progress" onDismiss={() => dismissJob('historical')}>
            <TrainingSetResult outcome={trainingSetOutcome(job.result)} />
          </FeatureJobStatus>
        ) : (
          <p className="muted feature-result-placeholder">
            The training set has one row per entity row, duplicates kept, with each feature’s latest value at or before the row’s timestamp and within the view’s
            ttl; empty when nothing qualifies.
          </p>
        )}
      </div>
    </div>
  );
}

function TrainingSetResult({ outcome }: { outcome: TrainingSetOutcome | null }) {
  if (!outcome) return null;
  return (
    <div className="training-result" data-testid="training-result">
      <p className="training-result-summary">
        <Icon name="checkCircle" size={15} />
        <span>
          {formatCount(outcome.rowCount)} rows · {outcome.columns.length} columns
          {outcome.repoVersion !== null && <span className="faint"> · feature repo version {outcome.repoVersion}</span>}
        </span>
        {outcome.dataset && (
          <a className="button button-primary button-small" href={datasetHref(outcome.dataset.name, outcome.dataset.version)} data-testid="training-result-link">
            {outcome.dataset.name} v{outcome.dataset.version}
            <Icon name="chevronRight" size={12} />
          </a>
        )}
      </p>
      {outcome.dataset && !outcome.dataset.created && <p className="faint">Same content as an existing version, so no new version was made.</p>}
      {outcome.preview.length > 0 && (
        <div className="training-preview">
          <table className="data-table sticky-header">
            <thead>
              <tr>
                {outcome.columns.map((column) => (
                  <th key={column} className="mono">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {outcome.preview.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, column) => (
                    <td key={column} className={`mono${typeof cell === 'number' ? ' numeric' : ''}`}>
                      {cell === null ? <span className="faint">null</span> : String(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {outcome.rowCount > outcome.preview.length && (
            <p className="faint training-preview-note">
              First {outcome.preview.length} of {formatCount(outcome.rowCount)} rows.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
