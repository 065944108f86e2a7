// Starts a real core process on loopback for API tests: the same `mlwb serve` users run,
// from the TypeScript sources through tsx so tests need no build.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const coreEntry = path.join(repositoryRoot, 'core/main.ts');

export interface CoreProcess {
  url: string;
  token: string;
  workspace: string;
  child: ChildProcess;
  output(): string;
  /** fetch with the bearer token and a JSON body. */
  call(method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  dispose(): Promise<void>;
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', coreEntry, ...args], { env: { ...process.env, ...env }, cwd: repositoryRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function startCoreProcess(options: { workspace?: string; token?: string; args?: string[] } = {}): Promise<CoreProcess> {
  const workspace = options.workspace ?? (await mkdtemp(path.join(os.tmpdir(), 'mlwb-test-')));
  const token = options.token ?? 'test-token';
  const child = spawn(process.execPath, ['--import', 'tsx', coreEntry, 'serve', '--workspace', workspace, '--port', '0', '--inference-port', '0', '--token', token, '--no-sample', ...(options.args ?? [])], {
    cwd: repositoryRoot,
    env: { ...process.env, MLWB_USER: 'tester' },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`core did not start in 20 s:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`core exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    token,
    workspace,
    child,
    output: () => output,
    async call(method, route, body, headers = {}) {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text };
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
    async dispose() {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      if (!options.workspace) await rm(workspace, { recursive: true, force: true });
    },
  };
}
