import type { CoreConnection } from '../../core/api/desktop';
import { ApiError, isAbortError, parseErrorEnvelope } from './api-error';

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * Errors the caller shows in place (a filter's syntax error under the filter box) are not also
   * reported globally; everything else reaches the failure listener, which shows a toast.
   */
  handledInline?: (error: ApiError) => boolean;
}

export interface UploadOptions extends RequestOptions {
  /** Bytes sent so far and the total, as the browser reports them while the body goes out. */
  onProgress?: (sent: number, total: number) => void;
}

export type QueryValues = Record<string, string | undefined>;
export type FailureListener = (error: ApiError) => void;
type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

/** Transport for the core's /api routes: bearer auth, JSON bodies and the error envelope. */
export class ApiClient {
  constructor(
    readonly connection: CoreConnection,
    private readonly onFailure: FailureListener,
    // Wrapped so `fetch` is never called with this client as its receiver (an "Illegal invocation").
    private readonly fetcher: Fetcher = (input, init) => fetch(input, init),
  ) {}

  url(path: string, query: QueryValues = {}): string {
    const url = new URL(path, this.connection.url);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return url.toString();
  }

  /** For <img src> and download links, which cannot send an Authorization header. */
  authorizedUrl(path: string, query: QueryValues = {}): string {
    return this.url(path, { ...query, token: this.connection.token });
  }

  get<T>(path: string, query?: QueryValues, options?: RequestOptions): Promise<T> {
    return this.json<T>('GET', path, query, undefined, options);
  }

  post<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.json<T>('POST', path, undefined, body, options);
  }

  /**
   * Posts a file as the raw request body and parses the JSON answer. XMLHttpRequest, not fetch:
   * only it reports upload progress, which a large import needs to show.
   */
  upload<T>(path: string, query: QueryValues, body: Blob, options: UploadOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', this.url(path, query));
      request.setRequestHeader('Authorization', `Bearer ${this.connection.token}`);
      request.setRequestHeader('Content-Type', 'application/octet-stream');
      request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : body.size);
      request.onload = () => {
        if (request.status < 200 || request.status >= 300) {
          reject(this.fail(parseErrorEnvelope(request.status, request.statusText, request.responseText), options));
          return;
        }
        try {
          resolve(JSON.parse(request.responseText) as T);
        } catch {
          reject(this.fail(new ApiError(request.status, 'BAD_RESPONSE', `The core answered POST ${path} with a body that is not JSON.`), options));
        }
      };
      request.onerror = () => reject(this.fail(new ApiError(0, 'NETWORK_ERROR', `Cannot reach the core at ${this.connection.url}.`), options));
      request.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      options.signal?.addEventListener('abort', () => request.abort(), { once: true });
      request.send(body);
    });
  }

  /** Sends a request and returns the successful response unread, for streamed bodies. */
  async send(
    method: string,
    path: string,
    query?: QueryValues,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.connection.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetcher(this.url(path, query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal,
      });
    } catch (cause) {
      if (isAbortError(cause)) throw cause;
      throw this.fail(new ApiError(0, 'NETWORK_ERROR', `Cannot reach the core at ${this.connection.url}.`), options);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw this.fail(parseErrorEnvelope(response.status, response.statusText, text), options);
    }
    return response;
  }

  private async json<T>(
    method: string,
    path: string,
    query: QueryValues | undefined,
    body: unknown,
    options?: RequestOptions,
  ): Promise<T> {
    const response = await this.send(method, path, query, body, options);
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw this.fail(
        new ApiError(response.status, 'BAD_RESPONSE', `The core answered ${method} ${path} with a body that is not JSON.`),
        options ?? {},
      );
    }
  }

  private fail(error: ApiError, options: RequestOptions): ApiError {
    if (!options.handledInline?.(error)) this.onFailure(error);
    return error;
  }
}
