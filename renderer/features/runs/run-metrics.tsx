import { Fragment, useMemo, useState } from 'react';
import type { MetricSeries, MetricSummary } from '../../../core/api/contract';
import { useRequest } from '../../api/use-request';
import { drawableValues, fromWire } from '../../api/wire-number';
import { seriesColor } from '../../charts/chart-theme';
import { Plot, type PlotLayout } from '../../charts/plot';
import { lineTraces } from '../../charts/trace-builders';
import { requireTracking } from '../../stores/session-store';
import { useThemeStore } from '../../stores/theme-store';
import { formatCount, formatMetric } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Sparkline } from '../../ui/sparkline';

/** The contract caps one history request at 100 keys. */
const maxKeysPerRequest = 100;
const sparklinePoints = 48;
const chartPoints = 1000;

export function RunMetrics({ runId, metrics }: { runId: string; metrics: MetricSummary[] }) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const sorted = useMemo(() => [...metrics].sort((a, b) => a.key.localeCompare(b.key)), [metrics]);
  const sparkKeys = sorted.slice(0, maxKeysPerRequest).map((metric) => metric.key);
  const sparkRequestKey = sparkKeys.join('\n');
  const sparks = useRequest(
    sparkKeys.length > 0
      ? (signal) => requireTracking().metricHistory({ run_ids: [runId], metric_keys: sparkKeys, max_points: sparklinePoints }, { signal })
      : null,
    [runId, sparkRequestKey],
  );
  const sparkByKey = useMemo(
    () => new Map((sparks.data?.series ?? []).map((series) => [series.key, series.values.map((value) => fromWire(value) ?? Number.NaN)])),
    [sparks.data],
  );

  if (metrics.length === 0) return <p className="card-note">No metrics logged.</p>;

  return (
    <table className="data-table card-table metrics-table" data-testid="metrics-table">
      <thead>
        <tr>
          <th>Metric</th>
          <th aria-label="Trend" />
          <th className="numeric">Latest</th>
          <th className="numeric">Min</th>
          <th className="numeric">Max</th>
          <th className="numeric">Step</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((metric) => {
          const open = expanded === metric.key;
          return (
            <Fragment key={metric.key}>
              <tr
                className={`metric-row${open ? ' is-open' : ''}`}
                onClick={() => setExpanded(open ? null : metric.key)}
                aria-expanded={open}
                data-metric-key={metric.key}
              >
                <td>
                  <button type="button" className="metric-toggle" aria-label={`${open ? 'Hide' : 'Show'} the chart of ${metric.key}`}>
                    <Icon name={open ? 'chevronDown' : 'chevronRight'} size={13} />
                    <span className="mono truncate">{metric.key}</span>
                  </button>
                </td>
                <td className="metric-trend">
                  <Sparkline values={sparkByKey.get(metric.key) ?? []} />
                </td>
                <td className="numeric">{formatMetric(fromWire(metric.latest))}</td>
                <td className="numeric muted">{formatMetric(fromWire(metric.min))}</td>
                <td className="numeric muted">{formatMetric(fromWire(metric.max))}</td>
                <td className="numeric muted">{formatCount(metric.step)}</td>
              </tr>
              {open && (
                <tr className="metric-chart-row">
                  <td colSpan={6}>
                    <MetricChart runId={runId} metricKey={metric.key} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function toLine(series: MetricSeries, color: string) {
  return { name: series.key, color, x: series.steps, y: drawableValues(series.values) };
}

function MetricChart({ runId, metricKey }: { runId: string; metricKey: string }) {
  const theme = useThemeStore((state) => state.resolved);
  const history = useRequest(
    (signal) => requireTracking().metricHistory({ run_ids: [runId], metric_keys: [metricKey], max_points: chartPoints }, { signal }),
    [runId, metricKey],
  );
  const series = history.data?.series[0];
  const data = useMemo(() => (series ? lineTraces([toLine(series, seriesColor(0, theme))], metricKey) : []), [series, theme, metricKey]);
  const layout = useMemo<Partial<PlotLayout>>(
    () => ({ showlegend: false, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: metricKey } } }),
    [metricKey],
  );
  return (
    <div className="metric-chart">
      <Plot testId="run-metric-chart" data={data} layout={layout} height={240} />
      {series && series.total_points > series.steps.length && (
        <p className="faint metric-chart-note">
          {formatCount(series.steps.length)} of {formatCount(series.total_points)} points, downsampled on the server.
        </p>
      )}
    </div>
  );
}
