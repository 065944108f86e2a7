// Builds the three runtimes: core (Node, ESM bundle), electron (main + preload, CJS), renderer (Vite).
// Native and third-party packages stay external so node_modules keeps Node's ABI (ARCHITECTURE rule 7).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];

async function buildCore() {
  await build({
    entryPoints: {
      main: path.join(root, 'core/main.ts'),
      worker: path.join(root, 'core/workers/worker-entry.ts'),
      'train-worker': path.join(root, 'core/training/train-worker.ts'),
    },
    outdir: path.join(root, 'dist/core'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

async function buildElectron() {
  for (const [entry, out] of [
    ['electron/main/main.ts', 'dist/electron/main.cjs'],
    ['electron/preload/preload.ts', 'dist/electron/preload.cjs'],
  ]) {
    await build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, out),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['electron'],
      sourcemap: true,
      logLevel: 'warning',
    });
  }
}

async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

if (!existsSync(path.join(root, 'node_modules/esbuild'))) {
  console.error('build: dependencies are missing; run npm install first');
  process.exit(1);
}
if (!only || only === 'core') await buildCore();
if (!only || only === 'electron') await buildElectron();
if (!only || only === 'renderer') await buildRenderer();
