import { useEffect, useMemo, useState } from 'react';
import type { MonitorSummary } from '../../../core/api/monitoring-contract';
import { seriesColor } from '../../charts/chart-theme';
import { driftOverTimeTraces, performanceTraces, runTimeAxis } from '../../charts/monitoring-traces';
import { Plot } from '../../charts/plot';
import { useMonitoringStore } from '../../stores/monitoring-store';
import { useThemeStore } from '../../stores/theme-store';
import { showErrorToast } from '../../stores/toast-store';
import { formatTimestamp } from '../../ui/format';
import { DriftColumnTable, QualityTable } from './drift-column-table';

/** One deployment's monitor: drift and performance over time, the latest report, run now and edit. */
export function MonitorCard({ monitor }: { monitor: MonitorSummary }) {
  const runs = useMonitoringStore((state) => state.runs[monitor.id]);
  const report = useMonitoringStore((state) => state.reports[monitor.id]);
  const loadRuns = useMonitoringStore((state) => state.loadRuns);
  const runNow = useMonitoringStore((state) => state.runNow);
  const openDialog = useMonitoringStore((state) => state.openDialog);
  const theme = useThemeStore((state) => state.resolved);
  const [running, setRunning] = useState(false);
  const lastRunId = monitor.last_run?.id;
  useEffect(() => {
    void loadRuns(monitor.id);
  }, [monitor.id, lastRunId, loadRuns]);

  const danger = seriesColor(3, theme);
  const driftTraces = useMemo(() => driftOverTimeTraces(runs ?? [], monitor.settings.drift_share ?? 0.5, { line: seriesColor(0, theme), threshold: danger }), [runs, monitor.settings.drift_share, theme, danger]);
  const { degraded } = monitor;
  const timeAxis = useMemo(() => runTimeAxis(runs ?? [], monitor.interval_seconds), [runs, monitor.interval_seconds]);
  const performance = useMemo(() => {
    // The chart draws accuracy, F1 and AUC: a bound on precision or recall has no line to sit on.
    const drawn = degraded && degraded.metric !== 'precision' && degraded.metric !== 'recall' ? { metric: degraded.metric, value: degraded.value } : null;
    return performanceTraces(runs ?? [], [0, 1, 2].map((index) => seriesColor(index, theme)), drawn, danger);
  }, [runs, degraded, theme, danger]);
  const last = monitor.last_run;

  return (
    <section className="monitor-card" data-testid="monitor-card" data-deployment={monitor.deployment}>
      <header className="monitor-card-header">
        <div>
          <h2>{monitor.deployment}</h2>
          <p className="muted">
            Every {monitor.interval_seconds} s over the last {Math.round(monitor.window_seconds / 60)} min against {monitor.reference_label ?? 'no reference'}
            {monitor.enabled ? '' : ' · paused'}
          </p>
          <p className="muted">
            {last ? `Last run ${formatTimestamp(last.time)}: ${last.error ?? `${last.window_rows} predictions, ${last.dataset_drift ? 'dataset drift' : 'no dataset drift'}${last.degraded ? ', degraded' : ''}`}` : 'Not run yet.'}
          </p>
        </div>
        <div className="detail-actions">
          <button type="button" className="button" onClick={() => openDialog(monitor)}>
            Edit
          </button>
          <button
            type="button"
            className="button button-primary"
            data-testid="run-monitor-button"
            disabled={running}
            onClick={async () => {
              setRunning(true);
              const failure = await runNow(monitor.id);
              setRunning(false);
              if (failure) showErrorToast('The monitor could not run', failure);
            }}
          >
            {running ? 'Running…' : 'Run now'}
          </button>
        </div>
      </header>
      <div className="monitor-charts">
        <div>
          <h3>Drift over time</h3>
          <Plot testId="drift-over-time-chart" data={driftTraces} layout={{ xaxis: timeAxis, yaxis: { range: [0, 1], tickformat: '.0%' }, showlegend: false, margin: { l: 44, b: 36 } }} height={200} />
        </div>
        <div>
          <h3>Performance over time</h3>
          {performance.length === 0 ? (
            <p className="muted" data-testid="performance-chart">
              No feedback labels in any window yet: send them to the deployment's feedback endpoint to see accuracy, F1 and AUC here.
            </p>
          ) : (
            <Plot testId="performance-chart" data={performance} layout={{ xaxis: timeAxis, yaxis: { range: [0, 1] }, margin: { l: 44, b: 36 } }} height={200} />
          )}
        </div>
      </div>
      {report && (
        <>
          <h3>Latest report · {report.summary.number_of_drifted_columns} of {report.summary.number_of_columns} columns drifted</h3>
          <DriftColumnTable document={report.report} />
          <h3>Data quality</h3>
          <QualityTable document={report.report} />
        </>
      )}
    </section>
  );
}
