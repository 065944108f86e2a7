// HTTP routes of ad-hoc drift reports. A report runs as a background job (its columns on the
// worker pool); POST waits a moment and answers with the finished report when it is quick, or 202
// with the job to follow when it is not. Reports are stored, so GET and the HTML view need only
// the id.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { errorFromCode, type ErrorCode } from '../api/errors.js';
import {
  createDriftReportRequest,
  type DriftReportListResponse,
  type DriftReportResponse,
  type DriftReportStartedResponse,
  type DriftSettingsJson,
} from '../api/monitoring-contract.js';
import type { Route } from '../api/router.js';
import { DatasetStore } from '../datasets/dataset-store.js';
import type { JobManager } from '../jobs/job-manager.js';
import { parseBody } from '../tracking/api-routes.js';
import type { Workspace } from '../workspace/workspace.js';
import { DriftReportStore } from './drift-report-store.js';
import { runDriftReport } from './drift-service.js';
import { renderDriftHtml } from './html-report.js';
import type { DriftSettings } from './test-selection.js';

/** How long POST waits for a report before answering 202 with its job. */
export const quickReportMs = 2000;

export function driftSettingsFromJson(json: DriftSettingsJson = {}): DriftSettings {
  return {
    ...(json.test ? { test: json.test } : {}),
    ...(json.threshold !== undefined ? { threshold: json.threshold } : {}),
    ...(json.per_type ? { perType: json.per_type } : {}),
    ...(json.per_column ? { perColumn: json.per_column } : {}),
    ...(json.drift_share !== undefined ? { driftShare: json.drift_share } : {}),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): undefined {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
  return undefined;
}

export function driftRoutes(workspace: Workspace, jobs: JobManager): Route[] {
  const store = new DriftReportStore(workspace.db);
  const withLinks = (report: ReturnType<DriftReportStore['get']>): DriftReportResponse => ({ ...report, html_url: `/api/drift/reports/${report.id}/html` });
  return [
    {
      method: 'POST',
      path: '/api/drift/reports',
      flavour: 'api',
      handler: async (context): Promise<DriftReportResponse | undefined> => {
        const body = await parseBody(context, createDriftReportRequest);
        // Unknown datasets or versions answer 404 now, not as a failed job.
        const datasets = new DatasetStore(workspace.db);
        const reference = datasets.version(body.reference.dataset, body.reference.version);
        const current = datasets.version(body.current.dataset, body.current.version);
        const id = randomUUID();
        const settings = body.settings ?? {};
        const job = jobs.start({ kind: 'drift-report', title: `Drift of ${current.name}:v${current.version} against ${reference.name}:v${reference.version}`, user: context.user }, async (job) => {
          const report = await runDriftReport(
            {
              reference: { dataset: reference.name, version: reference.version },
              current: { dataset: current.name, version: current.version },
              settings: driftSettingsFromJson(settings),
              target: body.target,
              prediction: body.prediction,
              columns: body.columns,
            },
            workspace,
            { signal: job.signal, progress: (fraction, message) => job.progress(fraction, message) },
          );
          store.insert({ id, user: context.user, settings, report: report.document });
          return { report_id: id, dataset_drift: report.drift.datasetDrift };
        });
        let timer: NodeJS.Timeout | undefined;
        const ended = await Promise.race([jobs.wait(job.id), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), quickReportMs)))]);
        clearTimeout(timer);
        if (ended?.status === 'succeeded') return withLinks(store.get(id));
        if (ended) throw ended.error_code ? errorFromCode(ended.error_code as ErrorCode, ended.error ?? 'The drift report failed.') : new Error(ended.error ?? 'The drift report failed.');
        const started: DriftReportStartedResponse = { id, status: 'running', job: jobs.get(job.id) };
        return send(context.response, 202, 'application/json; charset=utf-8', JSON.stringify(started));
      },
    },
    {
      method: 'GET',
      path: '/api/drift/reports',
      flavour: 'api',
      handler: (): DriftReportListResponse => ({ reports: store.list() }),
    },
    {
      method: 'GET',
      path: '/api/drift/reports/:id',
      flavour: 'api',
      handler: (context): DriftReportResponse => withLinks(store.get(context.params.id)),
    },
    {
      method: 'GET',
      path: '/api/drift/reports/:id/html',
      flavour: 'api',
      tokenInQuery: true,
      handler: (context) => send(context.response, 200, 'text/html; charset=utf-8', renderDriftHtml(store.get(context.params.id).report)),
    },
  ];
}
