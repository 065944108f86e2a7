// Our `/api` routes of the registry and governance (contract: core/api/registry-contract.ts).
import {
  createModelRequest,
  importModelFileRequest,
  importModelQuery,
  registerRunRequest,
  reviewDecisionRequest,
  setAliasRequest,
  setPolicyRequest,
  setTagRequest,
  updateDescriptionRequest,
  type AuditListResponse,
  type LineageGraphResponse,
  type ModelDetailResponse,
  type ModelListResponse,
  type PolicyVersionsResponse,
  type ReviewListResponse,
  type SubmitResponse,
  type VersionDetailResponse,
} from '../api/registry-contract.js';
import { ValidationError } from '../api/errors.js';
import type { RequestContext, Route } from '../api/router.js';
import type { JobManager } from '../jobs/job-manager.js';
import { parseBody } from '../tracking/api-routes.js';
import { lineageGraph } from './lineage.js';
import { manifestInput } from './manifest-input.js';
import { manifestYaml } from './manifest.js';
import { modelCardHtml, modelCardMarkdown } from './model-card.js';
import { parseVersionNumber } from './registry-store.js';
import type { RegistryService } from './registry-service.js';
import type { ReviewService } from './review-service.js';
import { modelSummaries, versionDetail, versionSummaries } from './registry-views.js';

