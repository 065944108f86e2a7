// One onnxruntime session per registered version, shared by every deployment and arm that serves
// it (never one per request or per arm: reference §8 "Memory"). A version counts as ready only
// after a warm-up inference; a session is released only once no live deployment uses it and its
// in-flight requests have drained.
import * as ort from 'onnxruntime-node';
import { ConflictError } from '../api/errors.js';
import type { TensorDescription } from '../onnx/inspect.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { ModelScan } from '../registry/types.js';
import type { VersionRef } from './types.js';

export interface LoadedModel {
  key: string;
  model: string;
  version: number;
  sha256: string;
  scan: ModelScan;
  session: ort.InferenceSession;
  loadMs: number;
  /** Requests currently running on this session. */
  inFlight: number;
}

export function versionKeyOf(ref: VersionRef): string {
  return `${ref.model}/${ref.version}`;
}

export class ModelPool {
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly loading = new Map<string, Promise<LoadedModel>>();
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly registry: RegistryService,
    private readonly onLoaded: (model: LoadedModel) => void = () => {},
  ) {}

  get(ref: VersionRef): LoadedModel | undefined {
    return this.loaded.get(versionKeyOf(ref));
  }

  failure(ref: VersionRef): string | undefined {
    return this.failures.get(versionKeyOf(ref));
  }

  /** Loads (once, however many callers ask at the same time) and warms up a version. */
  acquire(ref: VersionRef): Promise<LoadedModel> {
    const key = versionKeyOf(ref);
    const ready = this.loaded.get(key);
    if (ready) return Promise.resolve(ready);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(ref).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(ref: VersionRef): Promise<LoadedModel> {
    const key = versionKeyOf(ref);
    const row = this.registry.store.version(ref.model, ref.version);
    if (!row.sha256 || !row.inspection) {
      throw new ConflictError(`Version ${ref.version} of ${ref.model} has no ONNX model to serve (source ${row.source}).`, undefined, 'RESOURCE_CONFLICT');
    }
    const scan = JSON.parse(row.inspection) as ModelScan;
    const started = performance.now();
    try {
      const session = await ort.InferenceSession.create(this.registry.workspace.artifacts.objectPath(row.sha256), {
        executionProviders: ['cpu'],
        // One thread per session: stable, candidate and shadow must not oversubscribe the cores (reference §8).
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
      });
      await session.run(warmUpFeeds(scan.inputs));
      const model: LoadedModel = { key, model: ref.model, version: ref.version, sha256: row.sha256, scan, session, loadMs: performance.now() - started, inFlight: 0 };
      this.loaded.set(key, model);
      this.failures.delete(key);
      this.onLoaded(model);
      return model;
    } catch (error) {
      const message = `onnxruntime could not load ${ref.model} version ${ref.version}: ${(error as Error).message}`;
      this.failures.set(key, message);
      throw new ConflictError(message, { model: ref.model, version: ref.version }, 'RESOURCE_CONFLICT');
    }
  }

  /** Releases every session not in `keep`, each once its in-flight requests have finished. */
  retainOnly(keep: Set<string>): void {
    for (const [key, model] of this.loaded) {
      if (keep.has(key)) continue;
      this.loaded.delete(key);
      void drainAndRelease(model);
    }
  }

  async close(): Promise<void> {
    const models = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(models.map(drainAndRelease));
  }
}

async function drainAndRelease(model: LoadedModel): Promise<void> {
  while (model.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await model.session.release();
}

/** One row of zeros / empty strings, shaped like each input, to run the graph once before serving. */
function warmUpFeeds(inputs: TensorDescription[]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of inputs) {
    const dims = (input.shape.length === 0 ? [1] : input.shape).map((dimension) => (typeof dimension === 'number' && dimension > 0 ? dimension : 1));
    const size = dims.reduce((product, dimension) => product * dimension, 1);
    switch (input.type) {
      case 'string':
        feeds[input.name] = new ort.Tensor('string', new Array<string>(size).fill(''), dims);
        break;
      case 'int64':
        feeds[input.name] = new ort.Tensor('int64', new BigInt64Array(size), dims);
        break;
      case 'int32':
        feeds[input.name] = new ort.Tensor('int32', new Int32Array(size), dims);
        break;
      case 'double':
        feeds[input.name] = new ort.Tensor('float64', new Float64Array(size), dims);
        break;
      case 'bool':
        feeds[input.name] = new ort.Tensor('bool', new Uint8Array(size), dims);
        break;
      case 'uint8':
        feeds[input.name] = new ort.Tensor('uint8', new Uint8Array(size), dims);
        break;
      default:
        feeds[input.name] = new ort.Tensor('float32', new Float32Array(size), dims);
    }
  }
  return feeds;
}
