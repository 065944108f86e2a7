// Starts the core service as a child process and stops it again. No Electron import here: the
// runtime is passed in (see coreRuntime), so tests drive it with plain Node.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface CoreConnectionInfo {
  url: string;
  token: string;
}

export interface CoreStartOptions {
  /** The executable that runs the core: see coreRuntime. */
  runtimePath: string;
  /** dist/core/main.js */
  entryPath: string;
  workspace: string;
  token?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Receives every line the core prints, so its log stays visible in the terminal. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface CoreProcess extends CoreConnectionInfo {
  pid: number;
  workspace: string;
  /** Settles when the process has exited, whoever caused it. */
  readonly exited: Promise<CoreExit>;
  /** Output the core wrote to stderr most recently, for error dialogs. */
  recentErrors(): string;
  stop(graceMs?: number): Promise<CoreExit>;
}

export interface CoreExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class CoreStartError extends Error {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(message);
    this.name = 'CoreStartError';
  }
}

const listeningPattern = /ML Workbench core listening on (http:\/\/\S+)/;
const defaultTimeoutMs = 30_000;
const defaultGraceMs = 5_000;
const serverInfoPollMs = 100;
const stderrTailLines = 40;

/** The base URL announced by a core stdout line, or null when the line announces nothing. */
export function parseListeningLine(line: string): string | null {
  const match = listeningPattern.exec(line);
  return match ? httpOrigin(match[1]) : null;
}

/** Only the origin is kept, so paths or trailing slashes cannot skew the origin checks later. */
function httpOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The core URL recorded in server.json, but only when it belongs to this launch: a stale file
 * from an earlier run (or another instance) carries a different token.
 */
export function serverInfoUrl(contents: string, expectedToken: string): string | null {
  let info: unknown;
  try {
    info = JSON.parse(contents);
  } catch {
    return null;
  }
  if (typeof info !== 'object' || info === null) return null;
  const { url, token } = info as { url?: unknown; token?: unknown };
  if (token !== expectedToken || typeof url !== 'string') return null;
  return httpOrigin(url);
}

/**
 * The workspace the core would choose itself (mirrors core/workspace/paths.ts, which electron/
 * may not import at run time). Resolving it here lets the shell pass it explicitly and watch
 * its server.json.
 */
export function resolveWorkspace(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const explicit = flagValue(argv, '--workspace') ?? env.MLWB_HOME;
  if (explicit) return path.resolve(explicit);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ML Workbench');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ML Workbench');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'ml-workbench');
}

function flagValue(argv: readonly string[], flag: string): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === flag) return argv[index + 1];
    if (argument.startsWith(`${flag}=`)) return argument.slice(flag.length + 1);
  }
  return undefined;
}

/**
 * Which executable runs the core. A packaged app has no Node of its own, so Electron's binary
 * runs it in node mode, against modules rebuilt for Electron's ABI at packaging time. In
 * development node_modules is built for Node's ABI (ARCHITECTURE rule 7), so the core must run on
 * Node: the one `npm start` ran on (MLWB_NODE), else `node` from PATH.
 */
export function coreRuntime(isPackaged: boolean, execPath: string, env: NodeJS.ProcessEnv): string {
  if (isPackaged) return execPath;
  return env.MLWB_NODE || 'node';
}

function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function startCore(options: CoreStartOptions): Promise<CoreProcess> {
  const token = options.token ?? generateToken();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const serverInfoPath = path.join(options.workspace, 'server.json');
  const child = spawn(options.runtimePath, [options.entryPath, 'serve', '--workspace', options.workspace, '--port', '0'], {
    // ELECTRON_RUN_AS_NODE makes Electron's binary act as Node (Node itself ignores it). The
    // token travels in the environment rather than argv so other users cannot read it from the
    // process list; core honours MLWB_TOKEN like --token (ARCHITECTURE rule 2).
    env: { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1', MLWB_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });

  const stderrTail: string[] = [];
  const recentErrors = () => stderrTail.join('\n');
  const exited = new Promise<CoreExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A runtime that never launched emits 'error' and no 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: child.exitCode, signal: null });
    });
  });

  return new Promise<CoreProcess>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: { url: string } | { error: CoreStartError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poller);
      if ('error' in outcome) {
        reject(outcome.error);
        return;
      }
      resolve({
        url: outcome.url,
        token,
        pid: child.pid as number,
        workspace: options.workspace,
        exited,
        recentErrors,
        stop: (graceMs = defaultGraceMs) => stopChild(child, exited, graceMs),
      });
    };

    // Both streams are read for the whole life of the process: a full pipe would block the core.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      options.onOutput?.(line, 'stdout');
      const url = parseListeningLine(line);
      if (url) finish({ url });
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      options.onOutput?.(line, 'stderr');
      stderrTail.push(line);
      if (stderrTail.length > stderrTailLines) stderrTail.shift();
    });

    // server.json is the fallback signal when stdout is buffered or reworded.
    const poller = setInterval(() => {
      readFile(serverInfoPath, 'utf8').then(
        (contents) => {
          const url = serverInfoUrl(contents, token);
          if (url) finish({ url });
        },
        () => undefined, // not written yet
      );
    }, serverInfoPollMs);

    const timer = setTimeout(() => {
      finish({
        error: new CoreStartError(`The core service did not start within ${Math.round(timeoutMs / 1000)} s.`, recentErrors()),
      });
      void stopChild(child, exited, defaultGraceMs);
    }, timeoutMs);

    child.once('error', (error) => {
      finish({ error: new CoreStartError(`The core service could not be launched: ${error.message}`, recentErrors()) });
    });
    void exited.then(({ code, signal }) => {
      // Wait for the stderr reader to drain so the dialog shows why the core died.
      setImmediate(() =>
        finish({
          error: new CoreStartError(`The core service exited before it was ready (${describeExit({ code, signal })}).`, recentErrors()),
        }),
      );
    });
  });
}

export function describeExit({ code, signal }: CoreExit): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/** SIGTERM lets the core finish writes and close SQLite; SIGKILL only if it ignores that. */
async function stopChild(child: ChildProcess, exited: Promise<CoreExit>, graceMs: number): Promise<CoreExit> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
