// `mlwb monitors create|list|show|run|delete` and `mlwb alerts list|ack`: monitors run inside the
// server (their timers, the prediction log), so these commands talk to it over HTTP.
import type { AlertListResponse, AlertSummary, CreateMonitorRequest, MonitorListResponse, MonitorResponse, MonitorRunSummary, MonitorRunsResponse, MonitorSummary, RunMonitorResponse } from '../api/monitoring-contract.js';
import { describeRule, parseDegradationRule } from '../monitoring/monitors/window-performance.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { callServer, runningServer } from './running-server.js';

const usage = `mlwb monitors create DEPLOYMENT [--interval SECONDS] [--window SECONDS] [--reference NAME[:VERSION]]
      [--degraded "accuracy<0.85"] [--positive-label L] [--webhook URL]... [--drift-share S]
  mlwb monitors list | show ID | run ID | delete ID
  mlwb alerts list [--status open|acknowledged|resolved] | ack ID`;

function seconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--${flag} expects a whole number of seconds, got '${text}'`);
  return value;
}

function parseReference(text: string): { dataset: string; version?: number } {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { dataset: text };
  const version = Number(text.slice(colon + 1).replace(/^v/, ''));
  if (colon === 0 || !Number.isInteger(version) || version < 1) throw new UsageError(`--reference expects NAME or NAME:VERSION, got '${text}'`);
  return { dataset: text.slice(0, colon), version };
}

const format = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? '—' : value.toFixed(digits));
const when = (time: number) => new Date(time).toISOString().replace('T', ' ').slice(0, 19);

function runLine(run: MonitorRunSummary | null): string {
  if (!run) return 'never run';
  if (run.error) return `${when(run.time)}  ${run.error}`;
  const drift = `${run.dataset_drift ? 'DRIFT' : 'no drift'} (${format((run.drifted_share ?? 0) * 100, 1)} % of columns)`;
  const performance = run.performance ? `, accuracy ${format(run.performance.accuracy)} F1 ${format(run.performance.f1)}${run.degraded ? ' DEGRADED' : ''}` : '';
  return `${when(run.time)}  ${run.window_rows} predictions: ${drift}${performance}`;
}

function describeMonitor(monitor: MonitorSummary, runs: MonitorRunSummary[] = []): string {
  const lines = [
    `${monitor.id}  ${monitor.deployment}${monitor.enabled ? '' : ' (paused)'}`,
    `  every ${monitor.interval_seconds} s over the last ${monitor.window_seconds} s, against ${monitor.reference_label ?? 'no reference (see the last run)'}`,
    `  degraded when: ${monitor.degraded ? describeRule(monitor.degraded) : 'not set'}; positive label ${monitor.positive_label}`,
    `  webhooks: ${monitor.webhooks.length ? monitor.webhooks.join(', ') : 'none'}; open alerts: ${monitor.open_alerts}`,
    `  last run: ${runLine(monitor.last_run)}`,
  ];
  if (runs.length > 0) {
    lines.push(
      '',
      table(
        ['TIME', 'ROWS', 'DRIFTED', 'DATASET DRIFT', 'ACCURACY', 'F1', 'AUC', 'NOTE'],
        runs.map((run) => [when(run.time), String(run.window_rows), run.drifted_share === null ? '—' : `${format(run.drifted_share * 100, 1)} %`, run.dataset_drift === null ? '—' : run.dataset_drift ? 'yes' : 'no', format(run.performance?.accuracy), format(run.performance?.f1), format(run.performance?.auc), run.error ?? (run.degraded ? 'degraded' : '')]),
      ),
    );
  }
  return lines.join('\n');
}

function alertRows(alerts: AlertSummary[]): string {
  if (alerts.length === 0) return 'No alerts.';
  return table(
    ['ID', 'TIME', 'DEPLOYMENT', 'KIND', 'STATUS', 'MESSAGE'],
    alerts.map((alert) => [String(alert.id), when(alert.created_time), alert.deployment, alert.kind, alert.status, alert.message]),
  );
}

export async function monitorsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, {
    interval: { type: 'string' },
    window: { type: 'string' },
    reference: { type: 'string' },
    degraded: { type: 'string' },
    'positive-label': { type: 'string' },
    webhook: { type: 'string', multiple: true },
    'drift-share': { type: 'string' },
  });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb (create, list, show, run, delete)', usage);
  if (!['create', 'list', 'show', 'run', 'delete'].includes(verb)) throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
  let request: CreateMonitorRequest | undefined;
  if (verb === 'create') {
    const deployment = requirePositional(positionals, 1, 'DEPLOYMENT', usage);
    const degraded = values.degraded === undefined ? null : parseDegradationRule(values.degraded);
    if (values.degraded !== undefined && !degraded) throw new UsageError(`--degraded expects METRIC<VALUE with a metric of accuracy, precision, recall, f1, auc (e.g. "accuracy<0.85"), got '${values.degraded}'`);
    const driftShare = values['drift-share'] === undefined ? undefined : Number(values['drift-share']);
    if (driftShare !== undefined && !(driftShare > 0 && driftShare <= 1)) throw new UsageError(`--drift-share expects a share in (0, 1], got '${values['drift-share']}'`);
    request = {
      deployment,
      interval_seconds: seconds(values.interval, 'interval'),
      window_seconds: seconds(values.window, 'window'),
      reference: values.reference ? parseReference(values.reference) : null,
      degraded,
      positive_label: values['positive-label'],
      webhooks: values.webhook ?? [],
      settings: driftShare === undefined ? {} : { drift_share: driftShare },
    };
  }
  const server = await runningServer(values.workspace);
  switch (verb) {
    case 'create': {
      const { monitor } = await callServer<MonitorResponse>(server, 'POST', '/api/monitors', request);
      return output.result({ monitor }, () => `Created monitor ${monitor.id} for ${monitor.deployment}.\n${describeMonitor(monitor)}`);
    }
    case 'list': {
      const list = await callServer<MonitorListResponse>(server, 'GET', '/api/monitors');
      return output.result(list, () => (list.monitors.length === 0 ? 'No monitors yet. Create one with: mlwb monitors create DEPLOYMENT' : list.monitors.map((monitor) => describeMonitor(monitor)).join('\n\n')));
    }
    case 'show': {
      const id = encodeURIComponent(requirePositional(positionals, 1, 'ID', usage));
      const [{ monitor }, { runs }] = await Promise.all([callServer<MonitorResponse>(server, 'GET', `/api/monitors/${id}`), callServer<MonitorRunsResponse>(server, 'GET', `/api/monitors/${id}/runs`)]);
      return output.result({ monitor, runs }, () => describeMonitor(monitor, runs.slice(-20)));
    }
    case 'run': {
      const id = encodeURIComponent(requirePositional(positionals, 1, 'ID', usage));
      const result = await callServer<RunMonitorResponse>(server, 'POST', `/api/monitors/${id}/run`, {});
      return output.result(result, () => [runLine(result.run), ...result.raised.map((alert) => `ALERT ${alert.id} (${alert.kind}): ${alert.message}`)].join('\n'));
    }
    default: {
      const id = requirePositional(positionals, 1, 'ID', usage);
      await callServer(server, 'DELETE', `/api/monitors/${encodeURIComponent(id)}`);
      return output.result({ deleted: id }, () => `Deleted monitor ${id}, its runs and its alerts.`);
    }
  }
}

const alertsUsage = 'mlwb alerts list [--status open|acknowledged|resolved] | ack ID';

export async function alertsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { status: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'list or ack', alertsUsage);
  if (values.status !== undefined && !['open', 'acknowledged', 'resolved'].includes(values.status)) throw new UsageError(`--status expects open, acknowledged or resolved, got '${values.status}'`);
  if (verb === 'list') {
    const server = await runningServer(values.workspace);
    const list = await callServer<AlertListResponse>(server, 'GET', `/api/alerts${values.status ? `?status=${values.status}` : ''}`);
    return output.result(list, () => alertRows(list.alerts));
  }
  if (verb === 'ack') {
    const id = requirePositional(positionals, 1, 'ID', alertsUsage);
    if (!/^\d+$/.test(id)) throw new UsageError(`Alert ids are whole numbers, got '${id}'`);
    const server = await runningServer(values.workspace);
    const { alert } = await callServer<{ alert: AlertSummary }>(server, 'POST', `/api/alerts/${id}/acknowledge`, {});
    return output.result({ alert }, () => `Acknowledged alert ${alert.id}: ${alert.message}`);
  }
  throw new UsageError(`Unknown verb '${verb}'. Usage: ${alertsUsage}`);
}
