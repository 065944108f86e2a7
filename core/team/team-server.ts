// `mlwb serve --team-registry`: ML Workbench as a team's shared model registry. Colleagues push
// approved versions to it and pull them from it with the sync client (core/sync); the contract is
// core/api/team-contract.ts, plus the MLflow model-registry reads (GET only) so MLflow clients can
// look models up. Nothing else of the workbench runs here: no tracking, training, serving or UI.
//
// Deployment: it binds 127.0.0.1 by default, like the core; binding another address needs a token
// (refused otherwise). It speaks plain HTTP: put TLS termination in a reverse proxy in front of it
// (Caddy, nginx) when colleagues reach it over a network. Every person gets a token of their own
// (`mlwb users add NAME --role publisher`, or POST /api/team/v1/users as an admin); only the
// tokens' sha256 are stored, and the role bound to a token's user decides what it may do.
import { randomBytes } from 'node:crypto';
import { chmod, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { StartupError } from '../api/app.js';
import { Router } from '../api/router.js';
import { createCoreServer } from '../api/server.js';
import { mlflowRegistryRoutes } from '../registry/mlflow-registry-routes.js';
import { RegistryService } from '../registry/registry-service.js';
import { TrackingService } from '../tracking/service.js';
import { UserTokens } from '../workspace/user-tokens.js';
import type { Workspace } from '../workspace/workspace.js';
import { teamRoutes } from './team-routes.js';
import { TeamUploads } from './team-uploads.js';

export const defaultTeamPort = 5410;
/** Staged bytes of an upload left untouched this long are dropped when the server starts. */
export const abandonedUploadMs = 7 * 24 * 60 * 60 * 1000;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export interface TeamRegistryOptions {
  workspace: Workspace;
  host?: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface RunningTeamRegistry {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startTeamRegistry(options: TeamRegistryOptions): Promise<RunningTeamRegistry> {
  const host = options.host ?? '127.0.0.1';
  if (!loopbackHosts.has(host) && !options.token) {
    throw new StartupError(`Refusing to bind ${host} without a token: pass --token or MLWB_TOKEN when serving beyond this machine.`);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const port = options.port ?? defaultTeamPort;
  const registry = new RegistryService(new TrackingService(options.workspace));
  const dropped = await new TeamUploads(options.workspace).forgetStale(abandonedUploadMs);
  if (dropped.length > 0) options.log?.(`${new Date().toISOString()} team registry: dropped ${dropped.length} upload(s) abandoned for over 7 days`);
  const userTokens = new UserTokens(options.workspace.db);
  let url = '';
  const router = new Router();
  const publicRoute = { flavour: 'api' as const, public: true };
  router.addAll([
    { method: 'GET', path: '/healthz', ...publicRoute, handler: () => ({ status: 'ok' }) },
    { method: 'GET', path: '/health', ...publicRoute, handler: () => ({ status: 'ok' }) },
    ...teamRoutes({ registry, url: () => url }),
    // Every token holder is at least a reader, and reads are all MLflow clients get here.
    ...mlflowRegistryRoutes(registry).filter((route) => route.method === 'GET'),
  ]);
  const server = createCoreServer({ router, token, user: options.workspace.user, userForToken: (offered) => userTokens.userFor(offered), log: options.log });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`Port ${port} on ${host} is already in use (another ML Workbench?). Choose another with --port, or --port 0 for any free port.`));
      else if (error.code === 'EACCES') reject(new StartupError(`Not allowed to listen on ${host}:${port}. Choose a port above 1024 with --port.`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const serverInfo = options.workspace.paths.serverInfo;
  await writeFile(serverInfo, JSON.stringify({ url, token, pid: process.pid, user: options.workspace.user, mode: 'team-registry', started: new Date().toISOString() }, null, 2), { mode: 0o600 });
  await chmod(serverInfo, 0o600);

  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    close: () =>
      (closing ??= (async () => {
        // Stop accepting, let in-flight requests finish (bounded), then forget server.json.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), 5000);
        await closed;
        clearTimeout(timer);
        await rm(serverInfo, { force: true });
      })()),
  };
}
