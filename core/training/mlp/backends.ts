// Which TensorFlow.js backend trains the MLP (issue 3, item 4; reference §4). Automatic order:
// tfjs-node-gpu → tfjs-node → WebGPU (the `webgpu` package, Dawn) → wasm → cpu. The accelerated
// ones are optional packages, probed at run time by dynamic import, so a machine without them
// still trains on wasm. Everything here loads tfjs lazily: core startup never pays for it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { ValidationError } from '../../api/errors.js';

export type Tf = typeof import('@tensorflow/tfjs');

export const backendNames = ['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** Why the backend cannot be used (unavailable), or why automatic choice passes it over. */
  reason?: string;
  /** The hardware it runs on, e.g. "NVIDIA H100 (Vulkan)" or "AMD EPYC 7B13 (WebAssembly SIMD, 1 thread)". */
  device?: string;
}

export interface SelectedBackend {
  name: BackendName;
  device: string;
  /** The tfjs module, with this backend active. */
  tf: Tf;
  /** Every backend probed on the way, with the reasons the earlier ones were passed over. */
  probes: BackendProbe[];
}

/** The parts of WebGPU (and of the `webgpu` package) the probe touches; core has no DOM types. */
interface GpuAdapter {
  info: { vendor: string; architecture: string; device: string; description: string };
  features: ReadonlySet<string>;
  limits: Record<string, number>;
  requestDevice(descriptor?: { requiredFeatures?: unknown[]; requiredLimits?: Record<string, number> }): Promise<unknown>;
}
interface Gpu {
  requestAdapter(options?: { featureLevel?: string; powerPreference?: string }): Promise<GpuAdapter | null>;
  getPreferredCanvasFormat?(): string;
  wgslLanguageFeatures?: unknown;
}
interface DawnModule {
  create(flags: string[]): Gpu;
  globals: object;
}

interface ProbeResult extends BackendProbe {
  /** Usable when asked for by name, but not picked automatically (a software WebGPU adapter). */
  manualOnly?: boolean;
  /** The name tfjs registers it under. */
  tfBackend?: string;
}

let tfModule: Promise<Tf> | undefined;

/** tfjs itself, loaded once per thread; production mode, since we report backends ourselves. */
export function loadTf(): Promise<Tf> {
  tfModule ??= import('@tensorflow/tfjs').then((tf) => {
    // Silences the "install tfjs-node" banner; PROD disables only warnings in tfjs 4.22.
    tf.enableProdMode();
    return tf;
  });
  return tfModule;
}

const probes = new Map<BackendName, Promise<ProbeResult>>();

/** Probes one backend (once per thread: loading a backend registers it with tfjs for good). */
function probeBackend(name: BackendName): Promise<ProbeResult> {
  let probe = probes.get(name);
  if (!probe) {
    probe = runProbe(name).catch((error: unknown) => ({ name, available: false, reason: `failed to start: ${firstLine(error)}` }));
    probes.set(name, probe);
  }
  return probe;
}

/** All backends, in automatic order, each available or not with the reason. */
export async function detectBackends(): Promise<BackendProbe[]> {
  const results: BackendProbe[] = [];
  for (const name of backendNames) results.push(publicProbe(await probeBackend(name)));
  return results;
}

/**
 * Activates the requested backend, or the first usable one in automatic order when `requested`
 * is empty or "auto" (the CLI's `--backend`, or MLWB_BACKEND in a training worker). A backend
 * that is unknown or unavailable is a ValidationError that says why and lists the usable ones.
 */
