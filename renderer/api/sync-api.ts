import type { JobSummary } from '../../core/api/contract';
import type { AddRemoteRequest, PullRequest, PushRequest, RemoteListResponse, RemoteModelsResponse, RemoteResponse, SyncJobResponse } from '../../core/api/sync-contract';
import type { ApiClient, RequestOptions } from './client';

const segment = encodeURIComponent;

/** Typed calls for the sync routes (core/api/sync-contract.ts). */
export class SyncApi {
  constructor(readonly client: ApiClient) {}

  listRemotes(options?: RequestOptions): Promise<RemoteListResponse> {
    return this.client.get('/api/remotes', undefined, options);
  }

  addRemote(request: AddRemoteRequest, options?: RequestOptions): Promise<RemoteResponse> {
    return this.client.post('/api/remotes', request, options);
  }

  async removeRemote(name: string, options?: RequestOptions): Promise<void> {
    await this.client.send('DELETE', `/api/remotes/${segment(name)}`, undefined, undefined, options);
  }

  remoteModels(name: string, options?: RequestOptions): Promise<RemoteModelsResponse> {
    return this.client.get(`/api/remotes/${segment(name)}/models`, undefined, options);
  }

  push(name: string, version: number, request: PushRequest, options?: RequestOptions): Promise<SyncJobResponse> {
    return this.client.post(`/api/models/${segment(name)}/versions/${version}/push`, request, options);
  }

  pull(remote: string, request: PullRequest, options?: RequestOptions): Promise<SyncJobResponse> {
    return this.client.post(`/api/remotes/${segment(remote)}/pull`, request, options);
  }

  async job(id: string, options?: RequestOptions): Promise<JobSummary> {
    const { job } = await this.client.get<{ job: JobSummary }>(`/api/jobs/${segment(id)}`, undefined, options);
    return job;
  }
}
