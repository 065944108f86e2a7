// MLflow Model Registry REST (reference §10–12): same paths, fields and envelope, so MLflow's
// clients register, tag, alias and fetch models here unchanged. Writes go through the same
// service as our own routes, so they are audited and protected aliases stay protected.
import { queryObject } from '../api/body.js';
import { ValidationError } from '../api/errors.js';
import { mlflowPaths, type Handler, type RequestContext, type Route } from '../api/router.js';
import { decodePageToken, encodePageToken } from '../tracking/page-token.js';
import { optionalString, requireString } from '../tracking/validation.js';
import { parseRegistryFilter, registryFilterSql } from './registry-filter.js';
import { parseVersionNumber, versionKey, type ModelRow, type VersionRow } from './registry-store.js';
import type { RegistryService } from './registry-service.js';

type Args = Record<string, unknown>;

function tagList(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value)) throw new ValidationError("Parameter 'tags' must be a list.", { field: 'tags' });
  const tags: Record<string, string> = {};
  for (const tag of value as Array<{ key?: unknown; value?: unknown }>) tags[requireString(tag?.key, 'tags.key')] = String(tag?.value ?? '');
  return tags;
}

function parseLimit(value: unknown, fallback: number, maximum: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > maximum) {
    throw new ValidationError(`Invalid value ${String(value)} for parameter 'max_results' supplied. It must be at most ${maximum}, and at least 1.`, { field: 'max_results' });
  }
  return number;
}

function orderList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `name`, `last_updated_timestamp` (models) plus `version_number`, `creation_timestamp` (versions), with ASC/DESC. */
function orderSql(items: string[], alias: string, allowed: Record<string, string>, tieBreak: string): string {
  const terms = items.map((item) => {
    const match = /^\s*(?:attributes\.)?(\w+)\s*(ASC|DESC)?\s*$/i.exec(item);
    const column = match ? allowed[match[1].toLowerCase()] : undefined;
    if (!match || !column) throw new ValidationError(`Invalid order_by clause '${item}'. Only ${Object.keys(allowed).join(', ')} are supported.`, { field: 'order_by' });
    return `${alias}.${column} ${(match[2] ?? 'ASC').toUpperCase()}`;
  });
  return [...terms, tieBreak].join(', ');
}

