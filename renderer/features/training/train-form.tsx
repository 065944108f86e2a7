import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { useRequest } from '../../api/use-request';
import { useDatasetsStore } from '../../stores/datasets-store';
import { requireDatasets, requireTraining } from '../../stores/session-store';
import type { TrainPreset } from '../../stores/train-dialog-store';
import { useTrainJobStore } from '../../stores/train-job-store';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { columnTypeLabels } from '../datasets/column-values';
import { ParamFields } from './param-fields';
import { carryOver, paramOfErrorField, parseParams, type ParamDraft } from './param-values';
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
  const parsed = parseParams(specs, draft);

  // Text typed for a parameter the new model or task lacks is dropped rather than sent.
  useEffect(() => setDraft((current) => carryOver(current, specs)), [specs]);

  const ready = Boolean(dataset && target && chosenModel && inference?.task) && Object.keys(parsed.errors).length === 0;

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
              <label className="field">
                <span className="field-label">Dataset</span>
                <select
                  className="select"
                  data-testid="train-dataset"
                  data-autofocus
                  value={dataset}
                  onChange={(event) => {
                    setDataset(event.target.value);
                    setVersion(undefined);
                    setTarget(null);
                    setError(null);
                  }}
                >
                  {!datasets.some((candidate) => candidate.name === dataset) && <option value={dataset}>{dataset || 'Loading…'}</option>}
                  {datasets.map((candidate) => (
                    <option key={candidate.name} value={candidate.name}>
                      {candidate.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field train-version">
                <span className="field-label">Version</span>
                <select
                  className="select"
                  data-testid="train-version"
                  value={versionNumber ?? ''}
                  disabled={versions.length === 0}
                  onChange={(event) => setVersion(Number(event.target.value))}
                >
                  {versions.length === 0 && <option value="">…</option>}
                  {versions.map((candidate, index) => (
                    <option key={candidate.version} value={candidate.version}>
                      v{candidate.version}
                      {index === 0 ? ' (latest)' : ''}
                    </option>
                  ))}
                </select>
              </label>
            </div>

            <div className="field">
              <label className="field-label" htmlFor="train-target">
                Target column
              </label>
              <div className="train-target-row">
                <select
                  id="train-target"
                  className="select"
                  data-testid="train-target"
                  value={target ?? ''}
                  disabled={!stats}
                  onChange={(event) => {
                    setTarget(event.target.value);
                    setError(null);
                  }}
                >
                  {!stats && <option value="">Loading columns…</option>}
                  {stats?.map((column) => (
                    <option key={column.name} value={column.name} disabled={inferTask(column).task === null}>
                      {column.name} · {columnTypeLabels[column.type].toLowerCase()}
                    </option>
                  ))}
                </select>
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

            <label className="field">
              <span className="field-label">Model</span>
              <select
                className="select"
                data-testid="train-model"
                value={model ?? ''}
                disabled={models.length === 0}
                onChange={(event) => {
                  setModel(event.target.value);
                  setError(null);
                }}
              >
                {models.length === 0 && <option value="">{catalogue.error ? 'Could not load the models' : 'Loading…'}</option>}
                {models.map((candidate) => (
                  <option key={candidate.kind} value={candidate.kind}>
                    {candidate.label} ({candidate.kind})
                  </option>
                ))}
              </select>
            </label>

            {chosenModel && inference?.task && (
              <fieldset className="train-fieldset">
                <legend>Parameters</legend>
                <ParamFields
                  specs={specs}
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
          {busy ? 'Starting…' : 'Start training'}
        </button>
      </div>
    </form>
  );
}
