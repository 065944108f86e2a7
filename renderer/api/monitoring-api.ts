import type {
  AlertListResponse,
  AlertSummary,
  CreateDriftReportRequest,
  CreateMonitorRequest,
  DriftReportResponse,
  DriftReportStartedResponse,
  MonitorListResponse,
  MonitorResponse,
  MonitorRunsResponse,
  RunMonitorResponse,
  UpdateMonitorRequest,
  WebhookTestResponse,
} from '../../core/api/monitoring-contract';
import type { ApiClient, RequestOptions } from './client';

const monitorPath = (id: string) => `/api/monitors/${encodeURIComponent(id)}`;

/** Typed calls for /api/monitors, /api/alerts and /api/drift/reports (core/api/monitoring-contract.ts). */
export class MonitoringApi {
  constructor(readonly client: ApiClient) {}

  monitors(options?: RequestOptions): Promise<MonitorListResponse> {
    return this.client.get('/api/monitors', undefined, options);
  }

  create(request: CreateMonitorRequest, options?: RequestOptions): Promise<MonitorResponse> {
    return this.client.post('/api/monitors', request, options);
  }

  async update(id: string, request: UpdateMonitorRequest, options?: RequestOptions): Promise<MonitorResponse> {
    const response = await this.client.send('PATCH', monitorPath(id), undefined, request, options);
    return (await response.json()) as MonitorResponse;
  }

  run(id: string, options?: RequestOptions): Promise<RunMonitorResponse> {
    return this.client.post(`${monitorPath(id)}/run`, {}, options);
  }

  runs(id: string, since?: number, options?: RequestOptions): Promise<MonitorRunsResponse> {
    return this.client.get(`${monitorPath(id)}/runs`, { since: since === undefined ? undefined : String(since) }, options);
  }

  testWebhooks(id: string, urls: string[], options?: RequestOptions): Promise<WebhookTestResponse> {
    return this.client.post(`${monitorPath(id)}/webhooks/test`, { urls }, options);
  }

  alerts(options?: RequestOptions): Promise<AlertListResponse> {
    return this.client.get('/api/alerts', undefined, options);
  }

  acknowledge(id: number, options?: RequestOptions): Promise<{ alert: AlertSummary }> {
    return this.client.post(`/api/alerts/${id}/acknowledge`, {}, options);
  }

  /** 200 with the report when it finished within a moment; 202 with its job otherwise. */
  compare(request: CreateDriftReportRequest, options?: RequestOptions): Promise<DriftReportResponse | DriftReportStartedResponse> {
    return this.client.post('/api/drift/reports', request, options);
  }

  report(id: string, options?: RequestOptions): Promise<DriftReportResponse> {
    return this.client.get(`/api/drift/reports/${encodeURIComponent(id)}`, undefined, options);
  }

  /** The standalone HTML report; authorises itself, so it opens in a new tab or the system browser. */
  reportHtmlUrl(id: string): string {
    return this.client.authorizedUrl(`/api/drift/reports/${encodeURIComponent(id)}/html`);
  }
}
