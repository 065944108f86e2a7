// Decisions behind `npm start`, kept free of side effects so they can be tested. Electron is
// detected on disk only: require('electron') would try to download its binary (TOOLCHAIN trap 1).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** @typedef {'electron' | 'web'} StartMode */

/**
 * The desktop app needs both its binary and a screen; a headless server with Electron installed
 * still gets web mode.
 * @returns {StartMode}
 */
export function startMode(root, platform, env, exists = existsSync) {
  const electronInstalled = exists(path.join(root, 'node_modules', 'electron', 'dist'));
  return electronInstalled && hasDisplay(platform, env) ? 'electron' : 'web';
}

/** Build outputs the mode runs; any missing one means `npm run build` must run first. */
export function missingBuildOutputs(root, mode, exists = existsSync) {
  const outputs = ['dist/core/main.js', 'dist/renderer/index.html'];
  if (mode === 'electron') outputs.push('dist/electron/main.cjs', 'dist/electron/preload.cjs');
  return outputs.filter((output) => !exists(path.join(root, output)));
}

/** Linux and the BSDs can run without any display (servers, containers, SSH sessions). */
export function hasDisplay(platform, env) {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** @returns {{ command: string, args: string[], windowsVerbatimArguments?: boolean }} */
export function browserCommand(platform, url) {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty "".
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`], windowsVerbatimArguments: true };
  return { command: 'xdg-open', args: [url] };
}

/** The core's base URL from its stdout line, or null for any other line. */
export function parseListeningUrl(line) {
  const match = /ML Workbench core listening on (https?:\/\/\S+)/.exec(line);
  if (!match) return null;
  try {
    return new URL(match[1]).origin;
  } catch {
    return null;
  }
}

/**
 * The token the core will use: one given as `--token` or MLWB_TOKEN is kept; otherwise one is
 * generated and handed over through MLWB_TOKEN (not argv, which any local user can read), so
 * the launcher knows it and can put it in the URL it prints.
 * @returns {{ token: string, env: Record<string, string | undefined> }}
 */
export function resolveToken(args, env, generate = () => randomBytes(32).toString('base64url')) {
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '--token' && args[index + 1]) return { token: args[index + 1], env };
    if (args[index].startsWith('--token=')) return { token: args[index].slice('--token='.length), env };
  }
  if (env.MLWB_TOKEN) return { token: env.MLWB_TOKEN, env };
  const token = generate();
  return { token, env: { ...env, MLWB_TOKEN: token } };
}

/** The renderer reads the token from the hash, which browsers never send to the server. */
export function browserUrl(coreUrl, token) {
  return `${new URL(coreUrl).origin}/#token=${encodeURIComponent(token)}`;
}

/** Electron's own launcher script, run with Node, so no shell or .cmd shim is needed on Windows. */
export function electronCommand(root, nodePath, args) {
  return { command: nodePath, args: [path.join(root, 'node_modules', 'electron', 'cli.js'), root, ...args] };
}

/** Exit status a shell would report for a child that ended with `code` or `signal`. */
export function exitStatus(code, signal, signalNumbers) {
  if (code !== null) return code;
  return signal && signalNumbers[signal] ? 128 + signalNumbers[signal] : 1;
}
