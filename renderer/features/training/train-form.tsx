import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { useRequest } from '../../api/use-request';
import { useDatasetsStore } from '../../stores/datasets-store';
import { requireDatasets, requireTraining } from '../../stores/session-store';
import type { TrainPreset } from '../../stores/train-dialog-store';
import { useTrainJobStore } from '../../stores/train-job-store';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Select, SelectField } from '../../ui/select-field';
import { columnTypeLabels } from '../datasets/column-values';
import { ParamFields } from './param-fields';
import { carryOver, paramOfErrorField, parseParams, parseTrials, type ParamDraft, type SearchMode } from './param-values';
import { defaultTarget, describeTask, inferTask } from './task-inference';

interface SubmitError {
  message: string;
  /** The parameter the core named, outlined in the form. */
  param: string | null;
}

/** Dataset, target, model and parameters → POST /api/train; the core's 400 is shown in the form. */
export function TrainForm({ preset, onCancel }: { preset: TrainPreset; onCancel: () => void }) {
  const datasets = useDatasetsStore((state) => state.datasets);
  const datasetsStatus = useDatasetsStore((state) => state.status);
  const loadDatasets = useDatasetsStore((state) => state.load);
  const follow = useTrainJobStore((state) => state.follow);

  const [dataset, setDataset] = useState(preset.dataset ?? '');
  /** undefined: the latest version. */
  const [version, setVersion] = useState<number | undefined>(preset.version);
  const [target, setTarget] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [draft, setDraft] = useState<ParamDraft>({});
  const [experiment, setExperiment] = useState(preset.experiment ?? '');
  const [searchMode, setSearchMode] = useState<SearchMode>('none');
  const [trialsText, setTrialsText] = useState('10');
  const [error, setError] = useState<SubmitError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadDatasets();
  }, [loadDatasets]);
  useEffect(() => {
    if (!dataset && datasets.length > 0) setDataset(datasets[0].name);
  }, [dataset, datasets]);

  const detail = useRequest(dataset ? (signal) => requireDatasets().detail(dataset, { signal }) : null, [dataset]);
  const versions = detail.data?.dataset.name === dataset ? detail.data.versions : [];
  const versionNumber = version ?? (detail.data?.dataset.name === dataset ? detail.data.dataset.latest.version : undefined);
  const profile = useRequest(
    dataset && versionNumber !== undefined ? (signal) => requireDatasets().version(dataset, versionNumber, { signal }) : null,
    [dataset, versionNumber],
  );
  const stats = profile.data && profile.data.version.name === dataset && profile.data.version.version === versionNumber ? profile.data.stats : null;
  const rowCount = profile.data?.version.row_count ?? 0;

  useEffect(() => {
    if (stats && !stats.some((column) => column.name === target)) setTarget(defaultTarget(stats));
  }, [stats, target]);

  const catalogue = useRequest((signal) => requireTraining().catalogue({ signal }), []);
  const models = useMemo(() => catalogue.data?.models ?? [], [catalogue.data]);
  useEffect(() => {
    if (models.length > 0 && !models.some((candidate) => candidate.kind === model)) setModel(models[0].kind);
  }, [models, model]);

  const targetStats = stats?.find((column) => column.name === target) ?? null;
  const inference = targetStats ? inferTask(targetStats) : null;
  const chosenModel = models.find((candidate) => candidate.kind === model);
  const specs = useMemo(() => (chosenModel && inference?.task ? (chosenModel.params[inference.task] ?? []) : []), [chosenModel, inference?.task]);
  const parsed = parseParams(specs, draft, searchMode);
  const trials = parseTrials(trialsText);

  // Text typed for a parameter the new model or task lacks is dropped rather than sent.
  useEffect(() => setDraft((current) => carryOver(current, specs)), [specs]);

  const ready = Boolean(dataset && target && chosenModel && inference?.task) && Object.keys(parsed.errors).length === 0 && (searchMode !== 'random' || trials.ok);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || busy || !target || !chosenModel) return;
    setBusy(true);
    setError(null);
    try {
      const started = await requireTraining().train(
        {
          dataset,
          dataset_version: versionNumber,
          target,
          model: chosenModel.kind,
          params: parsed.values,
          experiment: experiment.trim() || undefined,
          ...(searchMode === 'none' ? {} : { search: searchMode, ...(searchMode === 'random' && trials.ok ? { trials: trials.value } : {}) }),
        },
        // The core's reasons for refusing a training belong beside the form's fields.
        { handledInline: (failure) => failure.status === 400 || failure.status === 404 || failure.status === 409 },
      );
      follow(started.job, started.run_id, started.experiment_id);
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      setError({ message, param: failure instanceof ApiError ? paramOfErrorField(failure.details.field) : null });
    } finally {
      setBusy(false);
    }
  };

  const noDatasets = datasetsStatus === 'ready' && datasets.length === 0;

  return (
    <form onSubmit={submit} className="train-form">
      <div className="dialog-body">
        {noDatasets ? (
          <p className="muted">
            There is no dataset to train on yet.{' '}
            <a className="link" href="#/datasets" onClick={onCancel}>
              Import one on the Datasets page
            </a>
            .
          </p>
        ) : (
          <>
            <div className="train-row">
              <SelectField
                label="Dataset"
                testId="train-dataset"
                autoFocus
                value={dataset}
                placeholder={datasets.some((candidate) => candidate.name === dataset) ? undefined : { value: dataset, label: dataset || 'Loading…' }}
                options={datasets.map((candidate) => ({ value: candidate.name, label: candidate.name }))}
                onChange={(name) => {
                  setDataset(name);
                  setVersion(undefined);
                  setTarget(null);
                  setError(null);
                }}
              />
              <SelectField
                label="Version"
                className="train-version"
                testId="train-version"
                value={versionNumber ?? ''}
                disabled={versions.length === 0}
                placeholder={versions.length === 0 ? { value: '', label: '…' } : undefined}
                options={versions.map((candidate, index) => ({ value: candidate.version, label: `v${candidate.version}${index === 0 ? ' (latest)' : ''}` }))}
                onChange={(chosen) => setVersion(Number(chosen))}
              />
            </div>

            <div className="field">
              <label className="field-label" htmlFor="train-target">
                Target column
              </label>
              <div className="train-target-row">
                <Select
                  id="train-target"
                  testId="train-target"
                  value={target ?? ''}
                  disabled={!stats}
                  placeholder={stats ? undefined : { value: '', label: 'Loading columns…' }}
                  options={(stats ?? []).map((column) => ({
                    value: column.name,
                    label: `${column.name} · ${columnTypeLabels[column.type].toLowerCase()}`,
                    disabled: inferTask(column).task === null,
                  }))}
                  onChange={(name) => {
                    setTarget(name);
                    setError(null);
                  }}
                />
                {inference && (
                  <span className={`task-chip${inference.task === null ? ' is-invalid' : ''}`} data-testid="train-task" data-task={inference.task ?? ''}>
                    {describeTask(inference)}
                  </span>
                )}
              </div>
              {inference?.task === null && <span className="field-error">{inference.problem}</span>}
              {inference?.task && inference.note && <span className="field-warning">{inference.note}</span>}
              {inference?.task && !inference.note && targetStats && (
                <span className="field-hint">
                  Learns from the other {formatCount(Math.max(0, (stats?.length ?? 1) - 1))} columns of {formatCount(rowCount)} rows; free text and identifier-like columns are left out.
                </span>
              )}
            </div>

            <SelectField
              label="Model"
              testId="train-model"
              value={model ?? ''}
              disabled={models.length === 0}
              placeholder={models.length === 0 ? { value: '', label: catalogue.error ? 'Could not load the models' : 'Loading…' } : undefined}
              options={models.map((candidate) => ({ value: candidate.kind, label: `${candidate.label} (${candidate.kind})` }))}
              onChange={(kind) => {
                setModel(kind);
                setError(null);
              }}
            />

            <fieldset className="train-fieldset" data-testid="train-search">
              <legend>Hyperparameter search</legend>
              <div className="train-row">
                <SelectField
                  label="Mode"
                  testId="train-search-mode"
                  value={searchMode}
                  options={[
                    { value: 'none', label: 'None: train one model' },
                    { value: 'grid', label: 'Grid: every combination' },
                    { value: 'random', label: 'Random: sampled trials' },
                  ]}
                  onChange={(mode) => {
                    setSearchMode(mode as SearchMode);
                    // "both (search)" on a true/false field means nothing without a search: back to its default.
                    if (mode === 'none') setDraft((current) => Object.fromEntries(Object.entries(current).filter(([, text]) => text !== 'true,false')));
                    setError(null);
                  }}
                />
                {searchMode === 'random' && (
                  <label className="field train-trials" htmlFor="train-trials">
                    <span className="field-label">Trials</span>
                    <input
                      id="train-trials"
                      className="input numeric"
                      data-testid="train-trials"
                      type="number"
                      min={1}
                      max={200}
                      step={1}
                      value={trialsText}
                      aria-invalid={trials.ok ? undefined : true}
                      onChange={(event) => setTrialsText(event.target.value)}
                    />
                    {!trials.ok && <span className="field-error">{trials.error}</span>}
                  </label>
                )}
              </div>
              {searchMode !== 'none' && (
                <span className="field-hint" data-testid="train-search-hint">
                  {searchMode === 'grid'
                    ? 'List values with commas, e.g. 0.1,1,10; every combination is trained (at most 200).'
                    : 'List values with commas (0.1,1,10) or give a range lo..hi (0.01..0.3); each trial samples them.'}{' '}
                  One parent run holds a child run per trial.
                </span>
              )}
            </fieldset>

            {chosenModel && inference?.task && (
              <fieldset className="train-fieldset">
                <legend>Parameters</legend>
                <ParamFields
                  specs={specs}
                  searchMode={searchMode}
                  draft={draft}
                  errors={parsed.errors}
                  rejected={error?.param ?? null}
                  onChange={(name, text) => {
                    setDraft((current) => ({ ...current, [name]: text }));
                    if (error?.param === name) setError(null);
                  }}
                />
              </fieldset>
            )}

            <label className="field">
              <span className="field-label">Experiment</span>
              <input
                className="input"
                data-testid="train-experiment"
                placeholder={dataset || 'experiment name'}
                maxLength={500}
                value={experiment}
                onChange={(event) => setExperiment(event.target.value)}
              />
              <span className="field-hint">The run is logged here; a new name creates the experiment.</span>
            </label>

            {error && (
              <div className="train-error" role="alert" data-testid="train-error">
                <Icon name="alert" size={15} />
                <span>{error.message}</span>
              </div>
            )}
          </>
        )}
      </div>
      <div className="dialog-footer">
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!ready || busy} data-testid="train-submit">
          <Icon name="play" size={13} />
          {busy ? 'Starting…' : searchMode === 'none' ? 'Start training' : 'Start search'}
        </button>
      </div>
    </form>
  );
}
