import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { UserTokens } from '../workspace/user-tokens.js';
import type { Workspace } from '../workspace/workspace.js';
import { datasetRoutes } from '../datasets/dataset-routes.js';
import { featureRoutes } from '../features/feature-routes.js';
import { FeatureService } from '../features/feature-service.js';
import { JobManager } from '../jobs/job-manager.js';
import { syncRoutes } from '../sync/sync-routes.js';
import { validationRoutes } from '../validation/validation-routes.js';
import { ValidationService } from '../validation/validation-service.js';
import { driftRoutes } from '../monitoring/drift-routes.js';
import { startMonitoring } from '../monitoring/monitors/start-monitoring.js';
import { mlflowRegistryRoutes } from '../registry/mlflow-registry-routes.js';
import { RegistryService } from '../registry/registry-service.js';
import { registryRoutes } from '../registry/registry-routes.js';
import { ReviewService } from '../registry/review-service.js';
import { startServing, type ServingRuntime } from '../serving/serving-runtime.js';
import { jobRoutes } from '../jobs/job-routes.js';
import { TrainService } from '../training/train-service.js';
import { trainRoutes } from '../training/train-routes.js';
import { apiTrackingRoutes } from '../tracking/api-routes.js';
import { mlflowArtifactRoutes } from '../tracking/artifact-routes.js';
import { mlflowTrackingRoutes } from '../tracking/mlflow-routes.js';
import { TrackingService } from '../tracking/service.js';
import type { InfoResponse } from './contract.js';
import { Router } from './router.js';
import { createCoreServer } from './server.js';
import { version } from './version.js';


export interface CoreOptions {
  workspace: Workspace;
  host?: string;
  port?: number;
  /** The inference listener's port; default 5000, or any free port when 5000 is taken. */
  inferencePort?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface RunningCore {
  url: string;
  token: string;
  tracking: TrackingService;
  training: TrainService;
  registry: RegistryService;
  serving: ServingRuntime;
  close(): Promise<void>;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

/** The built renderer, next to the bundle (dist/core → dist/renderer) or from a source checkout. */
function rendererDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.join(here, '../renderer'), path.join(here, '../../dist/renderer')].find((candidate) => existsSync(path.join(candidate, 'index.html')));
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export async function startCore(options: CoreOptions): Promise<RunningCore> {
  const host = options.host ?? '127.0.0.1';
  if (!loopbackHosts.has(host) && !options.token) {
    throw new StartupError(`Refusing to bind ${host} without a token: pass --token or MLWB_TOKEN when serving beyond this machine.`);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tracking = new TrackingService(options.workspace);
  const jobs = new JobManager();
  const training = new TrainService(tracking, jobs);
  const registry = new RegistryService(tracking);
  const reviews = new ReviewService(registry);
  const userTokens = new UserTokens(options.workspace.db);
  const router = new Router();
  const publicRoute = { flavour: 'api' as const, public: true };
  router.addAll([
    { method: 'GET', path: '/healthz', ...publicRoute, handler: () => ({ status: 'ok' }) },
    { method: 'GET', path: '/readyz', ...publicRoute, handler: () => ({ status: 'ready' }) },
    { method: 'GET', path: '/health', ...publicRoute, handler: () => ({ status: 'ok' }) },
    {
      method: 'GET',
      path: '/api/info',
      flavour: 'api',
      handler: (context): InfoResponse => ({ version, user: context.user, workspace: options.workspace.paths.root, capabilities: ['tracking', 'datasets', 'training', 'registry', 'governance', 'serving', 'features', 'drift', 'monitoring', 'validation'] }),
    },
    ...mlflowTrackingRoutes(tracking),
    ...mlflowArtifactRoutes(tracking),
    ...apiTrackingRoutes(tracking),
    ...datasetRoutes(options.workspace),
    ...jobRoutes(jobs),
    ...trainRoutes(training),
    ...driftRoutes(options.workspace, jobs),
    ...mlflowRegistryRoutes(registry),
    ...registryRoutes(registry, reviews, jobs),
    ...featureRoutes(new FeatureService(options.workspace), jobs),
    ...validationRoutes(new ValidationService(options.workspace)),
    ...syncRoutes(registry, jobs),
  ]);
  const server = createCoreServer({ router, token, user: options.workspace.user, userForToken: (offered) => userTokens.userFor(offered), rendererDir: rendererDir(), log: options.log });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`Port ${options.port} on ${host} is already in use (another ML Workbench?). Choose another with --port, or --port 0 for any free port.`));
      else if (error.code === 'EACCES') reject(new StartupError(`Not allowed to listen on ${host}:${options.port}. Choose a port above 1024 with --port.`));
      else reject(error);
    });
    server.listen(options.port ?? 5400, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let serving: ServingRuntime;
  try {
    serving = await startServing({
      registry,
      host,
      port: options.inferencePort,
      // Beyond this machine every inference request needs a key: the server's token or a user's.
      authorize: loopbackHosts.has(host) ? undefined : (key) => key === token || (key !== undefined && userTokens.userFor(key) !== undefined),
      version,
      log: options.log,
    });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`Inference port ${options.inferencePort} on ${host} is already in use. Choose another with --inference-port, or 0 for any free port.`);
    throw error;
  }
  router.addAll(serving.routes);
  const monitoring = startMonitoring({ registry, serving, training, baseUrl: url, log: options.log });
  router.addAll(monitoring.routes);
  const serverInfo = options.workspace.paths.serverInfo;
  await writeFile(serverInfo, JSON.stringify({ url, token, inference_url: serving.url, pid: process.pid, user: options.workspace.user, started: new Date().toISOString() }, null, 2), { mode: 0o600 });
  await chmod(serverInfo, 0o600);

  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    tracking,
    training,
    registry,
    serving,
    close: () =>
      (closing ??= (async () => {
        // Stop accepting, cancel running jobs (their runs end KILLED), let in-flight requests
        // finish (bounded), then release the workspace.
        jobs.cancelAll();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), 5000);
        await closed;
        clearTimeout(timer);
        await monitoring.close();
        await serving.close();
        await rm(serverInfo, { force: true });
      })()),
  };
}
