// The WebGPU backend trains an MLP (issue 3, item 4). Without a GPU this runs on Mesa's software
// renderer: Dawn's OpenGL ES backend (MLWB_WEBGPU_FLAGS=backend=opengles; the probe sets
// EGL_PLATFORM=surfaceless itself) gives a compatibility-level llvmpipe adapter. The test skips
// only where the `webgpu` package is missing or Dawn finds no adapter at all (no Mesa EGL); any
// other failure of the backend (tfjs refusing it, a wrong smoke-test product) fails it.
import { describe, expect, it } from 'vitest';
import { detectBackends, selectBackend } from './backends.js';
import { mlpDefaults, trainMlp, type EpochLosses } from './mlp.js';
import { rowsOf, xor } from './mlp-test-data.js';

// Before the first probe, which reads it once per process.
process.env.MLWB_WEBGPU_FLAGS ??= 'backend=opengles';
const probe = (await detectBackends()).find((candidate) => candidate.name === 'webgpu')!;
const noAdapter = !probe.available && /^(package webgpu is not installed|Dawn found no WebGPU adapter)/.test(probe.reason ?? '');
if (noAdapter) console.warn(`webgpu.test.ts skipped: ${probe.reason}`);

describe('MLP on WebGPU', () => {
  it.skipIf(noAdapter)(`trains a tiny MLP on the WebGPU backend${noAdapter ? ` (skipped: ${probe.reason})` : ''}`, async () => {
    expect(probe, `the webgpu backend should start here: ${probe.reason}`).toMatchObject({ available: true });
    const data = xor(260, 11);
    const train = rowsOf(data, 0, 200);
    const validation = rowsOf(data, 200, 260);
    const curves: EpochLosses[] = [];
    const result = await trainMlp(train.matrix, train.target, validation.matrix, validation.target, {
      ...mlpDefaults,
      hiddenUnits: 16,
      learningRate: 0.03,
      batchSize: 32,
      epochs: 5,
      patience: 0,
      seed: 5,
      backend: 'webgpu',
      onEpoch: (_, losses) => curves.push(losses),
    });
    expect(result).toMatchObject({ backend: 'webgpu', epochsRun: 5, device: expect.stringContaining('WebGPU') });
    expect(curves).toHaveLength(5);
    expect(curves.every((losses) => Number.isFinite(losses.train_loss) && losses.train_loss > 0)).toBe(true);
    expect(curves[4].train_loss).toBeLessThan(curves[0].train_loss);
    // Predictions (in TypeScript from the weights read back): probabilities, better than chance on the training rows.
    const probabilities = result.model.predict(train.matrix).probabilities!;
    expect(probabilities).toHaveLength(200 * 2);
    let correct = 0;
    for (let row = 0; row < 200; row++) {
      const [p0, p1] = [probabilities[2 * row], probabilities[2 * row + 1]];
      expect(p0 >= 0 && p1 >= 0 && Math.abs(p0 + p1 - 1) < 1e-9).toBe(true);
      if ((p1 > 0.5 ? 1 : 0) === train.target.values[row]) correct++;
    }
    expect(correct / 200).toBeGreaterThan(0.6);
    console.info(`webgpu (${result.device}): ${(result.secondsPerEpoch * 1000).toFixed(0)} ms per epoch, losses ${curves.map((losses) => losses.train_loss.toFixed(3)).join(' → ')}`);
  });

  it.skipIf(noAdapter || !/software/.test(probe.device ?? ''))('automatic choice passes over a software adapter, saying why', async () => {
    const selected = await selectBackend();
    expect(selected.name).not.toBe('webgpu');
    expect(selected.probes.find((candidate) => candidate.name === 'webgpu')).toMatchObject({ available: true, reason: expect.stringMatching(/software adapter.*--backend webgpu/) });
  });
});
