import { useEffect, useMemo, useState } from 'react';
import { metricColorScale, readChartColors } from '../../charts/chart-theme';
import { parallelCoordinatesTrace } from '../../charts/parallel-coordinates';
import { Plot, type PlotLayout } from '../../charts/plot';
import { useThemeStore } from '../../stores/theme-store';
import { KeySelect } from './key-select';
import { metricKeys, metricValue, paramKeys, varyingParamKeys, type CompareRun } from './compare-columns';

/** Beyond this many axes the labels collide; the params that vary come first. */
const maxParamAxes = 12;

function leftOut(count: number, metric: string): string {
  return count === 1 ? `1 run without a finite ${metric} is left out.` : `${count} runs without a finite ${metric} are left out.`;
}

export function ParallelCoordinatesPanel({ runs }: { runs: readonly CompareRun[] }) {
  const theme = useThemeStore((state) => state.resolved);
  const keys = useMemo(() => metricKeys(runs), [runs]);
  const [metric, setMetric] = useState<string | null>(keys[0] ?? null);
  useEffect(() => {
    if (metric === null || !keys.includes(metric)) setMetric(keys[0] ?? null);
  }, [metric, keys]);

  // Axes come from the runs that are drawn: a param only a left-out run has would be an empty axis.
  const plotted = useMemo(() => (metric ? runs.filter((run) => metricValue(run, metric) !== null) : []), [runs, metric]);
  const varying = useMemo(() => varyingParamKeys(plotted), [plotted]);
  const axes = useMemo(() => (varying.length > 0 ? varying : paramKeys(plotted)).slice(0, maxParamAxes), [varying, plotted]);

  const data = useMemo(() => {
    if (!metric || plotted.length === 0) return [];
    return [
      parallelCoordinatesTrace({
        columns: axes.map((key) => ({ label: key, values: plotted.map((run) => run.run.params[key] ?? null) })),
        target: { label: metric, values: plotted.map((run) => metricValue(run, metric) as number) },
        colorScale: metricColorScale(theme),
        textColor: readChartColors(document).muted,
      }),
    ];
  }, [axes, plotted, metric, theme]);
  const layout = useMemo<Partial<PlotLayout>>(() => ({ margin: { l: 72, r: 72, t: 56, b: 24 } }), []);

  return (
    <section className="card compare-card">
      <div className="card-header">
        <h2>Parameters → metric</h2>
        <KeySelect label="Colour by" keys={keys} value={metric} onChange={setMetric} testId="parallel-coordinates-key" />
      </div>
      {keys.length === 0 ? (
        <p className="card-note">These runs have no metrics to relate their parameters to.</p>
      ) : (
        <div className="card-body compare-chart">
          <Plot testId="parallel-coordinates-chart" data={data} layout={layout} height={340} />
        </div>
      )}
      <p className="card-note">
        {axes.length === 0
          ? 'These runs have no parameters.'
          : varying.length > 0
            ? `${axes.length} parameter${axes.length === 1 ? '' : 's'} that differ between the runs${varying.length > maxParamAxes ? ` (first ${maxParamAxes} of ${varying.length})` : ''}.`
            : 'All parameters are equal across these runs.'}
        {metric && plotted.length < runs.length && ` ${leftOut(runs.length - plotted.length, metric)}`}
      </p>
    </section>
  );
}
