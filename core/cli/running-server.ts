// Commands whose state lives in the running server (deployments, monitors) talk to it over HTTP,
// found through the workspace's server.json. `mlwb serve` must be running.
import { readFile } from 'node:fs/promises';
import { resolveWorkspaceDir, workspacePaths } from '../workspace/paths.js';
import { CommandFailure, UsageError } from './output.js';

export interface ServerInfo {
  url: string;
  token: string;
  inference_url?: string;
}

export async function runningServer(workspace: string | undefined): Promise<ServerInfo> {
  const file = workspacePaths(resolveWorkspaceDir(workspace)).serverInfo;
  let info: ServerInfo;
  try {
    info = JSON.parse(await readFile(file, 'utf8')) as ServerInfo;
  } catch {
    throw new CommandFailure(`No running server for this workspace (no ${file}). Start one with: mlwb serve`);
  }
  try {
    await fetch(`${info.url}/healthz`);
  } catch {
    throw new CommandFailure(`The server in ${file} (${info.url}) does not answer. Start one with: mlwb serve`);
  }
  return info;
}

/** A 4xx other than 409 is bad input (exit 2); a conflict or a 5xx is a failure (exit 1). */
export async function callServer<Result>(server: ServerInfo, method: string, path: string, body?: unknown): Promise<Result> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json()) as Result & { error?: { message?: string } };
  if (!response.ok) {
    const message = parsed.error?.message ?? `HTTP ${response.status}`;
    throw response.status < 500 && response.status !== 409 ? new UsageError(message) : new CommandFailure(message);
  }
  return parsed;
}
