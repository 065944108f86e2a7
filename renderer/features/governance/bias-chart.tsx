import { useMemo } from 'react';
import { biasRateTraces } from '../../charts/bias-traces';
import { seriesColor } from '../../charts/chart-theme';
import { Plot, type PlotData, type PlotLayout } from '../../charts/plot';
import { useThemeStore } from '../../stores/theme-store';
import type { GroupRates } from './check-values';

/** Per-group predicted positive rate and true positive rate of one sensitive column, as grouped bars. */
export function BiasChart({ groups }: { groups: readonly GroupRates[] }) {
  const theme = useThemeStore((state) => state.resolved);
  const data = useMemo<PlotData[]>(
    () => biasRateTraces(groups, { positiveRate: seriesColor(0, theme), truePositiveRate: seriesColor(2, theme) }),
    [groups, theme],
  );
  const layout = useMemo<Partial<PlotLayout>>(
    () => ({
      barmode: 'group',
      showlegend: true,
      legend: { orientation: 'h', y: -0.25, x: 0 },
      margin: { l: 8, r: 12, t: 8, b: 8 },
      yaxis: { title: { text: 'Rate' }, range: [0, 1.02], tickformat: '.0%' },
      xaxis: { type: 'category' },
    }),
    [],
  );
  return <Plot testId="bias-chart" data={data} layout={layout} height={240} />;
}
