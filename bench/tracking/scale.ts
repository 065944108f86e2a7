// The sizes the issue asks for, and the 10× smaller smoke run (`--quick`). Display sizes (a page
// of 100 runs, 1,000 chart points) and repetition counts stay the same at either scale.

export interface Scale {
  quick: boolean;
  ingest: { points: number; keys: number; pointsPerRequest: number; targetSeconds: number };
  search: { runs: number; paramsPerRun: number; metricsPerRun: number; pageSize: number; seedConcurrency: number; targetMs: number };
  history: { points: number; maxPoints: number; pointsPerRequest: number; targetMs: number };
  paint: { loads: number; targetMs: number };
  latency: { warmup: number; repetitions: number };
}

export function scaleFor(quick: boolean): Scale {
  const divisor = quick ? 10 : 1;
  return {
    quick,
    // The 10 s target is for 1,000,000 points; a smaller run is held to the same rate.
    ingest: { points: 1_000_000 / divisor, keys: 10, pointsPerRequest: 1000, targetSeconds: 10 / divisor },
    search: { runs: 10_000 / divisor, paramsPerRun: 20, metricsPerRun: 20, pageSize: 100, seedConcurrency: 8, targetMs: 50 },
    history: { points: 100_000 / divisor, maxPoints: 1000, pointsPerRequest: 1000, targetMs: 20 },
    paint: { loads: 3, targetMs: 1000 },
    latency: { warmup: 5, repetitions: 30 },
  };
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
