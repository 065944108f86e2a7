import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * How to start a worker entry: the bundled file next to core's bundle in production
 * (dist/core/<name>.js), or the TypeScript source through a tsx bootstrap when core runs from
 * sources (tests, `tsx core/main.ts`), since worker threads do not inherit the parent's loader.
 */
export function workerEntry(bundleName: string, sourcePath: URL): { file: string; options: WorkerOptions } {
  const bundled = fileURLToPath(new URL(`./${bundleName}.js`, import.meta.url));
  if (import.meta.url.endsWith('.js') && existsSync(bundled)) return { file: bundled, options: {} };
  return { file: fileURLToPath(new URL('./source-worker.mjs', import.meta.url)), options: { argv: [fileURLToPath(sourcePath)] } };
}
