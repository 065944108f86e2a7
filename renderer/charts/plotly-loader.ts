// The only module that imports plotly. It is ~4.5 MB, so it loads on first use, in its own chunk,
// and pages without charts never pay for it.
import type PlotlyApi from 'plotly.js-dist-min';

export type Plotly = typeof PlotlyApi;

let loading: Promise<Plotly> | null = null;

export function loadPlotly(): Promise<Plotly> {
  loading ??= import('plotly.js-dist-min').then(
    // The bundle is CommonJS; depending on interop the API is the module or its default export.
    (module) => (module.default ?? (module as unknown as Plotly)),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
