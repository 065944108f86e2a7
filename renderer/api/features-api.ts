import type {
  FeatureApplyResponse,
  FeatureJobResponse,
  FeaturePlanResponse,
  FeatureRepoResponse,
  FeatureVersionsResponse,
  HistoricalRequestBody,
  MaterializeRequestBody,
  OnlineFeaturesRequest,
  OnlineFeaturesResponse,
} from '../../core/api/features-contract';
import type { ApiClient, RequestOptions } from './client';

/** Typed calls for the /api/features routes (core/api/features-contract.ts). */
export class FeaturesApi {
  constructor(readonly client: ApiClient) {}

  /** The applied repo with online status per view; `version: null` before the first apply. */
  repo(options?: RequestOptions): Promise<FeatureRepoResponse> {
    return this.client.get('/api/features', undefined, options);
  }

  versions(options?: RequestOptions): Promise<FeatureVersionsResponse> {
    return this.client.get('/api/features/versions', undefined, options);
  }

  /** `repoPath` is a folder on the core's machine. */
  plan(repoPath: string, options?: RequestOptions): Promise<FeaturePlanResponse> {
    return this.client.post('/api/features/plan', { repo_path: repoPath }, options);
  }

  apply(repoPath: string, options?: RequestOptions): Promise<FeatureApplyResponse> {
    return this.client.post('/api/features/apply', { repo_path: repoPath }, options);
  }

  /** Starts a point-in-time retrieval job; its result is a HistoricalJobResult. */
  historical(request: HistoricalRequestBody, options?: RequestOptions): Promise<FeatureJobResponse> {
    return this.client.post('/api/features/historical', request, options);
  }

  /** Starts a materialization job; its result is a MaterializeJobResult. */
  materialize(request: MaterializeRequestBody, options?: RequestOptions): Promise<FeatureJobResponse> {
    return this.client.post('/api/features/materialize', request, options);
  }

  online(request: OnlineFeaturesRequest, options?: RequestOptions): Promise<OnlineFeaturesResponse> {
    return this.client.post('/api/features/online', request, options);
  }
}
