import type { LayoutAxis } from 'plotly.js-dist-min';
import type { ThemeName } from '../stores/theme-store';

/**
 * Series colours per theme: distinct hues at similar weight, readable on the surface colour.
 * Run N gets the same colour in every chart and in the legend chips of the compare view.
 */
const palettes: Record<ThemeName, readonly string[]> = {
  light: ['#5b5bd6', '#e5484d', '#12a594', '#f76b15', '#0090ff', '#d6409f', '#8e4ec6', '#46a758', '#ab6400', '#0d74ce', '#978365', '#e54666'],
  dark: ['#8d8ef5', '#ff6369', '#0bd8b6', '#ff977d', '#70b8ff', '#f76ec5', '#bf7af0', '#71d083', '#ffca16', '#3b9eff', '#cbb99f', '#ff8dcc'],
};

export function seriesColor(index: number, theme: ThemeName): string {
  const palette = palettes[theme];
  return palette[index % palette.length];
}

/** Sequential scale for colouring by a metric (parallel coordinates), low → high. */
export function metricColorScale(theme: ThemeName): Array<[number, string]> {
  return theme === 'dark'
    ? [
        [0, '#2a2b52'],
        [0.5, '#7b7cf2'],
        [1, '#3dd68c'],
      ]
    : [
        [0, '#d9d9f7'],
        [0.5, '#5b5bd6'],
        [1, '#0f7a4a'],
      ];
}

/** Sequential scale for counts on a heatmap (confusion matrix): the card colour → the accent. */
export function heatColorScale(theme: ThemeName): Array<[number, string]> {
  return theme === 'dark'
    ? [
        [0, '#17182a'],
        [0.5, '#34357a'],
        [1, '#5b5bd6'],
      ]
    : [
        [0, '#f5f5fe'],
        [0.5, '#a9a9ee'],
        [1, '#4a4ac4'],
      ];
}

export interface ChartColors {
  text: string;
  muted: string;
  faint: string;
  grid: string;
  border: string;
  /** Hover labels and marker outlines. */
  surface: string;
  /** The card the chart sits on; plotly paints it behind the plot and around parcoords tick labels. */
  background: string;
  fontFamily: string;
}

/**
 * Reads the theme's CSS variables as concrete colours. The variables hold light-dark() pairs, which
 * plotly cannot parse, so each one is resolved through a probe element's computed colour.
 */
export function readChartColors(document: Document): ChartColors {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.body.append(probe);
  const resolve = (variable: string) => {
    probe.style.color = `var(${variable})`;
    return getComputedStyle(probe).color;
  };
  const colors: ChartColors = {
    text: resolve('--text'),
    muted: resolve('--text-muted'),
    faint: resolve('--text-faint'),
    grid: resolve('--border'),
    border: resolve('--border-strong'),
    surface: resolve('--surface-raised'),
    background: resolve('--surface'),
    fontFamily: getComputedStyle(document.body).fontFamily,
  };
  probe.remove();
  return colors;
}

export function themedAxis(colors: ChartColors, axis: LayoutAxis = {}): LayoutAxis {
  return {
    automargin: true,
    gridcolor: colors.grid,
    linecolor: colors.border,
    zerolinecolor: colors.border,
    tickcolor: colors.border,
    ...axis,
    tickfont: { color: colors.muted, size: 11, ...axis.tickfont },
    title: { ...axis.title, font: { color: colors.muted, size: 11, ...axis.title?.font } },
  };
}
