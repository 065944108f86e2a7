// The inference listener: its own port (default 5000), plain node:http, a dispatch on the path
// without a general router (this runs tens of thousands of times a second). Loopback binds are
// open like any local model server; a non-loopback bind requires an API key (a workspace token,
// as `Authorization: Bearer` or `x-api-key`). CORS is open so the UI's try-it panel and browser
// clients on other origins can call it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InferenceRequest {
  request: IncomingMessage;
  response: ServerResponse;
  method: string;
  /** Path segments after the leading slash, decoded. */
  segments: string[];
  /** The path without the query string. */
  path: string;
  /** The query string's parameters (parsed on first use: most requests have none). */
  query(): URLSearchParams;
  /** The whole body (bounded); rejects with a 413-shaped BodyTooLarge when over the limit. */
  body(): Promise<Buffer>;
}

export type InferenceDispatch = (request: InferenceRequest) => Promise<void> | void;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes.`);
  }
}

export interface InferenceListenerOptions {
  host: string;
  port: number;
  /** When set, every request needs a key this accepts (non-loopback binds). */
  authorize?: (key: string | undefined) => boolean;
  bodyLimit: number;
  dispatch: InferenceDispatch;
  log?: (line: string) => void;
}

/**
 * CORS, for browser clients on other origins (the UI's try-it panel is one): only a request that
 * carries an Origin header gets the two response headers, and only a preflight the rest. Other
 * clients (SDKs, curl, load generators) get none: validating and writing four long headers was a
 * tenth of a small request's cost.
 */
const originHeaders: ReadonlyArray<[string, string]> = [
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Expose-Headers', 'x-model-variant, x-model-version, x-request-id'],
];
const preflightHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, x-api-key, x-deployment, x-model-variant, x-routing-key, x-request-id',
  'Access-Control-Max-Age': '600',
};

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    request.resume();
    return Promise.reject(new BodyTooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}

function offeredKey(request: IncomingMessage): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  return authorization && /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, '').trim() : undefined;
}

export async function startInferenceListener(options: InferenceListenerOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, preflightHeaders).end();
      return;
    }
    // Set before any writeHead, which merges them into the answer, errors included.
    if (request.headers.origin !== undefined) for (const [name, value] of originHeaders) response.setHeader(name, value);
    if (options.authorize && !options.authorize(offeredKey(request))) {
      request.resume();
      response
        .writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' })
        .end('{"error":"An API key is required: send Authorization: Bearer <key> or x-api-key."}');
      return;
    }
    // No URL object per request: split the path by hand and parse a query string only when asked.
    const target = request.url ?? '/';
    const mark = target.indexOf('?');
    const path = mark < 0 ? target : target.slice(0, mark);
    const segments = path.split('/').slice(1);
    if (path.includes('%')) {
      for (let index = 0; index < segments.length; index++) {
        try {
          segments[index] = decodeURIComponent(segments[index]);
        } catch {
          // a malformed escape stays as sent; no endpoint matches it
        }
      }
    }
    let query: URLSearchParams | undefined;
    let body: Promise<Buffer> | undefined;
    const context: InferenceRequest = {
      request,
      response,
      method: request.method ?? 'GET',
      segments,
      path,
      query: () => (query ??= new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1))),
      body: () => (body ??= readBody(request, options.bodyLimit)),
    };
    Promise.resolve(options.dispatch(context)).catch((error: unknown) => {
      options.log?.(`${new Date().toISOString()} inference internal error: ${(error as Error)?.stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"Internal error"}');
      else response.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` };
}
