// Monitoring started and stopped with the core: the monitors' timers, alerts and webhooks, and
// their /api routes. Needs the serving runtime (deployments and the prediction log).
import type { Route } from '../../api/router.js';
import type { RegistryService } from '../../registry/registry-service.js';
import type { ServingRuntime } from '../../serving/serving-runtime.js';
import type { TrainService } from '../../training/train-service.js';
import { AlertService } from '../alerts/alert-service.js';
import { AlertStore } from '../alerts/alert-store.js';
import { WebhookSender, type WebhookOptions } from '../alerts/webhooks.js';
import { DriftReportStore } from '../drift-report-store.js';
import { monitorRoutes } from './monitor-routes.js';
import { MonitorService } from './monitor-service.js';
import { MonitorStore } from './monitor-store.js';

export interface MonitoringOptions {
  registry: RegistryService;
  serving: Pick<ServingRuntime, 'deployments' | 'log'>;
  training?: TrainService;
  /** The core's URL, for links in webhook messages. */
  baseUrl?: string;
  webhooks?: WebhookOptions;
  log?: (line: string) => void;
}

export interface Monitoring {
  routes: Route[];
  monitors: MonitorService;
  close(): Promise<void>;
}

export function startMonitoring(options: MonitoringOptions): Monitoring {
  const { registry } = options;
  const webhooks = new WebhookSender(options.webhooks);
  const alerts = new AlertService({ store: new AlertStore(registry.db), webhooks, training: options.training, baseUrl: () => options.baseUrl ?? '', log: options.log });
  const monitors = new MonitorService(
    { workspace: registry.workspace, registry, deployments: options.serving.deployments, log: options.serving.log, store: new MonitorStore(registry.db), reports: new DriftReportStore(registry.db) },
    alerts,
    options.log,
  );
  monitors.start();
  return {
    routes: monitorRoutes(monitors),
    monitors,
    async close() {
      await monitors.close();
      await webhooks.close();
    },
  };
}
