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

/** A training job as it runs: progress, learning curves as they stream in, and the run it made. */
export function JobPanel({ job, onClose }: { job: JobView; onClose: () => void }) {
  const cancel = useTrainJobStore((state) => state.cancel);
  const cancelling = useTrainJobStore((state) => state.cancelling);
  const dismiss = useTrainJobStore((state) => state.dismiss);
  const running = job.status === 'running';
  const percent = Math.round(job.fraction * 100);

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
              Trained, evaluated on held-out rows and exported to ONNX.
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
                className={`button${job.status === 'succeeded' ? ' button-primary' : ''}`}
                href={runHref(job.runId)}
                onClick={() => {
                  onClose();
                  dismiss();
                }}
                data-testid="job-run-link"
              >
                Open the run
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
