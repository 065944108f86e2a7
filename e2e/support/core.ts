// Starts the built core (dist/core/main.js, the production path that also serves dist/renderer)
// on a fresh workspace, and seeds it through the MLflow REST API as a client would; starts a team
// registry (`serve --team-registry`) from the same build.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface E2eCore {
  url: string;
  token: string;
  workspace: string;
  call(method: string, route: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

/** Spawns the built CLI and waits for the line that prints its URL. */
async function spawnListening(args: string[], env: NodeJS.ProcessEnv, what: string): Promise<{ child: ChildProcess; url: string }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist/core/main.js'), ...args], { cwd: root, env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

async function callJson(url: string, token: string, method: string, route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await response.json();
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

async function stopAndClean(child: ChildProcess, workspace: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(workspace, { recursive: true, force: true });
}

export async function startBuiltCore(options: { sample?: boolean } = {}): Promise<E2eCore> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'mlwb-e2e-'));
  const token = 'e2e-token';
  const args = ['serve', '--workspace', workspace, '--port', '0', '--inference-port', '0', '--token', token, ...(options.sample ? [] : ['--no-sample'])];
  const { child, url } = await spawnListening(args, { MLWB_USER: 'e2e-user' }, 'core');
  return {
    url,
    token,
    workspace,
    call: (method, route, body) => callJson(url, token, method, route, body),
    stop: () => stopAndClean(child, workspace),
  };
}

export interface E2eTeamRegistry {
  url: string;
  /** The server's own token: the admin role. */
  adminToken: string;
  /** Calls the registry with the admin token, or with another user's. */
  call(method: string, route: string, body?: unknown, token?: string): Promise<any>;
  /** Creates (or re-roles) a user and returns a new token of theirs. */
  addUser(user: string, role: 'reader' | 'publisher' | 'approver' | 'admin'): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `mlwb serve --team-registry` from the build on a fresh workspace. */
export async function startTeamRegistry(adminToken: string): Promise<E2eTeamRegistry> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'mlwb-e2e-team-'));
  const args = ['serve', '--team-registry', '--workspace', workspace, '--port', '0', '--token', adminToken];
  const { child, url } = await spawnListening(args, { MLWB_USER: 'registry-admin' }, 'team registry');
  const call = (method: string, route: string, body?: unknown, token = adminToken) => callJson(url, token, method, route, body);
  return {
    url,
    adminToken,
    call,
    async addUser(user, role) {
      const { token } = await call('POST', '/api/team/v1/users', { user, role });
      return token as string;
    },
    stop: () => stopAndClean(child, workspace),
  };
}

/** Seeds an experiment of runs with params, tags and metric histories, through MLflow's REST API. */
export async function seedRuns(core: E2eCore, experimentName: string, count: number): Promise<{ experimentId: string; runIds: string[] }> {
  const { experiment_id: experimentId } = await core.call('POST', '/api/2.0/mlflow/experiments/create', { name: experimentName });
  const runIds: string[] = [];
  for (let index = 0; index < count; index++) {
    const { run } = await core.call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId, run_name: `trial-${index}`, start_time: 1_700_000_000_000 + index * 1000 });
    const runId = run.info.run_id as string;
    runIds.push(runId);
    const learningRate = [0.001, 0.01, 0.1][index % 3];
    const metrics = Array.from({ length: 50 }, (_, step) => ({ key: 'loss', value: Math.exp(-step * learningRate * 10) + index * 0.01, timestamp: 1_700_000_000_000 + step, step }));
    metrics.push({ key: 'accuracy', value: 0.7 + index * 0.02, timestamp: 1_700_000_000_100, step: 50 });
    await core.call('POST', '/api/2.0/mlflow/runs/log-batch', {
      run_id: runId,
      metrics,
      params: [
        { key: 'learning_rate', value: String(learningRate) },
        { key: 'model', value: index % 2 === 0 ? 'logistic' : 'gbdt' },
      ],
      tags: [{ key: 'team', value: 'growth' }],
    });
    await core.call('POST', '/api/2.0/mlflow/runs/update', { run_id: runId, status: 'FINISHED', end_time: 1_700_000_000_000 + index * 1000 + 500 });
  }
  return { experimentId, runIds };
}

/** Waits for the sample's four training jobs and returns its run ids by model kind (lr, gbdt, rf, mlp). */
export async function sampleRunIds(core: E2eCore): Promise<Record<string, string>> {
  for (;;) {
    const { jobs } = await core.call('GET', '/api/jobs');
    if (jobs.length >= 4 && jobs.every((job: { status: string }) => job.status !== 'running')) {
      const failed = jobs.filter((job: { status: string }) => job.status !== 'succeeded');
      if (failed.length > 0) throw new Error(`sample training failed: ${JSON.stringify(failed)}`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const { experiments } = await core.call('GET', '/api/experiments');
  const sample = experiments.find((experiment: { name: string }) => experiment.name === 'churn-sample');
  const { runs } = await core.call('POST', '/api/runs/search', { experiment_ids: [sample.experiment_id] });
  return Object.fromEntries(runs.map((run: { run_name: string; run_id: string }) => [run.run_name.replace('-churn', ''), run.run_id]));
}
