// `npm run bench -- <name> [args…]` runs bench/<name>/index.ts from the TypeScript sources (tsx),
// so a benchmark needs no build step; `npm run bench` alone lists what there is to run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDirectory = path.join(root, 'bench');

/** Every folder of bench/ with an index.ts is a benchmark; its first comment line describes it. */
function availableBenchmarks() {
  if (!existsSync(benchDirectory)) return [];
  return readdirSync(benchDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(benchDirectory, entry.name, 'index.ts')))
    .map((entry) => {
      const firstLine = readFileSync(path.join(benchDirectory, entry.name, 'index.ts'), 'utf8').split('\n', 1)[0];
      return { name: entry.name, description: firstLine.startsWith('//') ? firstLine.replace(/^\/\/\s*/, '') : '' };
    })
    .sort((left, right) => left.name.localeCompare(right.name));
}

function printList(stream, benchmarks) {
  stream.write('Usage: npm run bench -- <name> [options]   (e.g. npm run bench -- tracking --quick)\n\nBenchmarks:\n');
  const width = Math.max(0, ...benchmarks.map((benchmark) => benchmark.name.length));
  for (const benchmark of benchmarks) stream.write(`  ${benchmark.name.padEnd(width)}  ${benchmark.description}\n`);
  if (benchmarks.length === 0) stream.write('  (none: bench/ has no <name>/index.ts)\n');
}

const [name, ...rest] = process.argv.slice(2);
const benchmarks = availableBenchmarks();

if (!name || name === '--help' || name === '-h') {
  printList(process.stdout, benchmarks);
  process.exit(0);
}
if (!benchmarks.some((benchmark) => benchmark.name === name)) {
  process.stderr.write(`bench: no benchmark named '${name}'.\n\n`);
  printList(process.stderr, benchmarks);
  process.exit(2);
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDirectory, name, 'index.ts'), ...rest], { cwd: root, stdio: 'inherit' });
// A signal sent to this launcher alone (not the terminal's process group) must still reach the
// benchmark, which owns the core process and the browser it started.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 143);
});
