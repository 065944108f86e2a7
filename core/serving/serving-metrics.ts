// Counters of the inference listener: Prometheus text for GET /metrics (names, labels and buckets
// of reference/inference-protocols.md §6, plus Triton-style aliases for existing dashboards) and a
// per-second traffic ring per arm for the deployments page. observe() runs on every request, so it
// only bumps numbers in arrays that exist once per series; all formatting happens in render().
import type { ArmTraffic } from '../api/serving-contract.js';

/** Upper bounds (seconds) of inference_request_duration_seconds; the defaults start too coarse. */
export const durationBuckets: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
/** Seconds of traffic kept per arm. */
export const trafficSeconds = 300;

// Latency sketch per second: bucket i holds latencies in [2^(i/8), 2^((i+1)/8)) µs (bucket 0 also
// everything under 1 µs, the last everything over ~134 s). A percentile is reported as its
// bucket's geometric middle, so it is within 2^(1/16) - 1 ≈ 4.4 % of the exact nearest-rank value.
const sketchStepsPerOctave = 8;
const sketchBuckets = 27 * sketchStepsPerOctave;
/** Largest relative error of a reported traffic percentile. */
export const trafficPercentileError = 2 ** (1 / (2 * sketchStepsPerOctave)) - 1;
// One slot more than is reported: the current, incomplete second is never shown.
const slots = trafficSeconds + 1;

export interface SeriesLabels {
  deployment: string;
  model: string;
  version: number;
  variant: string;
}

class Series {
  readonly labelText: string;
  readonly codes = new Map<number, number>();
  /** Per duration bucket (not cumulative), +Inf last. */
  readonly durationCounts = new Float64Array(durationBuckets.length + 1);
  durationSum = 0;
  requests = 0;
  failures = 0;
  items = 0;
  successMicros = 0;
  readonly slotSecond = new Float64Array(slots).fill(-1);
  readonly slotRequests = new Uint32Array(slots);
  readonly slotErrors = new Uint32Array(slots);
  readonly slotSketch = new Uint32Array(slots * sketchBuckets);

  constructor(readonly labels: SeriesLabels) {
    this.labelText = labelText({ deployment: labels.deployment, model: labels.model, version: String(labels.version), variant: labels.variant });
  }
}

export interface ServingMetricsOptions {
  /** Epoch milliseconds; injectable so traffic can be tested second by second. */
  now?: () => number;
}

export class ServingMetrics {
  /** deployment → variant → model → version → series: no key strings built per request. */
  private readonly series = new Map<string, Map<string, Map<string, Map<number, Series>>>>();
  private readonly inFlight = new Map<string, number>();
  private readonly loads = new Map<string, { model: string; version: number; seconds: number }>();
  private readonly now: () => number;