function sendText(context: RequestContext, body: string, contentType: string, fileName?: string): undefined {
  context.response.writeHead(200, {
    'Content-Type': `${contentType}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
    ...(fileName ? { 'Content-Disposition': `inline; filename="${fileName.replace(/[^\w.-]/g, '_')}"` } : {}),
  });
  context.response.end(body);
  return undefined;
}

function queryValues(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

export function registryRoutes(registry: RegistryService, reviews: ReviewService, jobs: JobManager): Route[] {
  const route = (method: string, path: string, handler: Route['handler'], options: Partial<Route> = {}): Route => ({ method, path, flavour: 'api', handler, ...options });
  const versionOf = (context: RequestContext) => ({ name: context.params.name, version: parseVersionNumber(context.params.version) });
  const detail = (name: string, version: number): VersionDetailResponse => versionDetail(registry, name, version);

  return [
    route('GET', '/api/models', (): ModelListResponse => ({ models: modelSummaries(registry, registry.store.models('1', [], 'last_updated_timestamp DESC, name ASC')) })),
    route('POST', '/api/models', async (context) => {
      const body = await parseBody(context, createModelRequest);
      const [model] = modelSummaries(registry, [registry.createModel(body, context.user)]);
      return { model };
    }),
    route('POST', '/api/models/register', async (context): Promise<VersionDetailResponse> => {
      const body = registerRunRequest.parse(await parseBody(context, registerRunRequest));
      const row = await registry.registerRun({ name: body.name, runId: body.run_id, artifactPath: body.artifact_path, description: body.description, tags: body.tags }, context.user);
      return detail(row.name, row.version);
    }),
    route(
      'POST',
      '/api/models/import',
      async (context): Promise<VersionDetailResponse> => {
        const parsed = importModelQuery.safeParse(queryValues(context.url));
        if (!parsed.success) {
          context.request.resume();
          const issue = parsed.error.issues[0];
          throw new ValidationError(`Invalid value for '${issue.path.join('.')}': ${issue.message}`, { field: issue.path.join('.') });
        }
        const row = await registry.importModel({ name: parsed.data.name, source: context.request, fileName: parsed.data.file_name, description: parsed.data.description }, context.user);
        return detail(row.name, row.version);
      },
      { rawBody: true },
    ),
    route('POST', '/api/models/import-file', async (context): Promise<VersionDetailResponse> => {
      const body = await parseBody(context, importModelFileRequest);
      const row = await registry.importFile({ name: body.name, file: body.path, description: body.description }, context.user);
      return detail(row.name, row.version);
    }),
    route('GET', '/api/models/:name', (context): ModelDetailResponse => {
      const [model] = modelSummaries(registry, [registry.store.model(context.params.name)]);
      return { model, versions: versionSummaries(registry, registry.store.versions(model.name)) };
    }),
    route('PATCH', '/api/models/:name', async (context) => {
      const body = await parseBody(context, updateDescriptionRequest);
      const [model] = modelSummaries(registry, [registry.updateModel(context.params.name, body.description, context.user)]);
      return { model };
    }),
    route('DELETE', '/api/models/:name', (context) => (registry.deleteModel(context.params.name, context.user), {})),
    route('POST', '/api/models/:name/tags', async (context) => {
      const body = await parseBody(context, setTagRequest);
      registry.setModelTag(context.params.name, body.key, body.value, context.user);
      return {};
    }),
    route('DELETE', '/api/models/:name/tags/:key', (context) => (registry.deleteModelTag(context.params.name, context.params.key, context.user), {})),
    route('POST', '/api/models/:name/aliases', async (context) => {
      const body = await parseBody(context, setAliasRequest);
      registry.setAlias(context.params.name, body.alias, body.version, context.user);
      return {};
    }),
    route('DELETE', '/api/models/:name/aliases/:alias', (context) => (registry.deleteAlias(context.params.name, context.params.alias, context.user), {})),
    route('GET', '/api/models/:name/versions/:version', (context) => {
      const { name, version } = versionOf(context);
      return detail(name, version);
    }),
    route('PATCH', '/api/models/:name/versions/:version', async (context) => {
      const { name, version } = versionOf(context);
      const body = await parseBody(context, updateDescriptionRequest);
      registry.updateVersion(name, version, body.description, context.user);
      return detail(name, version);
    }),
    route('DELETE', '/api/models/:name/versions/:version', (context) => {
      const { name, version } = versionOf(context);
      registry.deleteVersion(name, version, context.user);
      return {};
    }),
    route('POST', '/api/models/:name/versions/:version/tags', async (context) => {
      const { name, version } = versionOf(context);
      const body = await parseBody(context, setTagRequest);
      registry.setVersionTag(name, version, body.key, body.value, context.user);
      return {};
    }),
    route('DELETE', '/api/models/:name/versions/:version/tags/:key', (context) => {
      const { name, version } = versionOf(context);
      registry.deleteVersionTag(name, version, context.params.key, context.user);
      return {};
    }),
    route('GET', '/api/models/:name/versions/:version/lineage', (context): LineageGraphResponse => {
      const { name, version } = versionOf(context);
      const row = registry.store.version(name, version);
      return lineageGraph(row, versionDetail(registry, name, version).lineage);
    }),
    route('GET', '/api/models/:name/versions/:version/manifest', (context) => {
      const { name, version } = versionOf(context);
      return sendText(context, manifestYaml(manifestInput(registry, name, version)), 'application/yaml', `${name}-v${version}-manifest.yaml`);
    }),
    route('GET', '/api/models/:name/versions/:version/card', (context) => {
      const { name, version } = versionOf(context);
      const format = context.url.searchParams.get('format') ?? 'md';
      if (format !== 'md' && format !== 'html') throw new ValidationError(`Unknown model card format '${format}': use md or html.`, { field: 'format' });
      const input = manifestInput(registry, name, version);
      return format === 'html'
        ? sendText(context, modelCardHtml(input), 'text/html', `${name}-v${version}-model-card.html`)
        : sendText(context, modelCardMarkdown(input), 'text/markdown', `${name}-v${version}-model-card.md`);
    }),
    route('POST', '/api/models/:name/versions/:version/submit', (context): SubmitResponse => {
      const { name, version } = versionOf(context);
      const { review, run } = reviews.submit(name, version, context.user);
      const job = jobs.start({ kind: 'governance', title: `Governance checks: ${name} v${version}`, user: context.user }, async (job) => {
        job.progress(0.05, 'Scoring the models and running the checks');
        const settled = await run();
        return { review_id: settled.review_id, state: settled.state, verdicts: settled.verdicts };
      });
      return { review, job_id: job.id };
    }),
    route('POST', '/api/models/:name/versions/:version/review', async (context) => {
      const { name, version } = versionOf(context);
      const body = await parseBody(context, reviewDecisionRequest);
      return reviews.decide(name, version, body.decision, body.comment, context.user);
    }),
    route('GET', '/api/reviews', (context): ReviewListResponse => ({ reviews: reviews.list(context.url.searchParams.get('state') ?? undefined) })),
    route('GET', '/api/reviews/:id', (context) => reviews.get(parseVersionNumber(context.params.id, 'id'))),
    route('GET', '/api/policy', () => registry.policies.current()),
    route('GET', '/api/policy/versions', (): PolicyVersionsResponse => registry.policies.versions()),
    route('PUT', '/api/policy', async (context) => {
      const body = await parseBody(context, setPolicyRequest);
      return registry.policies.set(body.document, context.user);
    }),
    route('GET', '/api/audit', (context): AuditListResponse => {
      const query = context.url.searchParams;
      const number = (key: string) => (query.get(key) === null ? undefined : parseVersionNumber(query.get(key), key));
      return registry.audit.list({ entityType: query.get('entity_type') ?? undefined, entityId: query.get('entity_id') ?? undefined, before: number('before'), limit: number('limit') });
    }),
    route('GET', '/api/audit/verify', () => registry.audit.verify()),
  ];
}
