// MLP epoch time per TensorFlow.js backend: every backend detectBackends() finds available trains
// the same network on the same standardised rows for a few epochs; no peer runs (no PyTorch here).
import { detectBackends } from '../../core/training/mlp/backends.js';
import { mlpDefaults, trainMlp } from '../../core/training/mlp/mlp.js';
import type { Report } from '../support/report.js';
import { median } from '../support/stats.js';
import type { Workload } from './data.js';

const epochs = 3;
export const mlpNoPeer = 'no peer: PyTorch is not installable here';

export interface MlpTiming {
  backend: string;
  device: string;
  /** Seconds of each epoch, in order; epoch 1 also pays for tracing and first-use kernels. */
  epochSeconds: number[];
}

/** Trains on every available backend; returns the per-epoch times and the backends left out (with why). */
export async function timeMlpBackends(workload: Workload, report: Report): Promise<{ timings: MlpTiming[]; unavailable: string[] }> {
  const probes = await detectBackends();
  const unavailable = probes.filter((probe) => !probe.available).map((probe) => `${probe.name} (${probe.reason ?? 'unavailable'})`);
  report.note(`mlp: backends available: ${probes.filter((probe) => probe.available).map((probe) => probe.name).join(', ')}; not: ${unavailable.join('; ')}`);
  const timings: MlpTiming[] = [];
  for (const probe of probes.filter((candidate) => candidate.available)) {
    const marks: number[] = [];
    let last = 0;
    const result = await trainMlp(workload.train.matrix, workload.train.target, workload.test.matrix, workload.test.target, {
      ...mlpDefaults,
      epochs,
      batchSize: 256,
      patience: 0,
      seed: 1,
      backend: probe.name,
      onEpoch: (epoch, losses) => {
        const now = performance.now();
        // Epoch 1 is timed from the call (backend switch, upload included); it is not reported.
        marks.push(epoch === 1 ? Number.NaN : (now - last) / 1000);
        last = now;
        report.note(`mlp ${probe.name}: epoch ${epoch}, train loss ${losses.train_loss.toFixed(4)}, validation loss ${losses.validation_loss.toFixed(4)}`);
      },
    });
    timings.push({ backend: result.backend, device: result.device, epochSeconds: marks });
    report.note(`mlp ${probe.name}: epochs 2–3 ${marks.slice(1).map((seconds) => seconds.toFixed(2)).join(', ')} s on ${result.device}`);
  }
  return { timings, unavailable };
}

export function emitMlp(report: Report, workload: Workload, timings: MlpTiming[], unavailable: string[]): void {
  const { rows, width } = workload.train.matrix;
  for (const timing of timings) {
    report.emit({
      metric: `mlp_seconds_per_epoch_${timing.backend}`,
      value: median(timing.epochSeconds.slice(1)),
      unit: 's',
      baseline: null,
      baselineReason: mlpNoPeer,
      // Reported per backend, with no threshold (issue 3: "epoch time per backend reported").
      target: Number.NaN,
      better: 'lower',
      workload: `MLP (core/training/mlp/mlp.ts trainMlp), ${rows.toLocaleString('en-US')} train rows × ${width} standardised features (make_classification-like), default layers (${mlpDefaults.hiddenLayers} × ${mlpDefaults.hiddenUnits} relu), Adam lr ${mlpDefaults.learningRate}, l2 ${mlpDefaults.l2}, batch 256, ${epochs} epochs with the validation loss on ${workload.test.matrix.rows.toLocaleString('en-US')} rows each epoch; median of epochs 2–3 (epoch 1 warms up); backend ${timing.backend} on ${timing.device}; not available: ${unavailable.join('; ') || 'none'}`,
    });
  }
}
