// Our typed `/api` routes for the renderer and CLI (contract in core/api/contract.ts).
import { z } from 'zod';
import { createExperimentRequest, metricHistoryRequest, searchRunsRequest } from '../api/contract.js';
import type { ExperimentListResponse, MetricHistoryResponse, SearchRunsResponse } from '../api/contract.js';
import { ValidationError } from '../api/errors.js';
import type { RequestContext, Route } from '../api/router.js';
import { joinPath, storagePrefix, validateArtifactPath } from './artifacts.js';
import { requireQuery, streamArtifact } from './artifact-routes.js';
import { parseExperimentId } from './experiments.js';
import { downsampledSeries } from './metric-history.js';
import { listRunArtifacts } from './mlflow-routes.js';
import type { TrackingService } from './service.js';

export async function parseBody<Schema extends z.ZodType>(context: RequestContext, schema: Schema): Promise<z.infer<Schema>> {
  const result = schema.safeParse(await context.body());
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'body';
  throw new ValidationError(`Invalid value for '${field}': ${issue.message}`, { field });
}

const logBatchRequest = z.object({
  metrics: z.array(z.object({ key: z.string(), value: z.union([z.number(), z.string()]), timestamp: z.number().optional(), step: z.number().optional() })).optional(),
  params: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

export function apiTrackingRoutes(tracking: TrackingService): Route[] {
  const route = (method: string, path: string, handler: Route['handler'], options: Partial<Route> = {}): Route => ({ method, path, flavour: 'api', handler, ...options });
  return [
    route('GET', '/api/experiments', (): ExperimentListResponse => ({ experiments: tracking.experimentSummaries() })),
    route('POST', '/api/experiments', async (context) => {
      const body = await parseBody(context, createExperimentRequest);
      const id = tracking.experiments.create({ name: body.name, tags: Object.entries(body.tags ?? {}).map(([key, value]) => ({ key, value })), user: context.user });
      return { experiment: tracking.experimentSummary(id) };
    }),
    route('GET', '/api/experiments/:id', (context) => ({ experiment: tracking.experimentSummary(parseExperimentId(context.params.id, 'id')) })),
    route('GET', '/api/experiments/:id/columns', (context) => tracking.experimentColumns(parseExperimentId(context.params.id, 'id'))),
    route('POST', '/api/runs/search', async (context): Promise<SearchRunsResponse> => {
      const body = await parseBody(context, searchRunsRequest);
      return tracking.search(
        {
          experimentIds: body.experiment_ids.map((id) => parseExperimentId(id, 'experiment_ids')),
          filter: body.filter,
          orderBy: body.order_by,
          maxResults: body.max_results,
          pageToken: body.page_token,
          viewType: body.view_type,
        },
        { paramKeys: body.param_keys, metricKeys: body.metric_keys, tagKeys: body.tag_keys },
      );
    }),
    route('GET', '/api/runs/:id', (context) => tracking.runDetail(context.params.id)),
    // Our own client may send batches larger than MLflow's limits, still all-or-nothing.
    route('POST', '/api/runs/:id/log-batch', async (context) => {
      const body = await parseBody(context, logBatchRequest);
      tracking.runs.logBatch(context.params.id, body);
      return {};
    }),
    route('GET', '/api/runs/:id/artifacts', (context) => {
      const run = tracking.runs.get(context.params.id);
      return listRunArtifacts(tracking, run.artifact_uri, context.url.searchParams.get('path') ?? '');
    }),
    route(
      'GET',
      '/api/runs/:id/artifacts/content',
      (context) => {
        const run = tracking.runs.get(context.params.id);
        const prefix = storagePrefix(run.artifact_uri);
        if (prefix === null) throw new ValidationError(`Artifacts of run ${run.run_id} live at ${run.artifact_uri}, outside this workspace.`);
        const path = validateArtifactPath(requireQuery(context, 'path'));
        streamArtifact(tracking, joinPath(prefix, path), context, { download: context.url.searchParams.get('download') === '1' });
      },
      { tokenInQuery: true },
    ),
    route('PUT', '/api/runs/:id/artifacts/content', async (context) => {
      const run = tracking.runs.requireActive(context.params.id);
      const prefix = storagePrefix(run.artifact_uri);
      if (prefix === null) throw new ValidationError(`Artifacts of run ${run.run_id} live at ${run.artifact_uri}, outside this workspace.`);
      const path = validateArtifactPath(requireQuery(context, 'path'));
      const stored = await tracking.artifacts.put(joinPath(prefix, path), context.request, context.user);
      return { path, ...stored };
    }, { rawBody: true }),
    route('POST', '/api/metrics/history', async (context): Promise<MetricHistoryResponse> => {
      const body = await parseBody(context, metricHistoryRequest);
      const maxPoints = body.max_points ?? 1000;
      const series = [];
      for (const runId of body.run_ids) {
        tracking.runs.get(runId);
        for (const key of body.metric_keys) series.push(downsampledSeries(tracking.db, runId, key, maxPoints));
      }
      return { series: series.filter((entry) => entry.total_points > 0) };
    }),
  ];
}
