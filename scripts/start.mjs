// `npm start [-- args]`: the desktop app where an Electron binary is installed, otherwise the core
// in web mode with the UI opened in the system browser. Arguments go to the app / core unchanged.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  browserCommand,
  browserUrl,
  electronCommand,
  exitStatus,
  hasDisplay,
  missingBuildOutputs,
  parseListeningUrl,
  resolveToken,
  startMode,
} from './start-mode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const mode = startMode(root, process.platform, process.env);

const missing = missingBuildOutputs(root, mode);
if (missing.length > 0) {
  console.log(`start: ${missing.join(', ')} missing; running npm run build first`);
  build();
}

if (mode === 'electron') startElectron();
else startWeb();

function build() {
  // Under `npm start`, npm_execpath is npm's own CLI script: running it with this Node avoids
  // depending on how npm is installed on PATH (npm.cmd on Windows).
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) console.error(`start: could not run npm: ${result.error.message}`);
  if (result.status !== 0) {
    console.error('start: the build failed; see the errors above');
    process.exit(result.status ?? 1);
  }
}

function startElectron() {
  const { command, args: electronArgs } = electronCommand(root, process.execPath, args);
  // MLWB_NODE: the app runs its core on this Node, since node_modules is built for Node's ABI.
  const env = { ...process.env, MLWB_NODE: process.execPath };
  // Inherited from a parent shell, this would make Electron run main.cjs as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  runChild(command, electronArgs, env, 'inherit');
}

function startWeb() {
  const { token, env } = resolveToken(args, process.env);
  const child = runChild(process.execPath, [path.join(root, 'dist', 'core', 'main.js'), 'serve', ...args], env, 'pipe');
  let announced = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    // The banner below already shows the URL with the token; the core's own copy would repeat it.
    if (!/^\s+open: /.test(line)) console.log(line);
    const coreUrl = announced ? null : parseListeningUrl(line);
    if (!coreUrl) return;
    announced = true;
    const url = browserUrl(coreUrl, token);
    console.log(`\nML Workbench is running. Open it at:\n\n  ${url}\n`);
    if (hasDisplay(process.platform, process.env)) openBrowser(url);
  });
}

/**
 * Runs the app / core in a process group of its own on POSIX so a terminal's Ctrl+C reaches it
 * once (forwarded from here) rather than twice, which could cut its shutdown short.
 */
function runChild(command, childArgs, env, stdout) {
  const child = spawn(command, childArgs, {
    cwd: root,
    env,
    stdio: ['ignore', stdout, 'inherit'],
    detached: process.platform !== 'win32',
  });
  const forward = (signal) => child.kill(signal);
  const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    console.error(`start: could not run ${command}: ${error.message}`);
    process.exit(1);
  });
  // 'close' rather than 'exit': the core's last log lines are still in the pipe at exit.
  child.on('close', (code, signal) => {
    process.exit(exitStatus(code, signal, os.constants.signals));
  });
  return child;
}

function openBrowser(url) {
  const { command, args: commandArgs, windowsVerbatimArguments } = browserCommand(process.platform, url);
  const hint = () => console.log(`start: could not open a browser (${command}); open the URL above yourself`);
  try {
    const opener = spawn(command, commandArgs, { stdio: 'ignore', detached: true, windowsVerbatimArguments });
    opener.on('error', hint);
    opener.unref();
  } catch {
    hint();
  }
}
