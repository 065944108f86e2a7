// Everything serving needs, started with the core: the shared model sessions, deployments, the
// prediction log, metrics, and the inference listener on its own port. The core's /api routes
// for deployments come from here too.
import type { Route } from '../api/router.js';
import { FeatureService } from '../features/feature-service.js';
import type { RegistryService } from '../registry/registry-service.js';
import { deploymentRoutes } from './deployment-routes.js';
import { DeploymentService } from './deployment-service.js';
import { createInferenceDispatch } from './inference-handlers.js';
import { startInferenceListener } from './inference-server.js';
import { ModelPool } from './model-pool.js';
import { PredictionLog } from './prediction-log.js';
import { ServingMetrics } from './serving-metrics.js';
import { WorkerPool } from '../workers/pool.js';

export const defaultInferencePort = 5000;
const inferenceBodyLimit = 16 * 1024 * 1024;

export interface ServingRuntime {
  url: string;
  deployments: DeploymentService;
  log: PredictionLog;
  metrics: ServingMetrics;
  routes: Route[];
  close(): Promise<void>;
}

export interface ServingOptions {
  registry: RegistryService;
  host: string;
  /** Undefined: the default port, or any free one when the default is taken. */
  port?: number;
  /** For non-loopback binds: whether an offered API key is valid. */
  authorize?: (key: string | undefined) => boolean;
  version: string;
  log?: (line: string) => void;
}

export async function startServing(options: ServingOptions): Promise<ServingRuntime> {
  const metrics = new ServingMetrics();
  const pool = new ModelPool(options.registry, (model) => metrics.modelLoaded(model.model, model.version, model.loadMs / 1000));
  const deployments = new DeploymentService(options.registry, pool);
  // A thread of its own writes the prediction log: never queued behind training on the shared pool.
  const writerThread = new WorkerPool(1);
  const database = options.registry.workspace.paths.database;
  const retainRows = 1_000_000;
  const log = new PredictionLog(options.registry.db, {
    retainRows,
    // Small, frequent hand-overs: encoding a batch is main-thread work, and a short one never
    // holds a request up for long (this set the p99 at 1,000 requests/s).
    flushMs: 50,
    offThread: (rows) => writerThread.run('writePredictions', { database, rows, retainRows }),
    onError: (error) => options.log?.(`${new Date().toISOString()} prediction log: ${error.message}`),
  });
  // Deployments configured with `features` read the workspace's online store before scoring.
  const features = new FeatureService(options.registry.workspace);
  const dispatch = createInferenceDispatch({ deployments, log, metrics, version: options.version, features, errorLog: options.log });
  const listen = (port: number) => startInferenceListener({ host: options.host, port, authorize: options.authorize, bodyLimit: inferenceBodyLimit, dispatch, log: options.log });
  let listener;
  try {
    listener = await listen(options.port ?? defaultInferencePort);
  } catch (error) {
    // The default port is often taken (another model server, macOS AirPlay): any free port will do.
    if (options.port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    listener = await listen(0);
  }
  const { server, url } = listener;
  deployments.setInferenceUrl(url);
  // Deployments come back after the listener is up; until their models are warm /readyz says so.
  const restored = deployments.restore();
  return {
    url,
    deployments,
    log,
    metrics,
    routes: deploymentRoutes(deployments, log, metrics, () => url),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(timer);
      await restored.catch(() => undefined);
      await log.drain();
      log.close();
      await writerThread.close();
      await pool.close();
    },
  };
}
