// `/api/datasets` routes (contract in core/api/contract.ts, datasets section).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { queryObject } from '../api/body.js';
import type { DatasetDetailResponse, DatasetListResponse, DatasetPreviewResponse, DatasetVersionResponse, ImportDatasetResponse } from '../api/contract.js';
import { importDatasetFileRequest, importDatasetQuery } from '../api/contract.js';
import { ValidationError } from '../api/errors.js';
import type { RequestContext, Route } from '../api/router.js';
import { parseBody } from '../tracking/api-routes.js';
import type { Workspace } from '../workspace/workspace.js';
import { DatasetService, maxPreviewRows, versionResponse } from './dataset-service.js';
import { overridesFromJson } from './infer-schema.js';

/** A version path segment: a whole number from 1, or "latest" (undefined). */
export function parseVersion(text: string): number | undefined {
  if (text === 'latest') return undefined;
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new ValidationError(`Invalid dataset version '${text}': expected a whole number from 1, or 'latest'.`, { field: 'version', value: text });
  return Number(text);
}

function previewRowCount(context: RequestContext): number {
  const text = context.url.searchParams.get('rows');
  if (text === null) return 50;
  const rows = Number(text);
  if (!Number.isInteger(rows) || rows < 1 || rows > maxPreviewRows) throw new ValidationError(`Invalid value for 'rows': expected a whole number from 1 to ${maxPreviewRows}, got '${text}'.`, { field: 'rows' });
  return rows;
}

export function datasetRoutes(workspace: Workspace): Route[] {
  const datasets = new DatasetService(workspace);
  const route = (method: string, path: string, handler: Route['handler'], options: Partial<Route> = {}): Route => ({ method, path, flavour: 'api', handler, ...options });
  return [
    route('GET', '/api/datasets', (): DatasetListResponse => ({ datasets: datasets.store.list() })),
    route(
      'POST',
      '/api/datasets/import',
      async (context): Promise<ImportDatasetResponse> => {
        const parsed = importDatasetQuery.safeParse(queryObject(context.url));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue.path.join('.') || 'query';
          throw new ValidationError(`Invalid value for '${field}': ${issue.message}`, { field });
        }
        const query = parsed.data;
        const fileName = query.filename ?? query.name ?? 'upload';
        return datasets.import({
          source: context.request,
          fileName,
          name: query.name,
          format: query.format,
          types: query.types === undefined ? undefined : overridesFromJson(query.types),
          user: context.user,
        });
      },
      { rawBody: true },
    ),
    route('POST', '/api/datasets/import-file', async (context): Promise<ImportDatasetResponse> => {
      const body = await parseBody(context, importDatasetFileRequest);
      const file = path.resolve(body.path);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new ValidationError(`No such file: ${body.path}`, { field: 'path' });
      return datasets.import({
        source: createReadStream(file),
        fileName: path.basename(file),
        name: body.name,
        format: body.format,
        types: body.types === undefined ? undefined : overridesFromJson(JSON.stringify(body.types)),
        user: context.user,
      });
    }),
    route('GET', '/api/datasets/:name', (context): DatasetDetailResponse => datasets.store.get(context.params.name)),
    route('GET', '/api/datasets/:name/versions/:version', (context): DatasetVersionResponse => versionResponse(datasets.store.version(context.params.name, parseVersion(context.params.version)))),
    route(
      'GET',
      '/api/datasets/:name/versions/:version/preview',
      (context): Promise<DatasetPreviewResponse> => datasets.preview(context.params.name, parseVersion(context.params.version), previewRowCount(context)),
    ),
  ];
}
