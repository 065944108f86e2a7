// Feature store routes: Feast's `POST /get-online-features` (Feast's body, response and
// `{"detail": …}` errors, reference §5) and the workbench's `/api/features` (contract in
// core/api/features-contract.ts). Retrieval and materialization read whole sources, so they run
// as jobs and the request answers at once.
import type {
  FeatureApplyResponse,
  FeatureJobResponse,
  FeaturePlanResponse,
  FeatureRepoResponse,
  FeatureVersionsResponse,
  HistoricalJobResult,
  MaterializeJobResult,
  OnlineFeaturesRequest,
  OnlineFeaturesResponse,
} from '../api/features-contract.js';
import { historicalRequest, materializeRequest, onlineFeaturesRequest, repoPathRequest } from '../api/features-contract.js';
import { statusFor, ValidationError, WorkbenchError } from '../api/errors.js';
import type { RequestContext, Route } from '../api/router.js';
import { sendJson } from '../api/server.js';
import { tableRows } from '../datasets/dataset-service.js';
import type { JobManager } from '../jobs/job-manager.js';
import { parseBody } from '../tracking/api-routes.js';
import { parseTime, type FeatureService } from './feature-service.js';

const defaultPreviewRows = 50;

export function featureRoutes(service: FeatureService, jobs: JobManager): Route[] {
  const route = (method: string, path: string, handler: Route['handler']): Route => ({ method, path, flavour: 'api', handler });
  const online = (body: OnlineFeaturesRequest): OnlineFeaturesResponse =>
    service.getOnline({ features: body.features, service: body.feature_service, entities: body.entities, fullFeatureNames: body.full_feature_names, stale: body.stale });
  return [
    route('POST', '/get-online-features', async (context) => {
      // Feast clients expect `{"detail": message}` with a 4xx, not our envelope.
      try {
        sendJson(context.response, 200, online(await parseBody(context, onlineFeaturesRequest)));
      } catch (error) {
        if (!(error instanceof WorkbenchError)) throw error;
        sendJson(context.response, statusFor(error.code, 'api'), { detail: error.message });
      }
      return undefined;
    }),
    route('POST', '/api/features/online', async (context): Promise<OnlineFeaturesResponse> => online(await parseBody(context, onlineFeaturesRequest))),
    route('GET', '/api/features', (): FeatureRepoResponse => {
      const applied = service.registry.current();
      if (!applied) return { version: null, project: null, entities: [], sources: [], feature_views: [], feature_services: [] };
      const { repo, ...version } = applied;
      const status = service.onlineStatus();
      return {
        version,
        project: repo.project,
        entities: repo.entities,
        sources: repo.sources,
        feature_views: repo.feature_views.map((view) => ({ ...view, online_rows: 0, last_materialization: null, ...status.get(view.name) })),
        feature_services: repo.feature_services,
      };
    }),
    route('GET', '/api/features/versions', (): FeatureVersionsResponse => ({ versions: service.registry.versions() })),
    route('GET', '/api/features/versions/:version', (context) => {
      const version = Number(context.params.version);
      if (!Number.isInteger(version) || version < 1) throw new ValidationError(`Invalid feature repo version '${context.params.version}': expected a whole number from 1`, { field: 'version' });
      return service.registry.version(version);
    }),
    route('POST', '/api/features/plan', async (context): Promise<FeaturePlanResponse> => service.plan((await parseBody(context, repoPathRequest)).repo_path)),
    route('POST', '/api/features/apply', async (context): Promise<FeatureApplyResponse> => service.apply((await parseBody(context, repoPathRequest)).repo_path, context.user)),
    route('POST', '/api/features/historical', async (context): Promise<FeatureJobResponse> => startHistorical(service, jobs, context)),
    route('POST', '/api/features/materialize', async (context): Promise<FeatureJobResponse> => {
      const body = await parseBody(context, materializeRequest);
      // Times are checked now, so a typo is a 400 rather than a failed job.
      const end = body.end === undefined ? Date.now() : parseTime(body.end, 'end');
      const start = body.incremental ? undefined : parseTime(body.start!, 'start');
      service.registry.require();
      const title = body.incremental ? `Materialize incrementally up to ${new Date(end).toISOString()}` : `Materialize ${body.start} – ${body.end}`;
      const job = jobs.start({ kind: 'features.materialize', title, user: context.user }, async (job): Promise<MaterializeJobResult & Record<string, unknown>> => {
        job.progress(0.05, 'Reading the feature sources');
        return { ...(start === undefined ? await service.materializeIncremental(end, body.feature_views) : await service.materialize(start, end, body.feature_views)) };
      });
      return { job };
    }),
  ];
}

async function startHistorical(service: FeatureService, jobs: JobManager, context: RequestContext): Promise<FeatureJobResponse> {
  const body = await parseBody(context, historicalRequest);
  service.registry.require();
  const entities = body.entity_file !== undefined ? { file: body.entity_file } : { dataset: body.entity_dataset!, version: body.entity_dataset_version };
  const title = `Historical features for ${body.entity_file ?? body.entity_dataset}${body.save_as ? ` → dataset ${body.save_as}` : ''}`;
  const job = jobs.start({ kind: 'features.historical', title, user: context.user }, async (job): Promise<HistoricalJobResult & Record<string, unknown>> => {
    job.progress(0.05, 'Reading the entity table and the feature sources');
    const result = await service.historical({
      entities,
      features: body.features,
      service: body.feature_service,
      fullFeatureNames: body.full_feature_names,
      filterByCreatedTimestamp: body.filter_by_created_timestamp,
      saveAs: body.save_as,
      user: context.user,
    });
    const previewRows = body.preview_rows ?? defaultPreviewRows;
    const head = { rowCount: Math.min(previewRows, result.table.rowCount), columns: result.table.columns };
    return {
      repo_version: result.repo_version,
      row_count: result.table.rowCount,
      columns: result.table.columns.map((column) => ({ name: column.name, type: column.type })),
      preview: tableRows(head),
      lineage: result.lineage,
      dataset: result.dataset ?? null,
    };
  });
  return { job };
}
