// A real `mlwb serve` with the sample project (bench/support/core-process.ts always passes
// --no-sample), set up as the issue's rollout scenario: the sample GBDT run as churn v1 (stable),
// the logistic regression as v2 (candidate at 10 %, sticky on customer_id), prediction log on.
// It runs the built bundle, as `mlwb serve` and `npm start` do: under tsx's loader the same
// requests cost the main thread about a fifth more, which is not what users get.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from '../support/core-process.js';

const coreEntry = path.join(repositoryRoot, 'dist/core/main.js');
const startupTimeoutMs = 60_000;
const trainingTimeoutMs = 240_000;
const stopTimeoutMs = 15_000;
const keptOutputChars = 20_000;

export interface ServingCore {
  url: string;
  inferenceUrl: string;
  token: string;
  workspace: string;
  pid: number;
  output(): string;
  /** JSON in, JSON out, on the `/api` port with the bearer token; throws on non-2xx. */
  request<Result = any>(method: 'GET' | 'POST' | 'PATCH', route: string, body?: unknown): Promise<Result>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startSampleCore(options: { workspace: string; token: string; nodeFlags?: string[] }): Promise<ServingCore> {
  // Rebuilt every time (a second or two): a stale bundle would measure old code.
  execFileSync(process.execPath, [path.join(repositoryRoot, 'scripts/build.mjs'), 'core'], { cwd: repositoryRoot, stdio: 'inherit' });
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), coreEntry, 'serve', '--workspace', options.workspace, '--port', '0', '--inference-port', '0', '--token', options.token],
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
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-keptOutputChars));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const [url, inferenceUrl] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`core did not start within ${startupTimeoutMs / 1000} s:\n${output}`));
    }, startupTimeoutMs);
    child.stdout!.on('data', () => {
      const api = /listening on (http:\/\/\S+)/.exec(output);
      const inference = /inference: (http:\/\/\S+)/.exec(output);
      if (api && inference) {
        clearTimeout(timer);
        resolve([api[1], inference[1]]);
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
    inferenceUrl,
    token: options.token,
    workspace: options.workspace,
    pid: child.pid!,
    output: () => output,
    async request(method, route, body) {
      const headers: Record<string, string> = { Authorization: authorization };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(`${url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
      return JSON.parse(text);
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

interface Job {
  title: string;
  status: string;
  run_id: string | null;
  error: string | null;
}

/** Waits for the sample's training jobs (lr, gbdt, rf, mlp) and returns run ids by model kind. */
export async function sampleRuns(core: ServingCore, note: (message: string) => void): Promise<Map<string, string>> {
  const deadline = Date.now() + trainingTimeoutMs;
  let lastNote = 0;
  for (;;) {
    const { jobs } = await core.request<{ jobs: Job[] }>('GET', '/api/jobs');
    const training = jobs.filter((job) => /^Train \w+ on churn/.test(job.title));
    const failed = training.find((job) => job.status === 'failed' || job.status === 'cancelled');
    if (failed) throw new Error(`sample job '${failed.title}' ${failed.status}: ${failed.error}`);
    const kinds = new Map(training.filter((job) => job.status === 'succeeded' && job.run_id).map((job) => [/^Train (\w+)/.exec(job.title)![1], job.run_id!]));
    if (kinds.has('gbdt') && kinds.has('lr') && training.every((job) => job.status === 'succeeded')) return kinds;
    if (Date.now() > deadline) throw new Error(`the sample did not finish training within ${trainingTimeoutMs / 1000} s: ${training.map((job) => `${job.title}: ${job.status}`).join('; ')}`);
    if (Date.now() - lastNote > 10_000) {
      note(`waiting for the sample's training jobs (${training.filter((job) => job.status === 'succeeded').length}/${training.length} done)`);
      lastNote = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** churn v1 = GBDT (stable), v2 = LR (candidate at `percent`, sticky on customer_id). */
export async function deployRollout(core: ServingCore, runs: Map<string, string>, percent: number): Promise<void> {
  await core.request('POST', '/api/models/register', { name: 'churn', run_id: runs.get('gbdt') });
  await core.request('POST', '/api/models/register', { name: 'churn', run_id: runs.get('lr') });
  await core.request('POST', '/api/deployments', { name: 'churn', model: 'churn', version: 1 });
  await core.request('POST', '/api/deployments/churn/rollout', { model: 'churn', version: 2, percent, sticky_key: 'customer_id' });
}