export async function selectBackend(requested?: string): Promise<SelectedBackend> {
  const tf = await loadTf();
  const wanted = requested?.trim().toLowerCase() ?? '';
  const seen: BackendProbe[] = [];
  if (wanted === '' || wanted === 'auto') {
    for (const name of backendNames) {
      const probe = await probeBackend(name);
      seen.push(publicProbe(probe));
      if (probe.available && !probe.manualOnly) return activate(tf, probe, seen);
    }
    throw new Error('no TensorFlow.js backend could start, not even cpu');
  }
  if (!(backendNames as readonly string[]).includes(wanted)) {
    throw new ValidationError(`Unknown backend '${requested}'. Valid backends: auto, ${backendNames.join(', ')}.`, { field: 'backend', valid: ['auto', ...backendNames] });
  }
  const probe = await probeBackend(wanted as BackendName);
  seen.push(publicProbe(probe));
  if (probe.available) return activate(tf, probe, seen);
  const available = (await detectBackends()).filter((candidate) => candidate.available).map((candidate) => candidate.name);
  throw new ValidationError(`Backend '${wanted}' is not available: ${probe.reason}. Available backends: ${available.join(', ')}.`, {
    field: 'backend',
    backend: wanted,
    reason: probe.reason,
    available,
  });
}

async function activate(tf: Tf, probe: ProbeResult, seen: BackendProbe[]): Promise<SelectedBackend> {
  if (!(await tf.setBackend(probe.tfBackend!))) throw new Error(`tfjs refused to switch to backend ${probe.tfBackend}`);
  await tf.ready();
  return { name: probe.name, device: probe.device!, tf, probes: seen };
}

function publicProbe({ name, available, reason, device }: ProbeResult): BackendProbe {
  return { name, available, ...(reason === undefined ? {} : { reason }), ...(device === undefined ? {} : { device }) };
}

async function runProbe(name: BackendName): Promise<ProbeResult> {
  const tf = await loadTf();
  switch (name) {
    case 'tfjs-node-gpu':
      return probeTensorflow(tf, name, '@tensorflow/tfjs-node-gpu');
    case 'tfjs-node':
      return probeTensorflow(tf, name, '@tensorflow/tfjs-node');
    case 'webgpu':
      return probeWebgpu(tf);
    case 'wasm':
      return probeWasm(tf);
    case 'cpu':
      return { name, available: true, tfBackend: 'cpu', device: `${cpuModel()} (JavaScript, 1 thread)` };
  }
}

/** Which of the two libtensorflow packages owns tfjs's "tensorflow" backend in this thread. */
let tensorflowOwner: BackendName | undefined;

/** tfjs-node and tfjs-node-gpu: libtensorflow over N-API; both register the backend "tensorflow". */
async function probeTensorflow(tf: Tf, name: 'tfjs-node' | 'tfjs-node-gpu', specifier: string): Promise<ProbeResult> {
  if (tensorflowOwner && tensorflowOwner !== name) {
    return { name, available: false, reason: `the tensorflow backend is already provided by ${tensorflowOwner} in this process` };
  }
  const loaded = await importOptional(specifier);
  if ('reason' in loaded) return { name, available: false, reason: loaded.reason };
  // A copy of tfjs-core nested under the package (a version mismatch) registers into an engine we do not use.
  if (!tf.findBackendFactory('tensorflow')) {
    return { name, available: false, reason: `${specifier} loaded but registered with another copy of @tensorflow/tfjs-core; install the version matching @tensorflow/tfjs ${tf.version.tfjs}` };
  }
  tensorflowOwner = name;
  const device = name === 'tfjs-node-gpu' ? `${nvidiaModel() ?? 'CUDA GPU'} (libtensorflow, CUDA)` : `${cpuModel()} (libtensorflow, ${os.availableParallelism()} threads)`;
  return { name, available: true, tfBackend: 'tensorflow', device };
}

/**
 * WebGPU through Dawn for Node (reference §4): the backend reads navigator.gpu when it loads, so
 * the adapter is created first and the backend imported after. MLWB_WEBGPU_FLAGS passes Dawn
 * toggles, e.g. "backend=opengles" for Mesa's software renderer, which needs the compatibility
 * feature level and EGL_PLATFORM=surfaceless. A software adapter works but is slower than wasm,
 * so only an explicit request uses it.
 */
