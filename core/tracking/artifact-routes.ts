// The mlflow-artifacts proxy (reference §9) and the streaming helpers our own routes share.
import type { ServerResponse } from 'node:http';
import { ValidationError, WorkbenchError } from '../api/errors.js';
import { mlflowPaths, type RequestContext, type Route } from '../api/router.js';
import { contentTypeFor } from '../api/static-files.js';
import { validateArtifactPath } from './artifacts.js';
import type { TrackingService } from './service.js';

/** Streams a stored file, honouring a single `Range: bytes=a-b` request. */
export function streamArtifact(tracking: TrackingService, storagePath: string, context: RequestContext, options: { download?: boolean } = {}): void {
  const file = tracking.artifacts.file(storagePath);
  const response: ServerResponse = context.response;
  const name = storagePath.slice(storagePath.lastIndexOf('/') + 1);
  const headers: Record<string, string | number> = {
    'Content-Type': contentTypeFor(name),
    'Accept-Ranges': 'bytes',
    ETag: `"${file.sha256}"`,
    'X-Content-Type-Options': 'nosniff',
  };
  if (options.download) headers['Content-Disposition'] = `attachment; filename="${name.replace(/"/g, '')}"`;
  const range = parseRange(context.request.headers.range, file.size);
  if (range === 'unsatisfiable') {
    response.writeHead(416, { 'Content-Range': `bytes */${file.size}` });
    response.end();
    return;
  }
  if (range) {
    response.writeHead(206, { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`, 'Content-Length': range.end - range.start + 1 });
  } else {
    response.writeHead(200, { ...headers, 'Content-Length': file.size });
  }
  if (context.request.method === 'HEAD' || file.size === 0) {
    response.end();
    return;
  }
  const stream = tracking.artifacts.open(storagePath, range ?? undefined);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

export function mlflowArtifactRoutes(tracking: TrackingService): Route[] {
  const storagePathOf = (context: RequestContext) => validateArtifactPath(context.params.path ?? '', 'path');
  const routes: Route[] = [];
  for (const base of mlflowPaths('/mlflow-artifacts/artifacts')) {
    routes.push(
      {
        method: 'GET',
        path: base,
        flavour: 'mlflow',
        handler: (context) => {
          const directory = validateArtifactPath(context.url.searchParams.get('path') ?? '', 'path', { allowEmpty: true });
          return { files: tracking.artifacts.list(directory, directory) };
        },
      },
      { method: 'GET', path: `${base}/*path`, flavour: 'mlflow', handler: (context) => streamArtifact(tracking, storagePathOf(context), context) },
      {
        method: 'PUT',
        path: `${base}/*path`,
        flavour: 'mlflow',
        rawBody: true,
        handler: async (context) => {
          const path = storagePathOf(context);
          await tracking.artifacts.put(path, context.request, context.user);
          return {};
        },
      },
      { method: 'DELETE', path: `${base}/*path`, flavour: 'mlflow', handler: (context) => (tracking.artifacts.remove(storagePathOf(context)), {}) },
    );
  }
  for (const action of ['create', 'complete', 'abort']) {
    for (const path of mlflowPaths(`/mlflow-artifacts/mpu/${action}/*path`)) {
      routes.push({
        method: 'POST',
        path,
        flavour: 'mlflow',
        handler: () => {
          // MLflow's client falls back to a plain PUT only when the message starts with exactly this text.
          throw new WorkbenchError('NOT_IMPLEMENTED', 'Multipart upload is not supported for the current artifact repository; upload with PUT (streamed, no size limit).');
        },
      });
    }
  }
  for (const path of mlflowPaths('/mlflow-artifacts/mpd/presigned/*path')) {
    routes.push({
      method: 'GET',
      path,
      flavour: 'mlflow',
      handler: () => {
        throw new WorkbenchError('NOT_IMPLEMENTED', 'Presigned download is not supported for the current artifact repository; download with GET (streamed, Range supported).');
      },
    });
  }
  return routes;
}

export function requireQuery(context: RequestContext, name: string): string {
  const value = context.url.searchParams.get(name);
  if (value === null || value === '') throw new ValidationError(`Missing value for required query parameter '${name}'.`, { field: name });
  return value;
}
