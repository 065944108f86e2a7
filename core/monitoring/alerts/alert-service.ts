// What a monitor run sets off: an alert per condition (dataset drift, degraded performance) that
// is not already open, cleared when the condition is gone; webhooks in the background; and the
// optional retrain action, whose training run is linked to the alert it answers.
import type { AlertKind, AlertSummary, MonitorRunSummary } from '../../api/monitoring-contract.js';
import type { TrainService } from '../../training/train-service.js';
import type { MonitorRecord } from '../monitors/monitor-store.js';
import { describeRule } from '../monitors/window-performance.js';
import type { AlertStore } from './alert-store.js';
import type { WebhookSender } from './webhooks.js';

export interface AlertServiceOptions {
  store: AlertStore;
  webhooks: WebhookSender;
  training?: TrainService;
  /** Where the links in webhook texts point (the core's URL). */
  baseUrl?: () => string;
  log?: (line: string) => void;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

function condition(monitor: MonitorRecord, run: MonitorRunSummary, kind: AlertKind): { holds: boolean | null; message: string; details: Record<string, unknown> } {
  if (kind === 'drift') {
    const drifted = run.column_scores.filter((column) => column.drifted).map((column) => column.column);
    return {
      holds: run.dataset_drift,
      message: `Data drift on ${monitor.deployment}: ${drifted.length} of ${run.column_scores.length} columns drifted (${percent(run.drifted_share ?? 0)}) in ${run.window_rows} predictions.`,
      details: { drifted_columns: drifted, drifted_share: run.drifted_share, window_rows: run.window_rows, report_id: run.report_id },
    };
  }
  const rule = monitor.degraded;
  const performance = run.performance;
  return {
    holds: performance && rule ? run.degraded : null,
    message: rule && performance ? `${monitor.deployment} degraded: ${rule.metric} ${performance[rule.metric]?.toFixed(3) ?? 'n/a'} (alert when ${describeRule(rule)}) over ${performance.rows} labelled predictions.` : '',
    details: { rule, performance },
  };
}

/** Slack's `text`, plus the alert itself for receivers that read JSON. */
export function webhookPayload(alert: AlertSummary, baseUrl: string | undefined): Record<string, unknown> {
  const link = baseUrl ? ` <${baseUrl}/#/monitoring/${encodeURIComponent(alert.deployment)}|Open in ML Workbench>` : '';
  return { text: `:warning: ${alert.message}${link}`, alert };
}

export class AlertService {
  constructor(private readonly options: AlertServiceOptions) {}

  get store(): AlertStore {
    return this.options.store;
  }

  /** Raises and clears alerts for a finished run; returns the alerts raised. Webhooks and training start but are not awaited. */
  async evaluate(monitor: MonitorRecord, run: MonitorRunSummary, user: string): Promise<AlertSummary[]> {
    const raised: AlertSummary[] = [];
    for (const kind of ['drift', 'degraded'] as const) {
      const { holds, message, details } = condition(monitor, run, kind);
      if (holds === null) continue;
      if (!holds) {
        this.store.resolve(monitor.id, kind);
        continue;
      }
      let alert = this.store.raise({ monitorId: monitor.id, deployment: monitor.deployment, kind, message, details, monitorRunId: run.id });
      if (!alert) continue;
      this.options.log?.(`${new Date().toISOString()} alert ${alert.id}: ${message}`);
      const id = alert.id;
      this.options.webhooks.send(monitor.webhooks, webhookPayload(alert, this.options.baseUrl?.()), (deliveries) => this.store.setWebhooks(id, deliveries));
      if (monitor.retrain) alert = await this.retrain(monitor, alert, user);
      raised.push(alert);
    }
    return raised;
  }

  private async retrain(monitor: MonitorRecord, alert: AlertSummary, user: string): Promise<AlertSummary> {
    const action = monitor.retrain!;
    if (!this.options.training) return this.store.linkRetrain(alert.id, { error: 'Training is not available in this process.' });
    try {
      const started = await this.options.training.start({
        dataset: action.dataset,
        datasetVersion: action.version,
        model: action.model,
        target: action.target,
        params: action.params,
        experiment: `monitor-${monitor.deployment}`,
        runName: `retrain-${monitor.deployment}-alert-${alert.id}`,
        user,
      });
      return this.store.linkRetrain(alert.id, { runId: started.run_id });
    } catch (error) {
      return this.store.linkRetrain(alert.id, { error: (error as Error).message });
    }
  }

  /** A sample alert to the given URLs, one attempt each, awaited. */
  test(monitor: Pick<MonitorRecord, 'id' | 'deployment'>, urls: readonly string[]) {
    const sample: AlertSummary = {
      id: 0,
      monitor_id: monitor.id,
      deployment: monitor.deployment,
      kind: 'drift',
      status: 'open',
      message: `Test alert from the monitor of ${monitor.deployment}: webhooks reach this channel.`,
      details: { test: true },
      monitor_run_id: null,
      created_time: Date.now(),
      acknowledged_time: null,
      acknowledged_by: null,
      resolved_time: null,
      retrain_run_id: null,
      retrain_error: null,
      webhooks: [],
    };
    return this.options.webhooks.test(urls, webhookPayload(sample, this.options.baseUrl?.()));
  }
}