async function probeWebgpu(tf: Tf): Promise<ProbeResult> {
  const name = 'webgpu';
  const backendPackage = '@tensorflow/tfjs-backend-webgpu';
  const dawn = await importOptional('webgpu');
  if ('reason' in dawn) return { name, available: false, reason: dawn.reason };
  if (!resolvable(backendPackage)) return { name, available: false, reason: `package ${backendPackage} is not installed (optional dependency)` };
  const { create, globals } = dawn.module as DawnModule;
  const flags = (process.env.MLWB_WEBGPU_FLAGS ?? '').split(',').map((flag) => flag.trim()).filter(Boolean);
  const compatibility = flags.includes('backend=opengles');
  // Dawn's OpenGL ES backend reaches Mesa through EGL; without a display (a server, CI) EGL must
  // be told to use its surfaceless platform, or Mesa finds no display and Dawn no adapter. Mesa
  // reads the variable when Dawn opens EGL, i.e. during create()/requestAdapter, so setting it
  // here, before create(), is early enough.
  // This works in the main thread only: a worker thread's process.env is its own copy, and
  // writing it does not reach the C environment Mesa reads, so a training worker relies on the
  // main thread having set it (or on it being set when the process started).
  const eglPlatformUnset = compatibility && process.env.EGL_PLATFORM === undefined;
  if (compatibility) process.env.EGL_PLATFORM ??= 'surfaceless';
  Object.assign(globalThis, globals);
  const gpu = create(flags);
  const adapter = await gpu.requestAdapter(compatibility ? { featureLevel: 'compatibility' } : undefined);
  if (!adapter) {
    const needs = compatibility ? 'an OpenGL ES 3.1 driver through EGL, e.g. Mesa' : 'a Vulkan, Metal or D3D12 driver that meets WebGPU limits';
    const hint = eglPlatformUnset && !isMainThread ? '; EGL_PLATFORM was unset in this worker thread, where setting it does not reach Mesa: set EGL_PLATFORM=surfaceless in the main thread or the environment' : '';
    return { name, available: false, reason: `Dawn found no WebGPU adapter (needs ${needs})${hint}` };
  }
  const info = adapter.info;
  const described = [info.vendor, info.device || info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
  const software = /llvmpipe|lavapipe|swiftshader|software/i.test(`${info.device} ${info.description} ${info.architecture}`);
  // Node ≥ 21 has a navigator without gpu; Node 20 has none.
  // tfjs's backend factory asks navigator.gpu for an adapter itself, with only a power
  // preference: on OpenGL ES that finds nothing (only compatibility-level adapters exist there),
  // so it is given a navigator.gpu that asks for the feature level the probe used.
  const navigatorGpu = compatibility ? compatibilityGpu(gpu) : gpu;
  const existing = (globalThis as { navigator?: object }).navigator;
  if (typeof existing === 'object') Object.defineProperty(existing, 'gpu', { value: navigatorGpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu: navigatorGpu }, configurable: true, writable: true });
  const loaded = await importOptional(backendPackage);
  if ('reason' in loaded) return { name, available: false, reason: loaded.reason };
  if (!tf.findBackendFactory('webgpu')) {
    return { name, available: false, reason: `${backendPackage} registered with another copy of @tensorflow/tfjs-core; install the version matching @tensorflow/tfjs ${tf.version.tfjs}` };
  }
  const smoke = await smokeTest(tf, 'webgpu');
  if (smoke) return { name, available: false, reason: `the smoke test on ${described} failed: ${smoke}` };
  return {
    name,
    available: true,
    tfBackend: 'webgpu',
    device: `${described} (WebGPU${compatibility ? ' on OpenGL ES' : ''}${software ? ', software' : ''})`,
    ...(software ? { manualOnly: true, reason: `${described} is a software adapter, slower than wasm; ask for it with --backend webgpu` } : {}),
  };
}

/**
 * A navigator.gpu for tfjs on a compatibility-level adapter (Dawn on OpenGL ES). tfjs 4.22 calls
 * requestAdapter({powerPreference}) without a feature level, which gets null there, and then fails
 * on null.features, so setBackend('webgpu') answers false. This asks for the compatibility level.
 * A compatibility device also starts with lower default limits (e.g. 4 storage buffers per
 * shader stage, core WebGPU has 8) and tfjs raises only a few itself, so the device is requested
 * with every limit the adapter offers. The MLP's kernels train without this; it is a safeguard
 * for kernels with more inputs (e.g. addN), not a measured necessity.
 */
