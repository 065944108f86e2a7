import type {
  AuditListResponse,
  AuditVerifyResponse,
  LineageGraphResponse,
  ModelDetailResponse,
  ModelListResponse,
  ModelSummary,
  PolicyResponse,
  PolicyVersionsResponse,
  RegisterRunRequest,
  ReviewDecisionRequest,
  ReviewDetail,
  ReviewListResponse,
  ReviewSummary,
  SubmitResponse,
  VersionDetailResponse,
} from '../../core/api/registry-contract';
import type { ApiClient, QueryValues, RequestOptions, UploadOptions } from './client';

const segment = encodeURIComponent;

export type ReviewState = ReviewSummary['state'];
export type CardFormat = 'md' | 'html';

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  /** Entries older than this sequence number (the next page, newest first). */
  before?: number;
  limit?: number;
}

function modelPath(name: string): string {
  return `/api/models/${segment(name)}`;
}

function versionPath(name: string, version: number): string {
  return `${modelPath(name)}/versions/${version}`;
}

/** Typed calls for the registry and governance routes (core/api/registry-contract.ts). */
export class RegistryApi {
  constructor(readonly client: ApiClient) {}

  listModels(options?: RequestOptions): Promise<ModelListResponse> {
    return this.client.get('/api/models', undefined, options);
  }

  createModel(name: string, description: string, options?: RequestOptions): Promise<{ model: ModelSummary }> {
    return this.client.post('/api/models', { name, description }, options);
  }

  model(name: string, options?: RequestOptions): Promise<ModelDetailResponse> {
    return this.client.get(modelPath(name), undefined, options);
  }

  async updateModelDescription(name: string, description: string, options?: RequestOptions): Promise<void> {
    await this.client.send('PATCH', modelPath(name), undefined, { description }, options);
  }

  async deleteModel(name: string, options?: RequestOptions): Promise<void> {
    await this.client.send('DELETE', modelPath(name), undefined, undefined, options);
  }

  async setModelTag(name: string, key: string, value: string, options?: RequestOptions): Promise<void> {
    await this.client.send('POST', `${modelPath(name)}/tags`, undefined, { key, value }, options);
  }

  async deleteModelTag(name: string, key: string, options?: RequestOptions): Promise<void> {
    await this.client.send('DELETE', `${modelPath(name)}/tags/${segment(key)}`, undefined, undefined, options);
  }

  registerRun(request: RegisterRunRequest, options?: RequestOptions): Promise<VersionDetailResponse> {
    return this.client.post('/api/models/register', request, options);
  }

  /** Uploads an ONNX file's bytes; the core scans them and refuses a bad file with a 400 saying why. */
  importOnnx(file: Blob, name: string, fileName: string, options?: UploadOptions): Promise<VersionDetailResponse> {
    return this.client.upload('/api/models/import', { name, file_name: fileName }, file, options);
  }

  /** Desktop only: the core reads the picked file itself. */
  importOnnxPath(path: string, name: string, options?: RequestOptions): Promise<VersionDetailResponse> {
    return this.client.post('/api/models/import-file', { name, path }, options);
  }

  version(name: string, version: number, options?: RequestOptions): Promise<VersionDetailResponse> {
    return this.client.get(versionPath(name, version), undefined, options);
  }

  async updateVersionDescription(name: string, version: number, description: string, options?: RequestOptions): Promise<void> {
    await this.client.send('PATCH', versionPath(name, version), undefined, { description }, options);
  }

  async setVersionTag(name: string, version: number, key: string, value: string, options?: RequestOptions): Promise<void> {
    await this.client.send('POST', `${versionPath(name, version)}/tags`, undefined, { key, value }, options);
  }

  async deleteVersionTag(name: string, version: number, key: string, options?: RequestOptions): Promise<void> {
    await this.client.send('DELETE', `${versionPath(name, version)}/tags/${segment(key)}`, undefined, undefined, options);
  }

  async setAlias(name: string, alias: string, version: number, options?: RequestOptions): Promise<void> {
    await this.client.send('POST', `${modelPath(name)}/aliases`, undefined, { alias, version }, options);
  }

  async deleteAlias(name: string, alias: string, options?: RequestOptions): Promise<void> {
    await this.client.send('DELETE', `${modelPath(name)}/aliases/${segment(alias)}`, undefined, undefined, options);
  }

  lineage(name: string, version: number, options?: RequestOptions): Promise<LineageGraphResponse> {
    return this.client.get(`${versionPath(name, version)}/lineage`, undefined, options);
  }

  async manifest(name: string, version: number, options?: RequestOptions): Promise<string> {
    const response = await this.client.send('GET', `${versionPath(name, version)}/manifest`, undefined, undefined, options);
    return response.text();
  }

  async card(name: string, version: number, format: CardFormat, options?: RequestOptions): Promise<string> {
    const response = await this.client.send('GET', `${versionPath(name, version)}/card`, { format }, undefined, options);
    return response.text();
  }

  submit(name: string, version: number, options?: RequestOptions): Promise<SubmitResponse> {
    return this.client.post(`${versionPath(name, version)}/submit`, {}, options);
  }

  review(name: string, version: number, decision: ReviewDecisionRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.client.post(`${versionPath(name, version)}/review`, decision, options);
  }

  listReviews(state: ReviewState | undefined, options?: RequestOptions): Promise<ReviewListResponse> {
    return this.client.get('/api/reviews', { state }, options);
  }

  reviewDetail(reviewId: number, options?: RequestOptions): Promise<ReviewDetail> {
    return this.client.get(`/api/reviews/${reviewId}`, undefined, options);
  }

  policy(options?: RequestOptions): Promise<PolicyResponse> {
    return this.client.get('/api/policy', undefined, options);
  }

  async savePolicy(document: string, options?: RequestOptions): Promise<PolicyResponse> {
    const response = await this.client.send('PUT', '/api/policy', undefined, { document }, options);
    return (await response.json()) as PolicyResponse;
  }

  policyVersions(options?: RequestOptions): Promise<PolicyVersionsResponse> {
    return this.client.get('/api/policy/versions', undefined, options);
  }

  audit(query: AuditQuery, options?: RequestOptions): Promise<AuditListResponse> {
    const values: QueryValues = {
      entity_type: query.entityType,
      entity_id: query.entityId,
      before: query.before === undefined ? undefined : String(query.before),
      limit: query.limit === undefined ? undefined : String(query.limit),
    };
    return this.client.get('/api/audit', values, options);
  }

  verifyAudit(options?: RequestOptions): Promise<AuditVerifyResponse> {
    return this.client.get('/api/audit/verify', undefined, options);
  }
}
