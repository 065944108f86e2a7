import { useMemo } from 'react';
import { seriesColor } from '../../charts/chart-theme';
import { Plot, type PlotLayout } from '../../charts/plot';
import { lineTraces } from '../../charts/trace-builders';
import type { JobStatus, JobView } from '../../stores/job-events';
import { useThemeStore } from '../../stores/theme-store';
import { useTrainJobStore } from '../../stores/train-job-store';
import { formatMetric } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { runHref } from '../shell/hash-route';

const statusBadges: Record<JobStatus, { tone: string; label: string }> = {
  running: { tone: 'badge-info', label: 'Running' },
  succeeded: { tone: 'badge-success', label: 'Succeeded' },
  failed: { tone: 'badge-danger', label: 'Failed' },
  cancelled: { tone: 'badge-warning', label: 'Cancelled' },
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const badge = statusBadges[status];
  return (
    <span className={`badge ${badge.tone}`} data-status={status}>
      <span className="badge-dot" />
      {badge.label}
    </span>
  );
}

const metricLabels: Record<string, string> = {
  roc_auc: 'ROC AUC',
  roc_auc_ovr: 'ROC AUC (OvR)',
  accuracy: 'Accuracy',
  f1: 'F1',
  f1_macro: 'F1 (macro)',
  log_loss: 'Log loss',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
};

/** The test metrics a finished training reports, the headline ones in a fixed order. */
function headlineMetrics(result: Record<string, unknown> | null): Array<[string, number]> {
  const metrics = result?.metrics;
  if (typeof metrics !== 'object' || metrics === null) return [];
  const values = metrics as Record<string, unknown>;
  return Object.keys(metricLabels)
    .filter((key) => typeof values[key] === 'number')
    .slice(0, 4)
    .map((key) => [key, values[key] as number]);
}

export interface SearchTrial {
  trial: number;
  runId: string | null;
  status: string;
  score: number | null;
  params: Record<string, unknown>;
}

export interface SearchResult {
  bestRunId: string | null;
  bestScore: number | null;
  metric: string;
  trials: SearchTrial[];
}

/** A hyperparameter search's result ({best_trial_run_id, best_score, metric, trials}); null for a single training. */
export function searchResult(result: Record<string, unknown> | null): SearchResult | null {
  if (!result || !Array.isArray(result.trials)) return null;
  const trials: SearchTrial[] = [];
  for (const [index, entry] of (result.trials as unknown[]).entries()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const trial = entry as Record<string, unknown>;
    trials.push({
      trial: typeof trial.trial === 'number' ? trial.trial : index + 1,
      runId: typeof trial.run_id === 'string' ? trial.run_id : null,
      status: typeof trial.status === 'string' ? trial.status : 'unknown',
      score: typeof trial.score === 'number' && Number.isFinite(trial.score) ? trial.score : null,
      params: typeof trial.params === 'object' && trial.params !== null ? (trial.params as Record<string, unknown>) : {},
    });
  }
  return {
    bestRunId: typeof result.best_trial_run_id === 'string' ? result.best_trial_run_id : null,
    bestScore: typeof result.best_score === 'number' ? result.best_score : null,
    metric: typeof result.metric === 'string' ? result.metric : 'score',
    trials,
  };
}

/** "test_roc_auc" → "ROC AUC": search results name the test metric. */
function metricLabel(metric: string): string {
  return metricLabels[metric.replace(/^test_/, '')] ?? metric;
}

function formatParamValue(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
}

