import { useMemo, useState } from 'react';
import type { DeploymentSummary, DeploymentTrafficResponse } from '../../../core/api/serving-contract';
import { seriesColor } from '../../charts/chart-theme';
import { Plot, type PlotLayout } from '../../charts/plot';
import { errorRateTraces, latencyTraces, requestRateTraces, type ArmSeconds } from '../../charts/traffic-traces';
import { requireServing } from '../../stores/deployments-store';
import { useThemeStore } from '../../stores/theme-store';
import { useVisiblePolling } from './use-visible-polling';

const windowSeconds = 60;
const pollInterval = 1000;
const chartHeight = 200;

function layoutFor(title: string): Partial<PlotLayout> {
  return {
    showlegend: true,
    legend: { orientation: 'h', y: -0.3, x: 0 },
    margin: { l: 8, r: 12, t: 8, b: 8 },
    xaxis: { type: 'date', tickformat: '%H:%M:%S' },
    yaxis: { title: { text: title }, rangemode: 'tozero' },
    uirevision: 'traffic',
  };
}

/** Requests/s, latency and error rate per arm over the last minute, refreshed every second while visible. */
export function TrafficCharts({ deployment }: { deployment: DeploymentSummary }) {
  const theme = useThemeStore((state) => state.resolved);
  const [traffic, setTraffic] = useState<DeploymentTrafficResponse | null>(null);
  const [failed, setFailed] = useState(false);

  useVisiblePolling(
    async (signal) => {
      try {
        const answer = await requireServing().traffic(deployment.name, windowSeconds, { signal, handledInline: () => true });
        if (!signal.aborted) {
          setTraffic(answer);
          setFailed(false);
        }
      } catch (error) {
        if (!signal.aborted) setFailed(true);
        throw error;
      }
    },
    pollInterval,
    [deployment.name],
  );

  const arms = useMemo<ArmSeconds[]>(() => {
    const order = deployment.arms.map((arm) => arm.variant);
    return (traffic?.arms ?? []).map((arm) => {
      const position = order.indexOf(arm.variant);
      return {
        variant: arm.variant,
        label: `${arm.variant} · ${arm.model} v${arm.version}`,
        color: seriesColor(position < 0 ? order.length : position, theme),
        seconds: arm.seconds,
      };
    });
  }, [traffic, deployment.arms, theme]);
  const requests = useMemo(() => requestRateTraces(arms), [arms]);
  const latency = useMemo(() => latencyTraces(arms), [arms]);
  const errors = useMemo(() => errorRateTraces(arms), [arms]);
  const requestsLayout = useMemo(() => layoutFor('requests/s'), []);
  const latencyLayout = useMemo(() => layoutFor('ms'), []);
  const errorLayout = useMemo(() => layoutFor('% errors'), []);

  return (
    <section className="card" aria-label="Live traffic">
      <header className="card-header">
        <h2>Live traffic</h2>
        <span className="faint">last {windowSeconds} s, every second</span>
        {failed && (
          <span className="badge badge-warning" title="The traffic counters did not answer; retrying every second.">
            <span className="badge-dot" />
            no data
          </span>
        )}
      </header>
      <div className="traffic-charts">
        <figure className="traffic-chart">
          <figcaption>Requests per second</figcaption>
          <Plot testId="traffic-chart" data={requests} layout={requestsLayout} height={chartHeight} />
        </figure>
        <figure className="traffic-chart">
          <figcaption>Latency p50 (solid) and p99 (dotted)</figcaption>
          <Plot testId="latency-chart" data={latency} layout={latencyLayout} height={chartHeight} />
        </figure>
        <figure className="traffic-chart">
          <figcaption>Error rate</figcaption>
          <Plot testId="error-chart" data={errors} layout={errorLayout} height={chartHeight} />
        </figure>
      </div>
    </section>
  );
}
