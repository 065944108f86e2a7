// HTTP client of a team registry (`mlwb serve --team-registry`, contract: core/api/team-contract.ts).
// The token is read at use from the variable or file the remote names, never stored by us. Answers
// become core's named errors naming the remote and its URL; network failures and 5xx answers are
// retried with exponential backoff before giving up.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CancelledError, ConflictError, ForbiddenError, NotFoundError, ValidationError, WorkbenchError, type ErrorCode } from '../api/errors.js';
import { teamApiBase, type TeamIndexResponse, type TeamModelsResponse, type TeamPushRequest, type TeamPushResponse, type TeamUploadResponse, type TeamWhoamiResponse } from '../api/team-contract.js';
import { parseIndex } from './layout.js';
import type { Remote, TeamRemoteConfig } from './remote-store.js';

export type TeamRemote = Extract<Remote, { kind: 'team' }>;

/** Attempts per request before a team registry counts as unreachable. */
export const teamAttempts = 4;
/** First backoff delay; doubled after each failed attempt (100, 200, 400 ms). */
const firstDelayMs = 100;

/** The token a team remote names, read now; a ForbiddenError saying where it looked when there is none. */
export async function readTeamToken(name: string, config: TeamRemoteConfig): Promise<string> {
  if (config.token_env) {
    const token = process.env[config.token_env]?.trim();
    if (!token) throw new ForbiddenError(`No token for team registry '${name}' (${config.url}): the environment variable ${config.token_env} is not set.`, { remote: name, token_env: config.token_env });
    return token;
  }
  if (config.token_file) {
    let token: string;
    try {
      token = (await readFile(config.token_file, 'utf8')).trim();
    } catch (error) {
      throw new ForbiddenError(`No token for team registry '${name}' (${config.url}): cannot read the token file ${config.token_file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, { remote: name, token_file: config.token_file });
    }
    if (!token) throw new ForbiddenError(`No token for team registry '${name}' (${config.url}): the token file ${config.token_file} is empty.`, { remote: name, token_file: config.token_file });
    return token;
  }
  throw new ForbiddenError(`Team registry '${name}' (${config.url}) names no token variable or file.`, { remote: name });
}

interface RequestOptions {
  method?: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** What the request is for, in messages: "reading the index of churn". */
  doing: string;
  /** Statuses answered as null instead of an error (404 for a missing file). */
  allow?: number[];
}

export class TeamClient {
  readonly base: string;

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly token: () => Promise<string>,
  ) {
    this.base = `${url}${teamApiBase}`;
  }

  static forRemote(remote: TeamRemote): TeamClient {
    return new TeamClient(remote.name, remote.config.url, () => readTeamToken(remote.name, remote.config));
  }

  /** `<url>/api/team/v1/models/<name>`: where a model is, in provenance and messages. */
  modelLocation(name: string): string {
    return `${this.base}/models/${encodeURIComponent(name)}`;
  }

  versionLocation(name: string, version: number): string {
    return `${this.modelLocation(name)}/versions/${version}`;
  }

  whoami(signal?: AbortSignal): Promise<TeamWhoamiResponse> {
    return this.json('/whoami', { signal, doing: 'checking who the token belongs to' });
  }

  models(signal?: AbortSignal): Promise<TeamModelsResponse> {
    return this.json('/models', { signal, doing: 'listing the models' });
  }

  async index(name: string, signal?: AbortSignal): Promise<TeamIndexResponse> {
    const path = `/models/${encodeURIComponent(name)}/index`;
    const response = await this.request(path, { signal, doing: `reading the index of ${name}` });
    return parseIndex(await response!.text(), `${this.base}${path}`);
  }

  /** One file of a version folder as a stream, or null when the registry has no such file. */
  async file(name: string, version: number, file: string, signal?: AbortSignal): Promise<Readable | null> {
    const response = await this.request(`/models/${encodeURIComponent(name)}/versions/${version}/files/${encodeURIComponent(file)}`, { signal, doing: `reading ${file} of ${name} v${version}`, allow: [404] });
    if (!response) return null;
    return Readable.fromWeb(response.body! as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  upload(sha256: string, signal?: AbortSignal): Promise<TeamUploadResponse> {
    return this.json(`/uploads/${sha256}`, { signal, doing: `asking how much of model ${sha256.slice(0, 12)}… is uploaded` });
  }

  uploadChunk(sha256: string, start: number, chunk: Buffer, total: number, signal?: AbortSignal): Promise<TeamUploadResponse> {
    return this.json(`/uploads/${sha256}`, {
      method: 'PUT',
      body: chunk,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${start}-${start + chunk.length - 1}/${total}` },
      signal,
      doing: `uploading bytes ${start} to ${start + chunk.length} of model ${sha256.slice(0, 12)}…`,
    });
  }

  publish(name: string, body: TeamPushRequest, signal?: AbortSignal): Promise<TeamPushResponse> {
    return this.json(`/models/${encodeURIComponent(name)}/versions`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
      signal,
      doing: `publishing version ${body.version} of ${name}`,
    });
  }

  private async json<Result>(path: string, options: RequestOptions): Promise<Result> {
    const response = await this.request(path, options);
    return (await response!.json()) as Result;
  }

  /** One request with retries; null for a status in `allow`; core's named errors otherwise. */
  async request(path: string, options: RequestOptions): Promise<Response | null> {
    const token = await this.token();
    let lastProblem = '';
    for (let attempt = 1; attempt <= teamAttempts; attempt++) {
      if (options.signal?.aborted) throw this.cancelled(options.doing);
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method: options.method ?? 'GET',
          body: options.body,
          headers: { ...options.headers, Authorization: `Bearer ${token}` },
          signal: options.signal,
        });
      } catch (error) {
        if (options.signal?.aborted || (error as Error).name === 'AbortError') throw this.cancelled(options.doing);
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        lastProblem = cause?.code ?? cause?.message ?? (error as Error).message;
        await this.backoff(attempt, options);
        continue;
      }
      if (response.ok) return response;
      if (options.allow?.includes(response.status)) {
        await response.body?.cancel();
        return null;
      }
      const envelope = await readEnvelope(response);
      if (response.status >= 500) {
        lastProblem = `${response.status} ${envelope.message}`;
        await this.backoff(attempt, options);
        continue;
      }
      throw this.explain(response.status, envelope, options.doing);
    }
    throw new WorkbenchError('INTERNAL_ERROR', `Team registry '${this.name}' (${this.url}) is unreachable after ${teamAttempts} attempts while ${options.doing}: ${lastProblem}`, { remote: this.name });
  }

  private async backoff(attempt: number, options: RequestOptions): Promise<void> {
    if (attempt === teamAttempts) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, firstDelayMs * 2 ** (attempt - 1));
      function done() {
        options.signal?.removeEventListener('abort', aborted);
        resolve();
      }
      const aborted = () => {
        clearTimeout(timer);
        reject(this.cancelled(options.doing));
      };
      options.signal?.addEventListener('abort', aborted, { once: true });
    });
  }

  private cancelled(doing: string): CancelledError {
    return new CancelledError(`Cancelled while ${doing} on team registry '${this.name}' (${this.url}).`);
  }

  /** A 4xx answer as one of core's named errors, with the server's own message. */
  private explain(status: number, envelope: Envelope, doing: string): Error {
    const details = { ...envelope.details, remote: this.name, url: this.url };
    const where = `team registry '${this.name}' (${this.url})`;
    if (status === 401) return new ForbiddenError(`Token rejected by ${where} while ${doing}: ${envelope.message}`, details);
    if (status === 403) return new ForbiddenError(`${capitalised(where)} refused ${doing}: ${envelope.message}`, details);
    if (status === 404) return new NotFoundError(`${capitalised(where)}: ${envelope.message}`, details);
    if (status === 409) return new ConflictError(`${capitalised(where)}: ${envelope.message}`, details, envelope.code === 'RESOURCE_ALREADY_EXISTS' ? 'RESOURCE_ALREADY_EXISTS' : 'RESOURCE_CONFLICT');
    return new ValidationError(`${capitalised(where)} refused ${doing} (${status}): ${envelope.message}`, details, status === 413 ? 'REQUEST_TOO_LARGE' : 'INVALID_PARAMETER_VALUE');
  }
}

interface Envelope {
  code: ErrorCode | string;
  message: string;
  details?: Record<string, unknown>;
}

async function readEnvelope(response: Response): Promise<Envelope> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: Envelope };
    if (parsed.error?.message) return parsed.error;
  } catch {
    // not our envelope: a proxy's page or an empty body
  }
  return { code: String(response.status), message: text.trim().slice(0, 200) || response.statusText };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