  constructor(options: ServingMetricsOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** One answered request (any status); `items` is the batch size, for nv_inference_count. */
  observe(labels: SeriesLabels, code: number, seconds: number, items = 1): void {
    const series = this.seriesOf(labels);
    series.codes.set(code, (series.codes.get(code) ?? 0) + 1);
    let bucket = 0;
    while (bucket < durationBuckets.length && seconds > durationBuckets[bucket]) bucket++;
    series.durationCounts[bucket]++;
    series.durationSum += seconds;
    series.requests++;
    const failed = code >= 400;
    if (failed) series.failures++;
    else {
      series.items += items;
      series.successMicros += seconds * 1e6;
    }

    const second = Math.floor(this.now() / 1000);
    const slot = second % slots;
    if (series.slotSecond[slot] !== second) {
      series.slotSecond[slot] = second;
      series.slotRequests[slot] = 0;
      series.slotErrors[slot] = 0;
      series.slotSketch.fill(0, slot * sketchBuckets, (slot + 1) * sketchBuckets);
    }
    series.slotRequests[slot]++;
    if (failed) series.slotErrors[slot]++;
    series.slotSketch[slot * sketchBuckets + sketchBucketOf(seconds)]++;
  }

  /** +1 when a request for the deployment arrives, -1 when it is answered. */
  inProgress(deployment: string, delta: number): void {
    this.inFlight.set(deployment, (this.inFlight.get(deployment) ?? 0) + delta);
  }

  modelLoaded(model: string, version: number, seconds: number): void {
    this.loads.set(`${model}\u0000${version}`, { model, version, seconds });
  }

  /** Drops a deleted deployment's series so /metrics stops reporting it. */
  forget(deployment: string): void {
    this.series.delete(deployment);
    this.inFlight.delete(deployment);
  }

  /** The Prometheus text exposition format, version 0.0.4. */
  render(): string {
    const lines: string[] = [];
    const all = [...this.allSeries()];
    family(lines, 'inference_requests_total', 'counter', 'Inference requests answered, by HTTP status code.');
    for (const series of all) {
      for (const [code, count] of series.codes) lines.push(`inference_requests_total{${series.labelText},code="${code}"} ${count}`);
    }

    family(lines, 'inference_request_duration_seconds', 'histogram', 'Time from request received to response sent.');
    for (const series of all) {
      let cumulative = 0;
      for (let bucket = 0; bucket <= durationBuckets.length; bucket++) {
        cumulative += series.durationCounts[bucket];
        const bound = bucket < durationBuckets.length ? String(durationBuckets[bucket]) : '+Inf';
        lines.push(`inference_request_duration_seconds_bucket{${series.labelText},le="${bound}"} ${cumulative}`);
      }
      lines.push(`inference_request_duration_seconds_sum{${series.labelText}} ${series.durationSum}`);
      lines.push(`inference_request_duration_seconds_count{${series.labelText}} ${series.requests}`);
    }

    // Before routing, the only model name a request has is the deployment it addressed.
    family(lines, 'inference_requests_in_progress', 'gauge', 'Inference requests received and not yet answered.');
    for (const [deployment, count] of this.inFlight) lines.push(`inference_requests_in_progress{${labelText({ deployment, model: deployment })}} ${count}`);

    family(lines, 'model_load_duration_seconds', 'gauge', 'Time to load and warm up a model version.');
    for (const load of this.loads.values()) lines.push(`model_load_duration_seconds{${labelText({ model: load.model, version: String(load.version) })}} ${load.seconds}`);

    // Triton's names count per model version, so variants serving the same version add up.
    const versions = new Map<string, { labels: string; success: number; failure: number; items: number; micros: number }>();
    for (const series of all) {
      const { deployment, model, version } = series.labels;
      const labels = labelText({ deployment, model, version: String(version) });
      const total = versions.get(labels) ?? { labels, success: 0, failure: 0, items: 0, micros: 0 };
      total.success += series.requests - series.failures;
      total.failure += series.failures;
      total.items += series.items;
      total.micros += series.successMicros;
      versions.set(labels, total);
    }
    const aliases: Array<[name: string, help: string, value: (total: { success: number; failure: number; items: number; micros: number }) => number]> = [
      ['nv_inference_request_success', 'Successful inference requests (a batch counts once).', (total) => total.success],
      ['nv_inference_request_failure', 'Failed inference requests.', (total) => total.failure],
      ['nv_inference_count', 'Inferences performed (a batch of n counts n).', (total) => total.items],
      ['nv_inference_request_duration_us', 'Cumulative duration of successful inference requests in microseconds.', (total) => Math.round(total.micros)],
    ];
    for (const [name, help, value] of aliases) {
      family(lines, name, 'counter', help);
      for (const total of versions.values()) lines.push(`${name}{${total.labels}} ${value(total)}`);
    }
    return lines.join('\n') + '\n';
  }

  /** Per-second traffic of each arm that answered requests in the last `seconds` complete seconds. */
  traffic(deployment: string, seconds: number): ArmTraffic[] {
    const span = Math.max(1, Math.min(trafficSeconds, Math.floor(seconds)));
    const current = Math.floor(this.now() / 1000);
    const arms: ArmTraffic[] = [];
    for (const variants of this.series.get(deployment)?.values() ?? []) {
      for (const versions of variants.values()) {
        for (const series of versions.values()) {
          const entries: ArmTraffic['seconds'] = [];
          let requests = 0;
          for (let second = current - span; second < current; second++) {
            const slot = second % slots;
            if (series.slotSecond[slot] !== second) {
              entries.push({ time: second * 1000, requests: 0, errors: 0, p50_ms: null, p99_ms: null });
              continue;
            }
            const count = series.slotRequests[slot];
            requests += count;
            const sketch = series.slotSketch.subarray(slot * sketchBuckets, (slot + 1) * sketchBuckets);
            entries.push({ time: second * 1000, requests: count, errors: series.slotErrors[slot], p50_ms: percentileMs(sketch, count, 0.5), p99_ms: percentileMs(sketch, count, 0.99) });
          }
          if (requests > 0) arms.push({ variant: series.labels.variant, model: series.labels.model, version: series.labels.version, seconds: entries });
        }
      }
    }
    return arms;
  }

  private seriesOf(labels: SeriesLabels): Series {
    let variants = this.series.get(labels.deployment);
    if (variants === undefined) this.series.set(labels.deployment, (variants = new Map()));
    let models = variants.get(labels.variant);
    if (models === undefined) variants.set(labels.variant, (models = new Map()));
    let versions = models.get(labels.model);
    if (versions === undefined) models.set(labels.model, (versions = new Map()));
    let series = versions.get(labels.version);
    if (series === undefined) versions.set(labels.version, (series = new Series({ ...labels })));
    return series;
  }

  private *allSeries(): Iterable<Series> {
    for (const variants of this.series.values()) for (const models of variants.values()) for (const versions of models.values()) yield* versions.values();
  }
}

function sketchBucketOf(seconds: number): number {
  const micros = seconds * 1e6;
  if (!(micros >= 1)) return 0; // also catches NaN
  return Math.min(sketchBuckets - 1, Math.floor(Math.log2(micros) * sketchStepsPerOctave));
}

/** Nearest-rank percentile of one second's sketch, in milliseconds. */
function percentileMs(sketch: Uint32Array, count: number, quantile: number): number | null {
  if (count === 0) return null;
  const rank = Math.max(1, Math.ceil(quantile * count));
  let seen = 0;
  for (let bucket = 0; bucket < sketchBuckets; bucket++) {
    seen += sketch[bucket];
    if (seen >= rank) return 2 ** ((bucket + 0.5) / sketchStepsPerOctave) / 1000;
  }
  return null;
}

function family(lines: string[], name: string, type: string, help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

/** Label pairs with values escaped as the text format requires (backslash, quote, newline). */
function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}
