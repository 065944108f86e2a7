import type { IncomingMessage, ServerResponse } from 'node:http';

export type Flavour = 'mlflow' | 'api';

export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** The person the request acts for (the user bound to the token). */
  user: string;
  /** The parsed JSON body (POST/PATCH/DELETE) or {} when empty; limited by the route. */
  body(): Promise<Record<string, unknown>>;
}

/** A handler returns the JSON to send, or `undefined` after writing the response itself (streams). */
export type Handler = (context: RequestContext) => Promise<unknown> | unknown;

export interface Route {
  method: string;
  path: string;
  flavour: Flavour;
  handler: Handler;
  /** Largest accepted request body in bytes; defaults to the server's. */
  bodyLimit?: number;
  /** Bodies are not parsed: the handler streams the request itself (artifact uploads). */
  rawBody?: boolean;
  /** Reached without a token (health checks). */
  public?: boolean;
  /** A `?token=` query parameter is accepted in place of the header (for <img src>, downloads). */
  tokenInQuery?: boolean;
}

interface Matched {
  route: Route;
  params: Record<string, string>;
}

/**
 * Exact paths are one map lookup; paths with `:name` segments or a trailing `*name` (rest of the
 * path) are matched in registration order.
 */
export class Router {
  private readonly exact = new Map<string, Route>();
  private readonly patterns: Array<{ route: Route; segments: string[] }> = [];

  add(route: Route): void {
    if (!route.path.includes(':') && !route.path.includes('*')) this.exact.set(`${route.method} ${route.path}`, route);
    else this.patterns.push({ route, segments: route.path.split('/') });
  }

  addAll(routes: Route[]): void {
    for (const route of routes) this.add(route);
  }

  match(method: string, path: string): Matched | null {
    const exact = this.exact.get(`${method} ${path}`);
    if (exact) return { route: exact, params: {} };
    const parts = path.split('/');
    for (const { route, segments } of this.patterns) {
      if (route.method !== method) continue;
      const params = matchSegments(segments, parts);
      if (params) return { route, params };
    }
    return null;
  }

  /** Whether some route exists for the path under another method (to say 405 rather than 404). */
  hasPath(path: string): boolean {
    for (const key of this.exact.keys()) if (key.slice(key.indexOf(' ') + 1) === path) return true;
    const parts = path.split('/');
    return this.patterns.some(({ segments }) => matchSegments(segments, parts) !== null);
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (segment.startsWith('*')) {
      params[segment.slice(1)] = parts.slice(index).map(safeDecode).join('/');
      return params;
    }
    if (index >= parts.length) return null;
    if (segment.startsWith(':')) {
      if (parts[index] === '') return null;
      params[segment.slice(1)] = safeDecode(parts[index]);
    } else if (segment !== parts[index]) return null;
  }
  return segments.length === parts.length ? params : null;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** MLflow serves every RPC under the REST prefix, the UI's ajax prefix and the old preview alias. */
export function mlflowPaths(path: string): string[] {
  return ['/api/2.0', '/ajax-api/2.0', '/api/2.0/preview', '/ajax-api/2.0/preview'].map((prefix) => `${prefix}${path}`);
}
