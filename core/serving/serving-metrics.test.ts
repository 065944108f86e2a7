import { describe, expect, it } from 'vitest';
import { durationBuckets, ServingMetrics, trafficPercentileError } from './serving-metrics.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of the Prometheus text format: anything it cannot parse fails the test. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  expect(text.endsWith('\n')).toBe(true);
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const helped = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === 'HELP') helped.add(comment[2]);
      else {
        expect(['counter', 'gauge', 'histogram']).toContain(comment[3]);
        expect(types.has(comment[2])).toBe(false); // one TYPE line per family
        types.set(comment[2], comment[3]);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(sample, `unparseable line: ${line}`).not.toBeNull();
    const [, name, labelBody = '', value] = sample!;
    const labels: Record<string, string> = {};
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
    let match: RegExpExecArray | null;
    while (pair.lastIndex < labelBody.length && (match = pair.exec(labelBody))) labels[match[1]] = match[2].replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    expect(pair.lastIndex, `bad labels: ${labelBody}`).toBe(labelBody.length);
    const family = name.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(name) || types.get(family) === 'histogram', `sample before its TYPE: ${line}`).toBe(true);
    expect(helped.has(types.has(name) ? name : family)).toBe(true);
    samples.push({ name, labels, value: value === '+Inf' ? Infinity : Number(value) });
    expect(Number.isNaN(samples.at(-1)!.value)).toBe(false);
  }
  return { samples, types };
}

const find = (samples: Sample[], name: string, labels: Record<string, string>) => samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));

