import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { useThemeStore } from '../stores/theme-store';
import { readChartColors, themedAxis, type ChartColors } from './chart-theme';
import { loadPlotly } from './plotly-loader';
import './plot.css';

export type { Data as PlotData, Layout as PlotLayout };

const config: Partial<Config> = {
  displaylogo: false,
  displayModeBar: 'hover',
  responsive: false,
  modeBarButtonsToRemove: ['lasso2d', 'select2d', 'autoScale2d'],
};

function themedLayout(layout: Partial<Layout>, colors: ChartColors, height: number): Partial<Layout> {
  return {
    autosize: true,
    margin: { l: 8, r: 12, t: 8, b: 8, ...layout.margin },
    ...layout,
    height,
    paper_bgcolor: colors.background,
    plot_bgcolor: colors.background,
    font: { family: colors.fontFamily, size: 12, color: colors.text, ...layout.font },
    xaxis: themedAxis(colors, layout.xaxis),
    yaxis: themedAxis(colors, layout.yaxis),
    // Second axes exist only in side-by-side charts; theming an absent one would draw it.
    ...(layout.xaxis2 ? { xaxis2: themedAxis(colors, layout.xaxis2) } : {}),
    ...(layout.yaxis2 ? { yaxis2: themedAxis(colors, layout.yaxis2) } : {}),
    hoverlabel: {
      bgcolor: colors.surface,
      bordercolor: colors.border,
      font: { family: colors.fontFamily, size: 12, color: colors.text },
      ...layout.hoverlabel,
    },
    legend: { font: { color: colors.muted, size: 11 }, bgcolor: 'rgba(0,0,0,0)', ...layout.legend },
    modebar: { bgcolor: 'rgba(0,0,0,0)', color: colors.faint, activecolor: colors.text, ...layout.modebar },
  };
}

/**
 * Renders with Plotly.react straight into the element that carries `data-testid`, so that element
 * is the graph div (class js-plotly-plot) and its `.data` lists the traces. Re-renders on data,
 * layout or theme changes; pass memoised `data`/`layout` to avoid needless redraws.
 */
export function Plot({
  testId,
  data,
  layout,
  height,
}: {
  testId: string;
  data: Data[];
  layout?: Partial<Layout>;
  height: number;
}) {
  const graph = useRef<HTMLDivElement>(null);
  const theme = useThemeStore((state) => state.resolved);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [failure, setFailure] = useState('');

  useEffect(() => {
    let cancelled = false;
    loadPlotly()
      .then(async (plotly) => {
        const element = graph.current;
        if (cancelled || !element) return;
        await plotly.react(element, data, themedLayout(layout ?? {}, readChartColors(document), height), config);
        if (!cancelled) setStatus('ready');
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setFailure(error instanceof Error ? error.message : String(error));
        setStatus('failed');
      });
    return () => {
      cancelled = true;
    };
  }, [data, layout, height, theme]);

  useEffect(() => {
    const element = graph.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (element.classList.contains('js-plotly-plot')) void loadPlotly().then((plotly) => plotly.Plots.resize(element));
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      void loadPlotly().then((plotly) => plotly.purge(element));
    };
  }, []);

  return (
    <div className="plot-frame" style={{ height }}>
      <div ref={graph} className="plot-graph" data-testid={testId} />
      {status === 'loading' && (
        <div className="plot-overlay">
          <span className="spinner" />
        </div>
      )}
      {status === 'failed' && <div className="plot-overlay plot-failure">Could not draw the chart: {failure}</div>}
    </div>
  );
}
