import { useMemo } from 'react';
import { heatColorScale, readChartColors, seriesColor } from '../../charts/chart-theme';
import { confusionMatrixTrace, curveTraces, diagonalTrace, importanceTraces, referenceLineTrace, type Curve } from '../../charts/evaluation-traces';
import { Plot, type PlotData, type PlotLayout } from '../../charts/plot';
import { useThemeStore } from '../../stores/theme-store';
import type { ClassificationEvaluation, FeatureImportance } from './evaluation-report';
import { sortedImportance } from './evaluation-report';

const curveHeight = 280;

function unitAxes(x: string, y: string, showLegend: boolean): Partial<PlotLayout> {
  return {
    showlegend: showLegend,
    legend: { orientation: 'h', y: -0.28, x: 0 },
    hovermode: 'closest',
    margin: { l: 8, r: 12, t: 8, b: 8 },
    xaxis: { title: { text: x }, range: [-0.02, 1.02], zeroline: false, dtick: 0.2 },
    yaxis: { title: { text: y }, range: [-0.02, 1.04], zeroline: false, dtick: 0.2 },
  };
}

/** For binary runs the curves are of the positive class; naming it keeps the legend honest. */
function curveName(evaluation: ClassificationEvaluation, className: string): string {
  return evaluation.task === 'binary' ? `class ${className}` : className;
}

function useColors() {
  const theme = useThemeStore((state) => state.resolved);
  // Read per theme: the CSS variables resolve to the current theme's colours.
  return useMemo(() => ({ theme, chart: readChartColors(document) }), [theme]);
}

export function RocChart({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const { theme, chart } = useColors();
  const data = useMemo<PlotData[]>(() => {
    const curves: Curve[] = evaluation.curves.roc.map((curve, index) => ({
      name: curveName(evaluation, curve.class),
      color: seriesColor(index, theme),
      x: curve.falsePositiveRate,
      y: curve.truePositiveRate,
    }));
    return [...curveTraces(curves, { x: 'false positive rate', y: 'true positive rate' }), diagonalTrace(chart.faint, 'Chance')];
  }, [evaluation, theme, chart]);
  const layout = useMemo(() => unitAxes('False positive rate', 'True positive rate', evaluation.curves.roc.length > 1), [evaluation]);
  return <Plot testId="roc-chart" data={data} layout={layout} height={curveHeight} />;
}

export function PrecisionRecallChart({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const { theme, chart } = useColors();
  const data = useMemo<PlotData[]>(() => {
    const curves: Curve[] = evaluation.curves.precisionRecall.map((curve, index) => ({
      name: curveName(evaluation, curve.class),
      color: seriesColor(index, theme),
      x: curve.recall,
      y: curve.precision,
    }));
    const traces = curveTraces(curves, { x: 'recall', y: 'precision' });
    // A classifier that guesses scores the positive share of the rows at every recall.
    const matrix = evaluation.confusionMatrix;
    const total = matrix.flat().reduce((sum, count) => sum + count, 0);
    if (evaluation.task === 'binary' && total > 0 && matrix[1]) {
      const prevalence = matrix[1].reduce((sum, count) => sum + count, 0) / total;
      traces.push(referenceLineTrace({ x: [0, 1], y: [prevalence, prevalence] }, chart.faint, 'Chance'));
    }
    return traces;
  }, [evaluation, theme, chart]);
  const layout = useMemo(() => unitAxes('Recall', 'Precision', evaluation.curves.precisionRecall.length > 1), [evaluation]);
  return <Plot testId="pr-chart" data={data} layout={layout} height={curveHeight} />;
}

export function CalibrationChart({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const { theme, chart } = useColors();
  const data = useMemo<PlotData[]>(() => {
    const curves: Curve[] = evaluation.curves.calibration.map((curve, index) => ({
      name: curveName(evaluation, curve.class),
      color: seriesColor(index, theme),
      x: curve.meanPredicted,
      y: curve.fractionPositive,
    }));
    return [diagonalTrace(chart.faint, 'Perfectly calibrated'), ...curveTraces(curves, { x: 'mean predicted', y: 'fraction positive' }, { markers: true })];
  }, [evaluation, theme, chart]);
  const layout = useMemo(() => unitAxes('Mean predicted probability', 'Fraction of positives', true), []);
  return <Plot testId="calibration-chart" data={data} layout={layout} height={curveHeight} />;
}

export function ConfusionMatrixChart({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const { theme } = useColors();
  const data = useMemo<PlotData[]>(
    () => [confusionMatrixTrace({ matrix: evaluation.confusionMatrix, classes: evaluation.classes, colorScale: heatColorScale(theme) })],
    [evaluation, theme],
  );
  const layout = useMemo<Partial<PlotLayout>>(
    () => ({
      margin: { l: 8, r: 12, t: 8, b: 8 },
      xaxis: { title: { text: 'Predicted' }, type: 'category', showgrid: false, side: 'bottom' },
      yaxis: { title: { text: 'Actual' }, type: 'category', autorange: 'reversed', showgrid: false },
    }),
    [],
  );
  const height = Math.max(curveHeight, Math.min(640, evaluation.classes.length * 56 + 90));
  return <Plot testId="confusion-matrix" data={data} layout={layout} height={height} />;
}

export function ImportanceChart({ rows }: { rows: readonly FeatureImportance[] }) {
  const { theme, chart } = useColors();
  const sorted = useMemo(() => sortedImportance(rows), [rows]);
  const withGain = sorted.some((row) => row.gain !== null);
  const data = useMemo<PlotData[]>(
    () =>
      importanceTraces(
        sorted.map((row) => ({ feature: row.feature, mean: row.permutation_mean, std: row.permutation_std, gain: row.gain })),
        { permutation: seriesColor(0, theme), gain: seriesColor(2, theme), error: chart.muted },
      ),
    [sorted, theme, chart],
  );
  const layout = useMemo<Partial<PlotLayout>>(
    () => ({
      showlegend: false,
      bargap: 0.3,
      margin: { l: 8, r: 12, t: withGain ? 28 : 8, b: 8 },
      xaxis: { title: { text: 'Drop in test score when shuffled (mean ± std)' }, zeroline: true, ...(withGain ? { domain: [0, 0.58] } : {}) },
      yaxis: { type: 'category', autorange: 'reversed', automargin: true },
      ...(withGain ? { xaxis2: { title: { text: 'Gain' }, domain: [0.64, 1], anchor: 'y' } } : {}),
    }),
    [withGain],
  );
  return <Plot testId="importance-chart" data={data} layout={layout} height={Math.max(180, sorted.length * 26 + 70)} />;
}
