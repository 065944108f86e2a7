// The metric points both ingestion paths write: the HTTP one (log-batch) and the SQLite floor.
// Each batch is what a training loop sends: every key for a run of consecutive steps.
import { seededRandom } from '../support/random.js';
import type { Scale } from './scale.js';

export interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

// A fixed clock keeps payload sizes identical from run to run.
export const benchEpochMs = Date.UTC(2024, 0, 1);

export function ingestBatches(scale: Scale['ingest']): MetricPoint[][] {
  const random = seededRandom(1);
  const keys = Array.from({ length: scale.keys }, (_, index) => `metric_${index}`);
  const stepsPerBatch = scale.pointsPerRequest / scale.keys;
  const batches: MetricPoint[][] = [];
  for (let first = 0; batches.length * scale.pointsPerRequest < scale.points; first += stepsPerBatch) {
    const batch: MetricPoint[] = [];
    for (let step = first; step < first + stepsPerBatch; step++) {
      for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
        // A decaying curve with noise: realistic digit counts, so the JSON has a realistic size.
        const value = Math.exp(-step / 20_000) * (1 + keyIndex / 10) + random() * 0.05;
        batch.push({ key: keys[keyIndex], value, timestamp: benchEpochMs + step * 100, step });
      }
    }
    batches.push(batch);
  }
  return batches;
}
