// Monitors as the API and the scheduler see them: settings checked against the deployment and its
// reference when saved (a bad reference is refused, not discovered at 3 a.m.), one timer per
// enabled monitor (unref'd: a timer never keeps the process alive), runs of one monitor one at a
// time, and every change audited.
import { ConflictError, ValidationError } from '../../api/errors.js';
import type { AlertSummary, CreateMonitorRequest, MonitorConfig, MonitorRunSummary, MonitorSummary, UpdateMonitorRequest } from '../../api/monitoring-contract.js';
import { createMonitorRequest } from '../../api/monitoring-contract.js';
import type { AlertService } from '../alerts/alert-service.js';
import { resolveReference, runMonitor, type MonitorRunContext } from './monitor-runner.js';
import type { MonitorRecord } from './monitor-store.js';

export class MonitorService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The run in flight per monitor: a new run waits for it. */
  private readonly running = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly context: MonitorRunContext,
    readonly alerts: AlertService,
    private readonly log?: (line: string) => void,
  ) {}

  private get store() {
    return this.context.store;
  }

  /** Starts the timers of every enabled monitor. */
  start(): void {
    for (const monitor of this.store.list()) this.schedule(monitor);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  private schedule(monitor: MonitorRecord): void {
    clearInterval(this.timers.get(monitor.id));
    this.timers.delete(monitor.id);
    if (!monitor.enabled || this.closed) return;
    const timer = setInterval(() => {
      // A run still going when the next is due is not queued behind: that tick is skipped.
      if (this.running.has(monitor.id)) return;
      this.run(monitor.id, 'monitor').catch((error: Error) => this.log?.(`${new Date().toISOString()} monitor ${monitor.deployment}: ${error.stack ?? error.message}`));
    }, monitor.interval_seconds * 1000);
    timer.unref();
    this.timers.set(monitor.id, timer);
  }

  private referenceLabel(monitor: MonitorRecord): string | null {
    try {
      const { dataset } = resolveReference(monitor, this.context);
      return `${dataset.name}:v${dataset.version}`;
    } catch {
      return null;
    }
  }

  summary(monitor: MonitorRecord): MonitorSummary {
    const { id, deployment, created_time, created_by, updated_time, ...config } = monitor;
    return {
      ...config,
      id,
      deployment,
      reference_label: this.referenceLabel(monitor),
      created_time,
      created_by,
      updated_time,
      last_run: this.store.lastRun(id),
      open_alerts: this.alerts.store.openCount(id),
    };
  }

  list(): MonitorSummary[] {
    return this.store.list().map((monitor) => this.summary(monitor));
  }

  get(id: string): MonitorSummary {
    return this.summary(this.store.get(id));
  }

  /** Throws when the deployment or the reference does not exist, or the reference shares no column with the model. */
  private check(deployment: string, config: MonitorConfig): void {
    const reference = resolveReference({ deployment, reference: config.reference }, this.context);
    if (reference.features.length === 0) {
      throw new ValidationError(`The reference ${reference.dataset.name}:v${reference.dataset.version} has none of the model's input columns.`, { field: 'reference' });
    }
    if (config.window_seconds < config.interval_seconds) {
      throw new ValidationError(`The window (${config.window_seconds} s) is shorter than the interval (${config.interval_seconds} s): some predictions would never be compared.`, { field: 'window_seconds' });
    }
  }

  create(request: CreateMonitorRequest, user: string): MonitorSummary {
    const { deployment, ...config } = createMonitorRequest.parse(request);
    this.context.deployments.config(deployment);
    if (this.store.list().some((monitor) => monitor.deployment === deployment)) throw new ConflictError(`Deployment '${deployment}' already has a monitor: edit that one.`, { deployment });
    this.check(deployment, config);
    const monitor = this.context.registry.write(() => {
      const created = this.store.create(deployment, config, user);
      this.context.registry.audit.append({ actor: user, action: 'monitor.create', entityType: 'monitor', entityId: created.id, after: { deployment, ...config } });
      return created;
    });
    this.schedule(monitor);
    return this.summary(monitor);
  }

  update(id: string, request: UpdateMonitorRequest, user: string): MonitorSummary {
    const before = this.store.get(id);
    const { id: _id, deployment, created_time: _created, created_by: _by, updated_time: _updated, ...current } = before;
    const config: MonitorConfig = { ...current, ...request };
    this.check(deployment, config);
    const monitor = this.context.registry.write(() => {
      const updated = this.store.update(id, config, user);
      this.context.registry.audit.append({ actor: user, action: 'monitor.update', entityType: 'monitor', entityId: id, before: current, after: config });
      return updated;
    });
    this.schedule(monitor);
    return this.summary(monitor);
  }

  remove(id: string, user: string): void {
    const monitor = this.store.get(id);
    clearInterval(this.timers.get(id));
    this.timers.delete(id);
    this.context.registry.write(() => {
      this.store.remove(id);
      this.context.registry.audit.append({ actor: user, action: 'monitor.delete', entityType: 'monitor', entityId: id, before: { deployment: monitor.deployment } });
    });
  }

  /** Runs the monitor now (after any run in flight) and evaluates its alerts. */
  async run(id: string, user: string): Promise<{ run: MonitorRunSummary; raised: AlertSummary[] }> {
    const previous = this.running.get(id) ?? Promise.resolve();
    const work = previous
      .catch(() => undefined)
      .then(async () => {
        const monitor = this.store.get(id);
        const run = await runMonitor(monitor, this.context);
        const raised = await this.alerts.evaluate(monitor, run, user);
        return { run, raised };
      });
    this.running.set(id, work);
    try {
      return await work;
    } finally {
      if (this.running.get(id) === work) this.running.delete(id);
    }
  }

  acknowledge(id: number, user: string): AlertSummary {
    return this.context.registry.write(() => {
      const alert = this.alerts.store.acknowledge(id, user);
      this.context.registry.audit.append({ actor: user, action: 'alert.acknowledge', entityType: 'alert', entityId: String(id), after: { monitor: alert.monitor_id, kind: alert.kind } });
      return alert;
    });
  }

  runs(id: string, since?: number): MonitorRunSummary[] {
    this.store.get(id);
    return this.store.runs(id, since);
  }
}
