#!/usr/bin/env node
// The `mlwb` command: runs the bundled core (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/core/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('mlwb: the core is not built yet; run `npm run build` in the ML Workbench folder.\n');
  process.exit(1);
}
await import(entry);