describe('ServingMetrics.render', () => {
  const metrics = new ServingMetrics();
  const stable = { deployment: 'churn', model: 'churn', version: 1, variant: 'stable' };
  const candidate = { deployment: 'churn', model: 'churn', version: 2, variant: 'candidate' };
  const latencies = [0.00005, 0.0003, 0.0003, 0.0008, 0.002, 0.02, 0.3, 2];
  for (const seconds of latencies) metrics.observe(stable, 200, seconds);
  metrics.observe(stable, 400, 0.0001);
  metrics.observe(candidate, 200, 0.001, 8);
  metrics.observe(candidate, 500, 0.004);
  metrics.observe({ deployment: 'odd "name"\\\n', model: 'm', version: 3, variant: 'stable' }, 200, 0.001);
  metrics.inProgress('churn', 1);
  metrics.inProgress('churn', 1);
  metrics.inProgress('churn', -1);
  metrics.modelLoaded('churn', 2, 1.25);
  const { samples, types } = parseExposition(metrics.render());

  it('declares the §6 families and the Triton aliases with their types', () => {
    expect(Object.fromEntries(types)).toEqual({
      inference_requests_total: 'counter',
      inference_request_duration_seconds: 'histogram',
      inference_requests_in_progress: 'gauge',
      model_load_duration_seconds: 'gauge',
      nv_inference_request_success: 'counter',
      nv_inference_request_failure: 'counter',
      nv_inference_count: 'counter',
      nv_inference_request_duration_us: 'counter',
    });
  });

  it('counts requests per model, version, variant and status code', () => {
    expect(find(samples, 'inference_requests_total', { ...labelsOf(stable), code: '200' })).toEqual([{ name: 'inference_requests_total', labels: { ...labelsOf(stable), code: '200' }, value: 8 }]);
    expect(find(samples, 'inference_requests_total', { ...labelsOf(stable), code: '400' })[0].value).toBe(1);
    expect(find(samples, 'inference_requests_total', { ...labelsOf(candidate), code: '500' })[0].value).toBe(1);
  });

  it('renders cumulative duration buckets with exactly the §6 bounds', () => {
    const buckets = find(samples, 'inference_request_duration_seconds_bucket', labelsOf(stable));
    expect(buckets.map((bucket) => bucket.labels.le)).toEqual(['0.0001', '0.00025', '0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '1', '+Inf']);
    for (let index = 1; index < buckets.length; index++) expect(buckets[index].value).toBeGreaterThanOrEqual(buckets[index - 1].value);
    const all = [...latencies, 0.0001];
    buckets.forEach((bucket, index) => {
      const bound = index < durationBuckets.length ? durationBuckets[index] : Infinity;
      expect(bucket.value).toBe(all.filter((seconds) => seconds <= bound).length);
    });
    expect(find(samples, 'inference_request_duration_seconds_count', labelsOf(stable))[0].value).toBe(9);
    expect(find(samples, 'inference_request_duration_seconds_sum', labelsOf(stable))[0].value).toBeCloseTo(all.reduce((sum, seconds) => sum + seconds, 0), 12);
  });

  it('reports requests in progress and load times', () => {
    expect(find(samples, 'inference_requests_in_progress', { deployment: 'churn', model: 'churn' })[0].value).toBe(1);
    expect(find(samples, 'model_load_duration_seconds', { model: 'churn', version: '2' })[0].value).toBe(1.25);
  });

  it('adds Triton-style counters per model version', () => {
    const version2 = { deployment: 'churn', model: 'churn', version: '2' };
    expect(find(samples, 'nv_inference_request_success', version2)[0].value).toBe(1);
    expect(find(samples, 'nv_inference_request_failure', version2)[0].value).toBe(1);
    expect(find(samples, 'nv_inference_count', version2)[0].value).toBe(8);
    expect(find(samples, 'nv_inference_request_duration_us', version2)[0].value).toBe(1000);
    expect(find(samples, 'nv_inference_request_success', { version: '1' })[0].value).toBe(8);
  });

  it('escapes label values so odd deployment names read back intact', () => {
    expect(find(samples, 'inference_requests_total', { deployment: 'odd "name"\\\n' })).toHaveLength(1);
  });

  it('stops reporting a forgotten deployment', () => {
    const other = new ServingMetrics();
    other.observe(stable, 200, 0.001);
    other.forget('churn');
    expect(parseExposition(other.render()).samples).toEqual([]);
  });
});

describe('ServingMetrics.traffic', () => {
  it('reports requests, errors and percentiles per arm and second, within the sketch precision', () => {
    let now = 1_700_000_000_000;
    const metrics = new ServingMetrics({ now: () => now });
    const stable = { deployment: 'churn', model: 'churn', version: 1, variant: 'stable' };
    const candidate = { deployment: 'churn', model: 'churn', version: 2, variant: 'candidate' };
    const expectedPercentiles: Array<[p50: number, p99: number]> = [];
    for (let second = 0; second < 5; second++) {
      // 1000 latencies spread over 0.2 .. 20 ms, a different spread each second.
      const latencies = Array.from({ length: 1000 }, (_, index) => 0.0002 * 100 ** (((index * 7919) % 1000) / 1000) * (1 + second / 10));
      for (const seconds of latencies) metrics.observe(stable, seconds > 0.015 ? 500 : 200, seconds);
      if (second === 2) metrics.observe(candidate, 200, 0.001);
      const sorted = [...latencies].sort((a, b) => a - b);
      expectedPercentiles.push([sorted[499] * 1000, sorted[989] * 1000]);
      now += 1000;
    }
    metrics.observe(stable, 200, 0.001); // the current second: incomplete, not reported

    const [stableTraffic, candidateTraffic] = metrics.traffic('churn', 5);
    expect(stableTraffic).toMatchObject({ variant: 'stable', model: 'churn', version: 1 });
    expect(stableTraffic.seconds.map((entry) => entry.time)).toEqual([0, 1, 2, 3, 4].map((second) => 1_700_000_000_000 + second * 1000));
    stableTraffic.seconds.forEach((entry, second) => {
      expect(entry.requests).toBe(1000);
      const latencies = Array.from({ length: 1000 }, (_, index) => 0.0002 * 100 ** (((index * 7919) % 1000) / 1000) * (1 + second / 10));
      expect(entry.errors).toBe(latencies.filter((seconds) => seconds > 0.015).length);
      const [p50, p99] = expectedPercentiles[second];
      expect(Math.abs(entry.p50_ms! / p50 - 1)).toBeLessThanOrEqual(trafficPercentileError);
      expect(Math.abs(entry.p99_ms! / p99 - 1)).toBeLessThanOrEqual(trafficPercentileError);
    });
    expect(candidateTraffic.seconds.map((entry) => entry.requests)).toEqual([0, 0, 1, 0, 0]);
    expect(candidateTraffic.seconds[0]).toMatchObject({ p50_ms: null, p99_ms: null });
    expect(trafficPercentileError).toBeLessThan(0.045);
  });

  it('forgets seconds older than the ring and arms without traffic in the window', () => {
    let now = 1_700_000_000_000;
    const metrics = new ServingMetrics({ now: () => now });
    metrics.observe({ deployment: 'churn', model: 'churn', version: 1, variant: 'stable' }, 200, 0.001);
    now += 1000;
    expect(metrics.traffic('churn', 60)[0].seconds.at(-1)!.requests).toBe(1);
    expect(metrics.traffic('churn', 60)[0].seconds).toHaveLength(60);
    now += 301_000; // stable's only second is now older than the ring
    metrics.observe({ deployment: 'churn', model: 'churn', version: 2, variant: 'candidate' }, 200, 0.001);
    now += 1000;
    const arms = metrics.traffic('churn', 1000);
    expect(arms.map((arm) => arm.variant)).toEqual(['candidate']);
    expect(arms[0].seconds).toHaveLength(300);
    expect(metrics.traffic('nobody', 60)).toEqual([]);
  });
});

function labelsOf(labels: { deployment: string; model: string; version: number; variant: string }): Record<string, string> {
  return { deployment: labels.deployment, model: labels.model, version: String(labels.version), variant: labels.variant };
}
