import { useEffect, useMemo, useState } from 'react';
import { useRequest } from '../../api/use-request';
import { drawableValues } from '../../api/wire-number';
import { Plot, type PlotLayout } from '../../charts/plot';
import { lineTraces } from '../../charts/trace-builders';
import { requireTracking } from '../../stores/session-store';
import { KeySelect } from './key-select';
import { metricKeys, type CompareRun } from './compare-columns';

const maxPoints = 1000;
/** Past this many runs the legend crowds the chart; the colour chips above name the runs. */
const maxLegendEntries = 10;

export function MetricHistoryPanel({ runs }: { runs: readonly CompareRun[] }) {
  const keys = useMemo(() => metricKeys(runs), [runs]);
  const [key, setKey] = useState<string | null>(keys[0] ?? null);
  const [logScale, setLogScale] = useState(false);
  useEffect(() => {
    if (key === null || !keys.includes(key)) setKey(keys[0] ?? null);
  }, [key, keys]);

  const runIds = runs.map((run) => run.runId);
  const history = useRequest(
    key ? (signal) => requireTracking().metricHistory({ run_ids: runIds, metric_keys: [key], max_points: maxPoints }, { signal }) : null,
    [key, runIds.join(',')],
  );

  const data = useMemo(() => {
    if (!history.data || !key) return [];
    const byRun = new Map(history.data.series.filter((series) => series.key === key).map((series) => [series.run_id, series]));
    return lineTraces(
      runs.flatMap((run) => {
        const series = byRun.get(run.runId);
        return series ? [{ name: run.name, color: run.color, x: series.steps, y: drawableValues(series.values) }] : [];
      }),
      key,
    );
  }, [history.data, key, runs]);
  const missing = history.data && key ? runs.length - data.length : 0;

  const layout = useMemo<Partial<PlotLayout>>(
    () => ({
      showlegend: runs.length <= maxLegendEntries,
      legend: { orientation: 'h', y: -0.22, x: 0 },
      hovermode: 'closest',
      xaxis: { title: { text: 'step' } },
      yaxis: { title: { text: key ?? '' }, type: logScale ? 'log' : 'linear' },
    }),
    [runs.length, key, logScale],
  );

  return (
    <section className="card compare-card">
      <div className="card-header">
        <h2>Metric history</h2>
        <label className="toggle">
          <input type="checkbox" className="checkbox" checked={logScale} onChange={(event) => setLogScale(event.target.checked)} />
          Log scale
        </label>
        <KeySelect label="Metric" keys={keys} value={key} onChange={setKey} testId="metric-history-key" />
      </div>
      {keys.length === 0 ? (
        <p className="card-note">These runs have no metrics.</p>
      ) : (
        <div className="card-body compare-chart">
          <Plot testId="metric-history-chart" data={data} layout={layout} height={320} />
        </div>
      )}
      {missing > 0 && (
        <p className="card-note">
          {missing} of {runs.length} runs {missing === 1 ? 'has' : 'have'} no history for <code>{key}</code>.
        </p>
      )}
    </section>
  );
}
