// Starts the real core service (`mlwb serve`) from the TypeScript sources on loopback, so a
// benchmark measures exactly what a user runs, over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const coreEntry = path.join(repositoryRoot, 'core/main.ts');
const startupTimeoutMs = 30_000;
const stopTimeoutMs = 15_000;
// Enough of the core's output to explain a crash without holding a whole request log.
const keptOutputChars = 20_000;

export interface CoreProcess {
  url: string;
  token: string;
  workspace: string;
  /** The core's pid, for profilers and for saying which process a figure came from. */
  pid: number;
  /** The last part of what the core wrote to stdout and stderr. */
  output(): string;
  /** JSON in, JSON out; a string body is sent as it is (pre-serialised batches). Throws on non-2xx. */
  request<Result = unknown>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Result>;
  /** SIGTERM and wait, so the core shuts down cleanly (and writes its CPU profile, if asked). */
  stop(): Promise<void>;
}

export interface CoreOptions {
  workspace: string;
  token: string;
  /** Extra Node flags for the core process, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeFlags?: string[];
}

const running = new Set<ChildProcess>();
// Whatever ends the benchmark, no core is left behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startCore(options: CoreOptions): Promise<CoreProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', coreEntry, 'serve', '--workspace', options.workspace, '--port', '0', '--inference-port', '0', '--token', options.token, '--no-sample'],
    { cwd: repositoryRoot, env: { ...process.env, MLWB_USER: 'bench' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-keptOutputChars);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`core did not start within ${startupTimeoutMs / 1000} s:\n${output}`));
    }, startupTimeoutMs);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`core exited (${signal ?? code}) before listening:\n${output}`));
    });
  });

  const authorization = `Bearer ${options.token}`;
  return {
    url,
    token: options.token,
    workspace: options.workspace,
    pid: child.pid!,
    output: () => output,
    async request<Result>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Result> {
      const headers: Record<string, string> = { Authorization: authorization };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(`${url}${route}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${route.split('?')[0]} answered ${response.status}: ${text.slice(0, 500)}`);
      return JSON.parse(text) as Result;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
