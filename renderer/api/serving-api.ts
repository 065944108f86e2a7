import type {
  DeploymentListResponse,
  DeploymentSummary,
  DeploymentTrafficResponse,
  PredictionLogResponse,
  RolloutRequest,
  UpdateDeploymentRequest,
} from '../../core/api/serving-contract';
import type { ApiClient, RequestOptions } from './client';

const segment = encodeURIComponent;

function deploymentPath(name: string): string {
  return `/api/deployments/${segment(name)}`;
}

/** Typed calls for the /api/deployments routes (core/api/serving-contract.ts). */
export class ServingApi {
  constructor(readonly client: ApiClient) {}

  list(options?: RequestOptions): Promise<DeploymentListResponse> {
    return this.client.get('/api/deployments', undefined, options);
  }

  create(request: { name: string; model: string; version: number }, options?: RequestOptions): Promise<{ deployment: DeploymentSummary }> {
    return this.client.post('/api/deployments', request, options);
  }

  detail(name: string, options?: RequestOptions): Promise<{ deployment: DeploymentSummary }> {
    return this.client.get(deploymentPath(name), undefined, options);
  }

  rollout(name: string, request: RolloutRequest, options?: RequestOptions): Promise<{ deployment: DeploymentSummary }> {
    return this.client.post(`${deploymentPath(name)}/rollout`, request, options);
  }

  async update(name: string, request: UpdateDeploymentRequest, options?: RequestOptions): Promise<{ deployment: DeploymentSummary }> {
    const response = await this.client.send('PATCH', deploymentPath(name), undefined, request, options);
    return (await response.json()) as { deployment: DeploymentSummary };
  }

  promote(name: string, options?: RequestOptions): Promise<{ deployment: DeploymentSummary }> {
    return this.client.post(`${deploymentPath(name)}/promote`, {}, options);
  }

  rollback(name: string, options?: RequestOptions): Promise<{ deployment: DeploymentSummary }> {
    return this.client.post(`${deploymentPath(name)}/rollback`, {}, options);
  }

  async remove(name: string, options?: RequestOptions): Promise<void> {
    await this.client.send('DELETE', deploymentPath(name), undefined, undefined, options);
  }

  traffic(name: string, seconds: number, options?: RequestOptions): Promise<DeploymentTrafficResponse> {
    return this.client.get(`${deploymentPath(name)}/traffic`, { seconds: String(seconds) }, options);
  }

  predictions(name: string, limit: number, options?: RequestOptions): Promise<PredictionLogResponse> {
    return this.client.get(`${deploymentPath(name)}/predictions`, { limit: String(limit) }, options);
  }
}

// The inference listener is another origin (its own port) without bearer auth; it sends CORS
// headers, so the renderer calls it directly, the way any client of the deployment would.

export interface InferenceRequest {
  url: string;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface InferenceResult {
  /** 0 when the listener could not be reached. */
  status: number;
  latencyMs: number;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
  /** The arm that answered: the `x-model-variant` header, else the body's `arm` or V2 `parameters.variant`. */
  arm: string | null;
}

export function armOf(headerValue: string | null, body: unknown): string | null {
  if (headerValue) return headerValue;
  if (typeof body !== 'object' || body === null) return null;
  const record = body as { arm?: unknown; parameters?: { variant?: unknown } };
  if (typeof record.arm === 'string') return record.arm;
  if (typeof record.parameters?.variant === 'string') return record.parameters.variant;
  return null;
}

export async function sendInference(request: InferenceRequest): Promise<InferenceResult> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'Content-Type': request.contentType ?? 'application/json', ...request.headers },
      body: request.body,
      signal: request.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    return { status: 0, latencyMs: performance.now() - started, body: `Cannot reach the inference listener at ${request.url}.`, arm: null };
  }
  const text = await response.text();
  const latencyMs = performance.now() - started;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Plain-text answers (MLflow's 415 message) are shown as they are.
  }
  return { status: response.status, latencyMs, body, arm: armOf(response.headers.get('x-model-variant'), body) };
}

/** Open Inference Protocol v2 model metadata (GET {inference_url}/v2/models/{name}). */
export interface V2TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
}

export interface V2ModelMetadata {
  name: string;
  versions?: string[];
  platform?: string;
  inputs: V2TensorMetadata[];
  outputs: V2TensorMetadata[];
}

export async function fetchV2Metadata(inferenceUrl: string, name: string, signal?: AbortSignal): Promise<V2ModelMetadata> {
  const url = new URL(`v2/models/${segment(name)}`, withTrailingSlash(inferenceUrl)).toString();
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`The inference listener answered ${response.status} for ${url}.`);
  return (await response.json()) as V2ModelMetadata;
}

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
