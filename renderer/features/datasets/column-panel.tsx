import { useMemo } from 'react';
import type { DatasetColumnStats } from '../../../core/api/contract';
import { readChartColors, seriesColor } from '../../charts/chart-theme';
import { binHistogramTrace, categoryBarTrace } from '../../charts/histogram-traces';
import { Plot, type PlotData, type PlotLayout } from '../../charts/plot';
import { useThemeStore } from '../../stores/theme-store';
import { formatCount } from '../../ui/format';
import { columnTypeLabels, formatColumnValue, formatMean, formatPercent, missingShare } from './column-values';
import { binBars, categoryBars } from './histogram-data';

const categoryBarHeight = 22;

/** The selected column: its statistics and a full histogram (or ranked categories). */
export function ColumnPanel({ stats, rowCount }: { stats: DatasetColumnStats | null; rowCount: number }) {
  return (
    <section className="card column-panel" aria-label="Column details">
      <div className="card-header">
        <h2 className="column-panel-title">
          {stats ? (
            <>
              <span className="mono truncate">{stats.name}</span>
              <span className={`type-chip type-${stats.type}`}>{columnTypeLabels[stats.type]}</span>
            </>
          ) : (
            'Column'
          )}
        </h2>
        {stats && <span className="faint">↑ ↓ in the schema to step through columns</span>}
      </div>
      {stats ? (
        <div className="column-panel-body">
          <ColumnFacts stats={stats} rowCount={rowCount} />
          <div className="column-chart">
            <ColumnChart stats={stats} />
          </div>
        </div>
      ) : (
        <p className="card-note">Select a column in the schema to see its distribution.</p>
      )}
    </section>
  );
}

function ColumnFacts({ stats, rowCount }: { stats: DatasetColumnStats; rowCount: number }) {
  const value = (number: number | null) => formatColumnValue(number, stats.type);
  const facts: Array<[string, string]> = [
    ['Values', formatCount(stats.count)],
    ['Missing', `${formatCount(stats.missing)} (${formatPercent(missingShare(stats))})`],
    ['Distinct', formatCount(stats.distinct)],
  ];
  if (stats.mean !== null) facts.push(['Mean', formatMean(stats)]);
  if (stats.std !== null && stats.type === 'numeric') facts.push(['Std', value(stats.std)]);
  if (stats.quantiles) {
    facts.push(['Min', value(stats.min)], ['25%', value(stats.quantiles.p25)], ['Median', value(stats.quantiles.p50)], ['75%', value(stats.quantiles.p75)], ['Max', value(stats.max)]);
  }
  if (stats.length) facts.push(['Length', `${stats.length.min}–${stats.length.max} chars`]);
  if (stats.top.length > 0 && stats.type !== 'boolean') {
    const share = stats.top[0].count / Math.max(1, rowCount);
    facts.push(['Most frequent', `${stats.top[0].value || '(empty)'} · ${formatPercent(share)}`]);
  }
  return (
    <dl className="column-facts">
      {facts.map(([label, text]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd className="numeric truncate" title={text}>
            {text}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ColumnChart({ stats }: { stats: DatasetColumnStats }) {
  const theme = useThemeStore((state) => state.resolved);
  const histogram = stats.histogram;
  const data = useMemo<PlotData[]>(() => {
    if (!histogram) return [];
    const colors = readChartColors(document);
    if (histogram.kind === 'bins') return [binHistogramTrace(binBars(histogram, stats.type), seriesColor(0, theme), colors.background)];
    return [categoryBarTrace(categoryBars(histogram), seriesColor(0, theme), colors.faint)];
    // theme: the colours are read from the current theme's CSS.
  }, [histogram, stats.type, theme]);
  const categories = histogram?.kind === 'categories' ? categoryBars(histogram).labels.length : 0;
  const layout = useMemo<Partial<PlotLayout>>(() => {
    if (histogram?.kind === 'categories') {
      return { showlegend: false, bargap: 0.25, margin: { l: 8, r: 16, t: 4, b: 8 }, xaxis: { title: { text: 'rows' } }, yaxis: { autorange: 'reversed', automargin: true } };
    }
    return {
      showlegend: false,
      bargap: 0,
      margin: { l: 8, r: 16, t: 4, b: 8 },
      xaxis: { title: { text: stats.name }, type: stats.type === 'datetime' ? 'date' : 'linear' },
      yaxis: { title: { text: 'rows' } },
    };
  }, [histogram, stats.name, stats.type]);

  if (!histogram) return <p className="card-note">No histogram: the column has no values.</p>;
  const height = histogram.kind === 'categories' ? Math.max(140, categories * categoryBarHeight + 56) : 240;
  return (
    <>
      <Plot testId="column-histogram" data={data} layout={layout} height={height} />
      {histogram.kind === 'categories' && histogram.other > 0 && (
        <p className="faint column-chart-note">
          The {formatCount(histogram.values.length)} most frequent of {formatCount(stats.distinct)} values; the rest are one bar.
        </p>
      )}
    </>
  );
}