function compatibilityGpu(gpu: Gpu): Gpu {
  return {
    async requestAdapter(options) {
      const adapter = await gpu.requestAdapter({ ...options, featureLevel: 'compatibility' });
      if (!adapter) return null;
      const supported: Record<string, number> = {};
      for (const key in adapter.limits) {
        const value = adapter.limits[key];
        if (typeof value === 'number') supported[key] = value;
      }
      return {
        info: adapter.info,
        features: adapter.features,
        limits: adapter.limits,
        requestDevice: (descriptor) => adapter.requestDevice({ ...descriptor, requiredLimits: { ...supported, ...descriptor?.requiredLimits } }),
      };
    },
    getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat?.() ?? 'rgba8unorm',
    wgslLanguageFeatures: gpu.wgslLanguageFeatures,
  };
}

/** XNNPACK in WebAssembly: the default. Its .wasm binaries are read from the package's dist folder. */
async function probeWasm(tf: Tf): Promise<ProbeResult> {
  const name = 'wasm';
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Resolved from this module, so it works from the sources and from the bundle in dist/core alike.
  const packageJson = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  wasm.setWasmPaths(path.join(path.dirname(packageJson), 'dist') + path.sep);
  const smoke = await smokeTest(tf, 'wasm');
  if (smoke) return { name, available: false, reason: smoke };
  // tfjs 4.22 has no WebAssembly threads under Node (WASM_HAS_MULTITHREAD_SUPPORT is false), so one thread.
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { name, available: true, tfBackend: 'wasm', device: `${cpuModel()} (WebAssembly${simd ? ' SIMD' : ''}, ${wasm.getThreadsCount()} thread)` };
}

/** A 2×2 product on the backend, read back; returns what went wrong, or null. */
async function smokeTest(tf: Tf, backend: string): Promise<string | null> {
  const previous = tf.getBackend();
  try {
    if (!(await tf.setBackend(backend))) return `tfjs could not initialise the ${backend} backend`;
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 1], [2, 1])));
    const values = await product.data();
    product.dispose();
    return values[0] === 3 && values[1] === 7 ? null : `a 2×2 matrix product gave [${Array.from(values).join(', ')}] instead of [3, 7]`;
  } catch (error) {
    return firstLine(error);
  } finally {
    if (previous && previous !== backend) await tf.setBackend(previous);
  }
}

/** Imports an optional package, telling "not installed" apart from "installed but failed to load". */
async function importOptional(specifier: string): Promise<{ module: unknown } | { reason: string }> {
  if (!resolvable(specifier)) return { reason: `package ${specifier} is not installed (optional dependency)` };
  try {
    // A variable specifier: bundlers and tsc leave it alone, and core starts without the package.
    return { module: await import(specifier) };
  } catch (error) {
    // e.g. tfjs-node-gpu without CUDA 11.2 / cuDNN 8: "libcudart.so.11.0: cannot open shared object file".
    return { reason: `package ${specifier} failed to load: ${firstLine(error)}` };
  }
}

function resolvable(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch (error) {
    // Installed, but with no entry `require` can resolve (ESM-only exports): let the import decide.
    return (error as { code?: string }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

function cpuModel(): string {
  return os.cpus()[0]?.model?.trim() || `${os.arch()} CPU`;
}

/** The first NVIDIA GPU's model name on Linux (the driver's /proc files), else null. */
function nvidiaModel(): string | null {
  const folder = '/proc/driver/nvidia/gpus';
  if (!existsSync(folder)) return null;
  for (const gpu of readdirSync(folder)) {
    const match = /^Model:\s*(.+)$/m.exec(readFileSync(path.join(folder, gpu, 'information'), 'utf8'));
    if (match) return match[1].trim();
  }
  return null;
}
