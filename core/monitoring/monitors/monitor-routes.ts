// HTTP routes of monitors and alerts (contract: core/api/monitoring-contract.ts).
import { z } from 'zod';
import { ValidationError } from '../../api/errors.js';
import {
  createMonitorRequest,
  type AlertListResponse,
  type AlertStatus,
  type MonitorListResponse,
  type MonitorResponse,
  type MonitorRunsResponse,
  type RunMonitorResponse,
  updateMonitorRequest,
  type WebhookTestResponse,
} from '../../api/monitoring-contract.js';
import type { Route } from '../../api/router.js';
import { parseBody } from '../../tracking/api-routes.js';
import type { MonitorService } from './monitor-service.js';

const webhookTestRequest = z.object({ urls: z.array(z.string().url().regex(/^https?:\/\//i, 'must be an http(s) URL')).min(1).max(5).optional() }).strict();

function integerParameter(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new ValidationError(`'${name}' must be a whole number ≥ 0, got '${text}'.`, { field: name });
  return value;
}

export function monitorRoutes(monitors: MonitorService): Route[] {
  const alerts = monitors.alerts.store;
  return [
    { method: 'GET', path: '/api/monitors', flavour: 'api', handler: (): MonitorListResponse => ({ monitors: monitors.list() }) },
    {
      method: 'POST',
      path: '/api/monitors',
      flavour: 'api',
      handler: async (context): Promise<MonitorResponse> => ({ monitor: monitors.create(await parseBody(context, createMonitorRequest), context.user) }),
    },
    { method: 'GET', path: '/api/monitors/:id', flavour: 'api', handler: (context): MonitorResponse => ({ monitor: monitors.get(context.params.id) }) },
    {
      method: 'PATCH',
      path: '/api/monitors/:id',
      flavour: 'api',
      handler: async (context): Promise<MonitorResponse> => ({ monitor: monitors.update(context.params.id, await parseBody(context, updateMonitorRequest), context.user) }),
    },
    {
      method: 'DELETE',
      path: '/api/monitors/:id',
      flavour: 'api',
      handler: (context) => {
        monitors.remove(context.params.id, context.user);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/api/monitors/:id/run',
      flavour: 'api',
      handler: (context): Promise<RunMonitorResponse> => monitors.run(context.params.id, context.user),
    },
    {
      method: 'GET',
      path: '/api/monitors/:id/runs',
      flavour: 'api',
      handler: (context): MonitorRunsResponse => ({ runs: monitors.runs(context.params.id, integerParameter(context.url, 'since')) }),
    },
    {
      method: 'POST',
      path: '/api/monitors/:id/webhooks/test',
      flavour: 'api',
      handler: async (context): Promise<WebhookTestResponse> => {
        const monitor = monitors.get(context.params.id);
        const { urls } = await parseBody(context, webhookTestRequest);
        const targets = urls ?? monitor.webhooks;
        if (targets.length === 0) throw new ValidationError('This monitor has no webhooks: add one, or send the URLs to test.', { field: 'urls' });
        return { deliveries: await monitors.alerts.test(monitor, targets) };
      },
    },
    {
      method: 'GET',
      path: '/api/alerts',
      flavour: 'api',
      handler: (context): AlertListResponse => {
        const status = context.url.searchParams.get('status');
        if (status !== null && !['open', 'acknowledged', 'resolved'].includes(status)) throw new ValidationError(`'status' must be open, acknowledged or resolved, got '${status}'.`, { field: 'status' });
        return { alerts: alerts.list({ status: (status as AlertStatus | null) ?? undefined, monitorId: context.url.searchParams.get('monitor') ?? undefined, limit: integerParameter(context.url, 'limit') }) };
      },
    },
    {
      method: 'POST',
      path: '/api/alerts/:id/acknowledge',
      flavour: 'api',
      handler: (context) => {
        const id = Number(context.params.id);
        if (!Number.isInteger(id)) throw new ValidationError(`Alert ids are whole numbers, got '${context.params.id}'.`, { field: 'id' });
        return { alert: monitors.acknowledge(id, context.user) };
      },
    },
  ];
}