export function mlflowRegistryRoutes(registry: RegistryService): Route[] {
  const { store } = registry;

  const versionJson = (rows: VersionRow[]): Array<Record<string, unknown>> => {
    const tags = store.versionTags(rows);
    const aliases = store.aliases([...new Set(rows.map((row) => row.name))]);
    return rows.map((row) => {
      const body: Record<string, unknown> = {
        name: row.name,
        version: String(row.version),
        creation_timestamp: row.creation_timestamp,
        last_updated_timestamp: row.last_updated_timestamp,
        user_id: row.user_id,
        current_stage: row.current_stage,
        source: row.source,
        status: row.status,
        tags: Object.entries(tags.get(versionKey(row.name, row.version)) ?? {}).map(([key, value]) => ({ key, value })),
        aliases: Object.entries(aliases.get(row.name) ?? {}).filter(([, version]) => version === row.version).map(([alias]) => alias),
      };
      if (row.description) body.description = row.description;
      if (row.run_id) body.run_id = row.run_id;
      if (row.run_link) body.run_link = row.run_link;
      if (row.status_message) body.status_message = row.status_message;
      return body;
    });
  };

  /** The newest READY version per stage, as `latest_versions` reports them. */
  const latestPerStage = (name: string, stages?: string[]): VersionRow[] => {
    const wanted = stages?.map((stage) => stage.toLowerCase());
    const seen = new Set<string>();
    const result: VersionRow[] = [];
    for (const row of store.versions(name)) {
      if (row.status !== 'READY' || seen.has(row.current_stage)) continue;
      if (wanted && wanted.length > 0 && !wanted.includes(row.current_stage.toLowerCase())) continue;
      seen.add(row.current_stage);
      result.push(row);
    }
    return result.sort((left, right) => left.version - right.version);
  };

  const modelJson = (rows: ModelRow[]): Array<Record<string, unknown>> => {
    const names = rows.map((row) => row.name);
    const tags = store.modelTags(names);
    const aliases = store.aliases(names);
    return rows.map((row) => {
      const body: Record<string, unknown> = {
        name: row.name,
        creation_timestamp: row.creation_timestamp,
        last_updated_timestamp: row.last_updated_timestamp,
        latest_versions: versionJson(latestPerStage(row.name)),
        tags: Object.entries(tags.get(row.name) ?? {}).map(([key, value]) => ({ key, value })),
        aliases: Object.entries(aliases.get(row.name) ?? {}).map(([alias, version]) => ({ alias, version: String(version) })),
      };
      if (row.description) body.description = row.description;
      return body;
    });
  };

  const modelName = (args: Args) => requireString(args.name, 'name');
  const versionArgs = (args: Args) => ({ name: modelName(args), version: parseVersionNumber(args.version) });

  const rpc: Array<[method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, handler: (args: Args, context: RequestContext) => unknown]> = [
    ['POST', '/mlflow/registered-models/create', (args, context) => {
      const row = registry.createModel({ name: modelName(args), description: optionalString(args.description, 'description'), tags: tagList(args.tags) }, context.user);
      return { registered_model: modelJson([row])[0] };
    }],
    ['POST', '/mlflow/registered-models/rename', (args, context) => ({ registered_model: modelJson([registry.renameModel(modelName(args), requireString(args.new_name, 'new_name'), context.user)])[0] })],
    ['PATCH', '/mlflow/registered-models/update', (args, context) => ({ registered_model: modelJson([registry.updateModel(modelName(args), optionalString(args.description, 'description') ?? '', context.user)])[0] })],
    ['DELETE', '/mlflow/registered-models/delete', (args, context) => (registry.deleteModel(modelName(args), context.user), {})],
    ['GET', '/mlflow/registered-models/get', (args) => ({ registered_model: modelJson([store.model(modelName(args))])[0] })],
    ['GET', '/mlflow/registered-models/search', (args) => {
      const limit = parseLimit(args.max_results, 100, 1000);
      const offset = typeof args.page_token === 'string' && args.page_token ? decodePageToken(args.page_token) : 0;
      const where = registryFilterSql(parseRegistryFilter(optionalString(args.filter, 'filter'), 'model'), 'm', 'model');
      const order = orderSql(orderList(args.order_by), 'm', { name: 'name', last_updated_timestamp: 'last_updated_timestamp', timestamp: 'last_updated_timestamp' }, 'm.name ASC');
      const rows = store.models(where.sql, where.params, order, limit, offset);
      return { registered_models: modelJson(rows), ...(rows.length === limit ? { next_page_token: encodePageToken(offset + limit) } : {}) };
    }],
    ['POST', '/mlflow/registered-models/get-latest-versions', (args) => latestVersions(args)],
    ['GET', '/mlflow/registered-models/get-latest-versions', (args) => latestVersions(args)],
    ['POST', '/mlflow/registered-models/set-tag', (args, context) => (registry.setModelTag(modelName(args), requireString(args.key, 'key'), String(args.value ?? ''), context.user), {})],
    ['DELETE', '/mlflow/registered-models/delete-tag', (args, context) => (registry.deleteModelTag(modelName(args), requireString(args.key, 'key'), context.user), {})],
    ['POST', '/mlflow/registered-models/alias', (args, context) => (registry.setAlias(modelName(args), args.alias, parseVersionNumber(args.version), context.user), {})],
    ['DELETE', '/mlflow/registered-models/alias', (args, context) => (registry.deleteAlias(modelName(args), requireString(args.alias, 'alias'), context.user), {})],
    ['GET', '/mlflow/registered-models/alias', (args) => ({ model_version: versionJson([registry.versionByAlias(modelName(args), requireString(args.alias, 'alias'))])[0] })],
    ['POST', '/mlflow/model-versions/create', async (args, context) => {
      const row = await registry.createVersionFromSource(
        {
          name: modelName(args),
          source: requireString(args.source, 'source'),
          runId: optionalString(args.run_id, 'run_id'),
          runLink: optionalString(args.run_link, 'run_link'),
          description: optionalString(args.description, 'description'),
          tags: tagList(args.tags),
        },
        context.user,
      );
      return { model_version: versionJson([row])[0] };
    }],
    ['PATCH', '/mlflow/model-versions/update', (args, context) => {
      const { name, version } = versionArgs(args);
      return { model_version: versionJson([registry.updateVersion(name, version, optionalString(args.description, 'description') ?? '', context.user)])[0] };
    }],
    ['POST', '/mlflow/model-versions/transition-stage', (args, context) => {
      const { name, version } = versionArgs(args);
      if (args.archive_existing_versions === undefined) throw new ValidationError("Missing value for required parameter 'archive_existing_versions'.", { field: 'archive_existing_versions' });
      const archive = args.archive_existing_versions === true || args.archive_existing_versions === 'true';
      return { model_version: versionJson([registry.transitionStage(name, version, requireString(args.stage, 'stage'), archive, context.user)])[0] };
    }],
    ['DELETE', '/mlflow/model-versions/delete', (args, context) => {
      const { name, version } = versionArgs(args);
      registry.deleteVersion(name, version, context.user);
      return {};
    }],
    ['GET', '/mlflow/model-versions/get', (args) => {
      const { name, version } = versionArgs(args);
      return { model_version: versionJson([store.version(name, version)])[0] };
    }],
    ['GET', '/mlflow/model-versions/search', (args) => {
      const limit = parseLimit(args.max_results, 200_000, 200_000);
      const offset = typeof args.page_token === 'string' && args.page_token ? decodePageToken(args.page_token) : 0;
      const where = registryFilterSql(parseRegistryFilter(optionalString(args.filter, 'filter'), 'version'), 'v', 'version');
      const order = orderSql(
        orderList(args.order_by),
        'v',
        { name: 'name', version_number: 'version', creation_timestamp: 'creation_timestamp', last_updated_timestamp: 'last_updated_timestamp', timestamp: 'creation_timestamp' },
        'v.name ASC, v.version DESC',
      );
      const rows = store.searchVersions(where.sql, where.params, order, limit, offset);
      return { model_versions: versionJson(rows), ...(rows.length === limit ? { next_page_token: encodePageToken(offset + limit) } : {}) };
    }],
    ['GET', '/mlflow/model-versions/get-download-uri', (args) => {
      const { name, version } = versionArgs(args);
      return { artifact_uri: store.version(name, version).source };
    }],
    ['POST', '/mlflow/model-versions/set-tag', (args, context) => {
      const { name, version } = versionArgs(args);
      registry.setVersionTag(name, version, requireString(args.key, 'key'), String(args.value ?? ''), context.user);
      return {};
    }],
    ['DELETE', '/mlflow/model-versions/delete-tag', (args, context) => {
      const { name, version } = versionArgs(args);
      registry.deleteVersionTag(name, version, requireString(args.key, 'key'), context.user);
      return {};
    }],
  ];

  function latestVersions(args: Args) {
    const name = modelName(args);
    store.model(name);
    const stages = orderList(args.stages);
    return { model_versions: versionJson(latestPerStage(name, stages)) };
  }

  const routes: Route[] = [];
  for (const [method, path, handler] of rpc) {
    // MLflow sends DELETE and PATCH bodies as JSON; GET arguments come in the query string.
    const wrapped: Handler = async (context) => handler(method === 'GET' ? queryObject(context.url) : await context.body(), context);
    for (const fullPath of mlflowPaths(path)) routes.push({ method, path: fullPath, flavour: 'mlflow', handler: wrapped });
  }
  return routes;
}
