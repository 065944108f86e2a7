import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startCore } from '../api/app.js';
import { defaultTeamPort, startTeamRegistry } from '../team/team-server.js';
import type { Workspace } from '../workspace/workspace.js';
import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace } from '../workspace/workspace.js';
import { seedSampleProject } from '../workspace/sample-project.js';
import { parseCommand } from './args.js';
import { UsageError } from './output.js';

const usage = `mlwb serve [--workspace DIR] [--port N] [--inference-port N] [--host H] [--token T] [--user NAME] [--no-sample] [--log-requests]
  mlwb serve --team-registry [--workspace DIR] [--port N (default ${defaultTeamPort})] [--host H] [--token T] [--user NAME] [--log-requests]`;

function parsePort(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--${flag} must be a port number between 0 and 65535, got '${text}'. Usage: ${usage}`);
  return port;
}

export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parseCommand(argv, {
    port: { type: 'string' },
    'inference-port': { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'no-sample': { type: 'boolean', default: false },
    'log-requests': { type: 'boolean', default: false },
    'team-registry': { type: 'boolean', default: false },
  });
  if (values['team-registry']) {
    if (values['inference-port'] !== undefined) throw new UsageError(`--inference-port does not apply to a team registry (it serves no models). Usage: ${usage}`);
    return serveTeamRegistry({ ...values, port: parsePort(values.port, defaultTeamPort, 'port') });
  }
  const port = parsePort(values.port ?? process.env.MLWB_PORT, 5400, 'port');
  const inferenceText = values['inference-port'] ?? process.env.MLWB_INFERENCE_PORT;
  const inferencePort = inferenceText === undefined ? undefined : parsePort(inferenceText, 0, 'inference-port');
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  const { requestLog, log } = await openRequestLog(workspace, values['log-requests']);

  let core;
  try {
    core = await startCore({ workspace, host: values.host, port, inferencePort, token: values.token ?? process.env.MLWB_TOKEN, log });
    // Seeded after the listener is up: the sample models train as jobs while the UI loads.
    if (!values['no-sample'] && process.env.MLWB_NO_SAMPLE !== '1') await seedSampleProject(core.tracking, core.training);
  } catch (error) {
    await core?.close();
    await workspace.close();
    requestLog.end();
    throw error;
  }
  process.stdout.write(`ML Workbench core listening on ${core.url}\n`);
  process.stdout.write(`  workspace: ${workspace.paths.root}\n  user: ${workspace.user}\n  open: ${core.url}/#token=${core.token}\n`);
  process.stdout.write(`  MLflow clients: MLFLOW_TRACKING_URI=${core.url} MLFLOW_TRACKING_TOKEN=<token in ${workspace.paths.serverInfo}>\n`);
  process.stdout.write(`  inference: ${core.serving.url} (deployments: /deployments/NAME/predict, /invocations, /v2/models/NAME/infer, /metrics)\n`);

  await untilStopped();
  await core.close();
  await workspace.close();
  await new Promise((resolve) => requestLog.end(resolve));
  process.stdout.write('Stopped.\n');
}

async function openRequestLog(workspace: Workspace, echo: boolean) {
  const logDirectory = path.join(workspace.paths.root, 'logs');
  await mkdir(logDirectory, { recursive: true });
  const requestLog = createWriteStream(path.join(logDirectory, 'requests.log'), { flags: 'a' });
  const log = (line: string) => {
    requestLog.write(`${line}\n`);
    if (echo) process.stderr.write(`${line}\n`);
  };
  return { requestLog, log };
}

function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`Received ${signal}; shutting down…\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** `mlwb serve --team-registry`: only the team registry's routes (core/team/team-server.ts). */
async function serveTeamRegistry(values: { workspace?: string; user?: string; host?: string; token?: string; port: number; 'log-requests': boolean }): Promise<void> {
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  const { requestLog, log } = await openRequestLog(workspace, values['log-requests']);
  let registry;
  try {
    registry = await startTeamRegistry({ workspace, host: values.host, port: values.port, token: values.token ?? process.env.MLWB_TOKEN, log });
  } catch (error) {
    await workspace.close();
    requestLog.end();
    throw error;
  }
  process.stdout.write(`ML Workbench team registry listening on ${registry.url}\n`);
  process.stdout.write(`  workspace: ${workspace.paths.root}\n  user: ${workspace.user} (admin; token in ${workspace.paths.serverInfo})\n`);
  process.stdout.write(`  add a colleague: mlwb users add NAME --role reader|publisher|approver|admin --workspace ${workspace.paths.root}\n`);
  process.stdout.write(`  TLS: put a reverse proxy (Caddy, nginx) in front when serving beyond this machine.\n`);
  await untilStopped();
  await registry.close();
  await workspace.close();
  await new Promise((resolve) => requestLog.end(resolve));
  process.stdout.write('Stopped.\n');
}
