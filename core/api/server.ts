import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readJsonBody } from './body.js';
import { WorkbenchError, statusFor, type ErrorCode } from './errors.js';
import type { Flavour, RequestContext, Router } from './router.js';
import { serveStatic } from './static-files.js';

export interface ServerOptions {
  router: Router;
  token: string;
  user: string;
  /** Other people's tokens (`mlwb users add`): the user a token belongs to, or undefined. */
  userForToken?: (token: string) => string | undefined;
  /** Built renderer folder; omitted when none is built. */
  rendererDir?: string;
  /** Default JSON body limit in bytes. */
  bodyLimit?: number;
  log?: (line: string) => void;
}

const defaultBodyLimit = 16 * 1024 * 1024;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendError(response: ServerResponse, flavour: Flavour, code: ErrorCode, message: string, details?: Record<string, unknown>): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const status = statusFor(code, flavour);
  const body = flavour === 'mlflow' ? { error_code: code, message } : { error: { code, message, ...(details ? { details } : {}) } };
  sendJson(response, status, body);
}

function flavourOf(path: string): Flavour {
  return path.startsWith('/api/2.0') || path.startsWith('/api/3.0') || path.startsWith('/ajax-api/') ? 'mlflow' : 'api';
}

function hasDotSegment(rawUrl: string): boolean {
  const path = rawUrl.split('?')[0];
  return path.split('/').some((segment) => {
    const decoded = segment.replace(/%2e/gi, '.');
    return decoded === '..' || decoded === '.';
  });
}

function tokenMatches(expected: Buffer, offered: string | undefined): boolean {
  if (!offered) return false;
  const candidate = Buffer.from(offered);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/**
 * The token a request offers: `Bearer <token>`, or Basic credentials whose password is the token
 * (MLflow clients send Basic when MLFLOW_TRACKING_USERNAME/PASSWORD are set).
 */
function offeredToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1].trim(), 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

/** The core's HTTP server: auth, routing, one error envelope per flavour, request log. */
export function createCoreServer(options: ServerOptions): Server {
  const expectedToken = Buffer.from(options.token);
  const log = options.log ?? (() => {});
  const server = createServer((request, response) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      log(`${new Date().toISOString()} ${request.method} ${request.url?.split('?')[0]} ${response.statusCode} ${milliseconds.toFixed(1)}ms`);
    });
    handle(request, response).catch((error) => {
      log(`${new Date().toISOString()} internal error: ${(error as Error).stack ?? String(error)}`);
      sendError(response, 'api', 'INTERNAL_ERROR', 'Internal error');
    });
  });
  // Artifact uploads of any size stream for as long as they take (reference §14).
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const flavour = flavourOf(url.pathname);
    // URL parsing silently resolves dot segments; a request that needed them is refused instead.
    if (hasDotSegment(request.url ?? '/')) {
      request.resume();
      sendError(response, flavour, 'INVALID_PARAMETER_VALUE', `Invalid path '${request.url?.split('?')[0]}': '..' is not allowed.`);
      return;
    }
    const matched = options.router.match(method === 'HEAD' ? 'GET' : method, url.pathname);
    const isApi = url.pathname.startsWith('/api/') || url.pathname.startsWith('/ajax-api/') || url.pathname === '/api';

    if (!matched) {
      if (!isApi && (method === 'GET' || method === 'HEAD') && options.rendererDir && (await serveStatic(options.rendererDir, url.pathname, response))) return;
      request.resume();
      const known = options.router.hasPath(url.pathname);
      sendError(response, flavour, 'ENDPOINT_NOT_FOUND', known ? `Method ${method} is not allowed for ${url.pathname}` : `No API endpoint at ${method} ${url.pathname}`);
      return;
    }

    const { route, params } = matched;
    let user = options.user;
    if (!route.public) {
      const offered = offeredToken(request) ?? (route.tokenInQuery ? (url.searchParams.get('token') ?? undefined) : undefined);
      const otherUser = offered && !tokenMatches(expectedToken, offered) ? options.userForToken?.(offered) : undefined;
      if (otherUser) user = otherUser;
      else if (!tokenMatches(expectedToken, offered)) {
        request.resume();
        response.setHeader('WWW-Authenticate', 'Bearer');
        sendError(response, route.flavour, 'UNAUTHENTICATED', offered ? 'The bearer token is not valid for this server.' : 'Missing bearer token: send "Authorization: Bearer <token>" (see server.json).');
        return;
      }
    }

    let body: Promise<Record<string, unknown>> | undefined;
    const context: RequestContext = {
      request,
      response,
      url,
      params,
      user,
      body: () => (body ??= readJsonBody(request, route.bodyLimit ?? options.bodyLimit ?? defaultBodyLimit, route.flavour)),
    };
    try {
      const result = await route.handler(context);
      if (!route.rawBody && !body) request.resume();
      if (result !== undefined && !response.headersSent) sendJson(response, 200, result);
    } catch (error) {
      request.resume();
      if (error instanceof WorkbenchError) {
        sendError(response, route.flavour, error.code, error.message, error.details);
      } else {
        log(`${new Date().toISOString()} internal error on ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
        process.stderr.write(`internal error on ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}\n`);
        sendError(response, route.flavour, 'INTERNAL_ERROR', `Internal error: ${(error as Error).message}`);
      }
    }
  }

  return server;
}