function SearchTrials({ search, onNavigate }: { search: SearchResult; onNavigate: () => void }) {
  return (
    <div className="job-trials" data-testid="job-trials">
      <div className="job-trials-heading">
        <span>
          {search.trials.length} {search.trials.length === 1 ? 'trial' : 'trials'} · {metricLabel(search.metric)}
          {search.bestScore !== null && (
            <>
              {' '}
              best <span className="numeric">{formatMetric(Number(search.bestScore.toPrecision(4)))}</span>
            </>
          )}
        </span>
      </div>
      <div className="job-trials-scroll">
        <table className="job-trials-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{metricLabel(search.metric)}</th>
              <th>Params</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {search.trials.map((trial) => {
              const best = trial.runId !== null && trial.runId === search.bestRunId;
              return (
                <tr key={`${trial.trial}-${trial.runId ?? ''}`} className={best ? 'is-best' : undefined} data-testid="job-trial" data-best={best ? 'true' : undefined}>
                  <td className="numeric">{trial.trial}</td>
                  <td className="numeric">
                    {trial.score === null ? '—' : formatMetric(Number(trial.score.toPrecision(4)))}
                    {best && <span className="badge badge-success job-trial-best">best</span>}
                  </td>
                  <td className="mono truncate">
                    {trial.runId ? (
                      <a className="link" href={runHref(trial.runId)} onClick={onNavigate}>
                        {Object.entries(trial.params)
                          .map(([name, value]) => `${name}=${formatParamValue(value)}`)
                          .join(', ') || '(defaults)'}
                      </a>
                    ) : (
                      Object.entries(trial.params)
                        .map(([name, value]) => `${name}=${formatParamValue(value)}`)
                        .join(', ') || '(defaults)'
                    )}
                  </td>
                  <td>{trial.status.toLowerCase()}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A training job as it runs: progress, learning curves as they stream in, and the run it made. */
export function JobPanel({ job, onClose }: { job: JobView; onClose: () => void }) {
  const cancel = useTrainJobStore((state) => state.cancel);
  const cancelling = useTrainJobStore((state) => state.cancelling);
  const dismiss = useTrainJobStore((state) => state.dismiss);
  const running = job.status === 'running';
  const percent = Math.round(job.fraction * 100);
  const search = job.status === 'succeeded' ? searchResult(job.result) : null;
  const leave = () => {
    onClose();
    dismiss();
  };

  return (
    <>
      <div className="dialog-body job-panel" data-testid="job-panel" data-status={job.status}>
        <div className="job-heading">
          <span className="job-title truncate" title={job.title}>
            {job.title}
          </span>
          <JobStatusBadge status={job.status} />
        </div>
        <div>
          <div
            className={`progress-track job-progress is-${job.status}`}
            role="progressbar"
            aria-label="Training progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            data-testid="job-progress"
          >
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <div className="job-message">
            <span className="truncate" title={job.message}>
              {running && <span className="spinner spinner-inline" />} {job.message}
            </span>
            <span className="numeric faint">{percent}%</span>
          </div>
        </div>
        {job.metrics.length > 0 ? (
          <JobMetricsChart job={job} />
        ) : (
          running && <p className="faint job-chart-note">Learning curves appear here for models that report them per iteration.</p>
        )}
        {job.status === 'failed' && job.error && (
          <div className="train-error" role="alert">
            <Icon name="alert" size={15} />
            <span>{job.error}</span>
          </div>
        )}
        {job.status === 'succeeded' && (
          <div className="job-success">
            <p>
              <Icon name="checkCircle" size={15} />
              {search ? 'Search finished: every trial trained and evaluated on held-out rows.' : 'Trained, evaluated on held-out rows and exported to ONNX.'}
            </p>
            {headlineMetrics(job.result).length > 0 && (
              <dl className="job-metrics" data-testid="job-metrics">
                {headlineMetrics(job.result).map(([key, value]) => (
                  <div key={key}>
                    <dt>{metricLabels[key] ?? key}</dt>
                    <dd className="numeric">{formatMetric(Number(value.toPrecision(4)))}</dd>
                  </div>
                ))}
              </dl>
            )}
            {search && <SearchTrials search={search} onNavigate={leave} />}
          </div>
        )}
      </div>
      <div className="dialog-footer">
        {running ? (
          <>
            <button type="button" className="button button-ghost" onClick={onClose} title="Keep training in the background">
              Hide
            </button>
            <button type="button" className="button" onClick={() => void cancel()} disabled={cancelling} data-testid="job-cancel">
              <Icon name="stop" size={12} />
              {cancelling ? 'Cancelling…' : 'Cancel training'}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button-ghost" onClick={dismiss}>
              Train another
            </button>
            {job.runId && (
              <a
                className={`button${job.status === 'succeeded' && !search?.bestRunId ? ' button-primary' : ''}`}
                href={runHref(job.runId)}
                onClick={leave}
                data-testid="job-run-link"
              >
                {search ? 'Parent run' : 'Open the run'}
                {!search?.bestRunId && <Icon name="chevronRight" size={14} />}
              </a>
            )}
            {search?.bestRunId && (
              <a className="button button-primary" href={runHref(search.bestRunId)} onClick={leave} data-testid="job-best-run-link">
                Best run
                <Icon name="chevronRight" size={14} />
              </a>
            )}
          </>
        )}
      </div>
    </>
  );
}

function JobMetricsChart({ job }: { job: JobView }) {
  const theme = useThemeStore((state) => state.resolved);
  const data = useMemo(
    () => lineTraces(job.metrics.map((series, index) => ({ name: series.key, color: seriesColor(index, theme), x: series.steps, y: series.values })), 'value'),
    [job.metrics, theme],
  );
  const layout = useMemo<Partial<PlotLayout>>(
    () => ({
      showlegend: true,
      legend: { orientation: 'h', y: -0.3 },
      margin: { l: 8, r: 12, t: 8, b: 8 },
      xaxis: { title: { text: 'step' } },
      hovermode: 'x unified',
    }),
    [],
  );
  return <Plot testId="job-metrics-chart" data={data} layout={layout} height={220} />;
}
