import { useEffect, useMemo, useState } from 'react';
import { readChartColors } from '../../charts/chart-theme';
import { Plot, type PlotLayout } from '../../charts/plot';
import { scatterTrace } from '../../charts/trace-builders';
import { useThemeStore } from '../../stores/theme-store';
import { KeySelect } from './key-select';
import { columnOptions, columnValues, optionLabel, varyingParamKeys, type CompareRun } from './compare-columns';

export function ScatterPanel({ runs }: { runs: readonly CompareRun[] }) {
  const theme = useThemeStore((state) => state.resolved);
  const options = useMemo(() => columnOptions(runs), [runs]);
  const optionIds = useMemo(() => options.map((option) => option.id), [options]);
  const defaults = useMemo(() => {
    const firstVarying = varyingParamKeys(runs)[0];
    const firstMetric = options.find((option) => option.kind === 'metric');
    return {
      x: firstVarying ? `param:${firstVarying}` : (options[1] ?? options[0])?.id ?? null,
      y: firstMetric?.id ?? options[0]?.id ?? null,
    };
  }, [runs, options]);
  const [xId, setXId] = useState<string | null>(defaults.x);
  const [yId, setYId] = useState<string | null>(defaults.y);
  useEffect(() => {
    if (xId === null || !optionIds.includes(xId)) setXId(defaults.x);
    if (yId === null || !optionIds.includes(yId)) setYId(defaults.y);
  }, [xId, yId, optionIds, defaults]);

  const xOption = options.find((option) => option.id === xId);
  const yOption = options.find((option) => option.id === yId);
  // `theme` is a dependency because the marker outline is read from the current theme's CSS.
  const data = useMemo(() => {
    if (!xOption || !yOption) return [];
    return [
      scatterTrace(
        {
          x: columnValues(runs, xOption),
          y: columnValues(runs, yOption),
          labels: runs.map((run) => run.name),
          colors: runs.map((run) => run.color),
          outline: readChartColors(document).surface,
        },
        optionLabel(xOption),
        optionLabel(yOption),
      ),
    ];
  }, [runs, xOption, yOption, theme]);
  const layout = useMemo<Partial<PlotLayout>>(
    () => ({
      showlegend: false,
      hovermode: 'closest',
      xaxis: { title: { text: xOption ? optionLabel(xOption) : '' } },
      yaxis: { title: { text: yOption ? optionLabel(yOption) : '' } },
    }),
    [xOption, yOption],
  );
  const describe = (id: string) => {
    const option = options.find((candidate) => candidate.id === id);
    return option ? optionLabel(option) : id;
  };

  return (
    <section className="card compare-card">
      <div className="card-header">
        <h2>Scatter</h2>
        <KeySelect label="X" keys={optionIds} value={xId} onChange={setXId} describe={describe} testId="scatter-x" />
        <KeySelect label="Y" keys={optionIds} value={yId} onChange={setYId} describe={describe} testId="scatter-y" />
      </div>
      {options.length === 0 ? (
        <p className="card-note">These runs have no params or metrics to plot.</p>
      ) : (
        <div className="card-body compare-chart">
          <Plot testId="scatter-chart" data={data} layout={layout} height={320} />
        </div>
      )}
    </section>
  );
}
