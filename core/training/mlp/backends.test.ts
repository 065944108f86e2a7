import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../api/errors.js';
import { detectBackends, selectBackend } from './backends.js';

const installed = (specifier: string) => {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
};
const optionalPackages = { 'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu', 'tfjs-node': '@tensorflow/tfjs-node', webgpu: 'webgpu' } as const;
// Native tfjs builds cannot install here; where one is present, automatic choice may rightly pick it.
const noNativeTensorflow = !installed(optionalPackages['tfjs-node-gpu']) && !installed(optionalPackages['tfjs-node']);

describe('TensorFlow.js backends', () => {
  it('probes every backend in automatic order; wasm and cpu always work, missing optional packages say so', async () => {
    const probes = await detectBackends();
    expect(probes.map((probe) => probe.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu']);
    const byName = Object.fromEntries(probes.map((probe) => [probe.name, probe]));
    expect(byName.wasm).toMatchObject({ available: true, device: expect.stringMatching(/\(WebAssembly( SIMD)?, 1 thread\)$/) });
    expect(byName.cpu).toMatchObject({ available: true, device: expect.stringContaining('JavaScript') });
    for (const [name, specifier] of Object.entries(optionalPackages)) {
      if (installed(specifier)) continue;
      expect(byName[name]).toEqual({ name, available: false, reason: `package ${specifier} is not installed (optional dependency)` });
    }
  });

  it.runIf(noNativeTensorflow)('picks wasm automatically where no native build or hardware GPU exists, recording why the others were passed over', async () => {
    const selected = await selectBackend();
    expect(selected).toMatchObject({ name: 'wasm' });
    expect(selected.tf.getBackend()).toBe('wasm');
    // webgpu is passed over here: no adapter, or only a software one (never chosen automatically).
    expect(selected.probes.map((probe) => [probe.name, probe.available && probe.name !== 'webgpu'])).toEqual([
      ['tfjs-node-gpu', false],
      ['tfjs-node', false],
      ['webgpu', false],
      ['wasm', true],
    ]);
    expect((await selectBackend('auto')).name).toBe('wasm');
  });

  it('honours an override, in any case, and switches tfjs to it', async () => {
    const cpu = await selectBackend(' CPU ');
    expect(cpu.name).toBe('cpu');
    expect(cpu.tf.getBackend()).toBe('cpu');
    expect(cpu.tf.tidy(() => cpu.tf.tensor1d([1, 2]).sum().arraySync())).toBe(3);
    expect((await selectBackend('wasm')).tf.getBackend()).toBe('wasm');
  });

  it.runIf(!installed(optionalPackages['tfjs-node-gpu']))('refuses an unavailable backend, saying why and listing the available ones', async () => {
    const failure = await selectBackend('tfjs-node-gpu').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).message).toMatch(
      /^Backend 'tfjs-node-gpu' is not available: package @tensorflow\/tfjs-node-gpu is not installed \(optional dependency\)\. Available backends: .*wasm, cpu\.$/,
    );
    expect((failure as ValidationError).details).toMatchObject({ field: 'backend', backend: 'tfjs-node-gpu', available: expect.arrayContaining(['wasm', 'cpu']) });
  });

  it('refuses an unknown backend name, listing the valid ones', async () => {
    const failure = await selectBackend('cuda').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).message).toBe("Unknown backend 'cuda'. Valid backends: auto, tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu.");
  });
});
