import type { JobSummary, ModelCatalogueResponse, TrainRequestBody, TrainStartedResponse } from '../../core/api/contract';
import type { ApiClient, RequestOptions } from './client';

const segment = encodeURIComponent;

/** Typed calls for training and background jobs (contract.ts, training and jobs section). */
export class TrainingApi {
  constructor(readonly client: ApiClient) {}

  catalogue(options?: RequestOptions): Promise<ModelCatalogueResponse> {
    return this.client.get('/api/models/catalogue', undefined, options);
  }

  train(request: TrainRequestBody, options?: RequestOptions): Promise<TrainStartedResponse> {
    return this.client.post('/api/train', request, options);
  }

  async job(jobId: string, options?: RequestOptions): Promise<JobSummary> {
    const { job } = await this.client.get<{ job: JobSummary }>(`/api/jobs/${segment(jobId)}`, undefined, options);
    return job;
  }

  async cancelJob(jobId: string, options?: RequestOptions): Promise<JobSummary> {
    const { job } = await this.client.post<{ job: JobSummary }>(`/api/jobs/${segment(jobId)}/cancel`, {}, options);
    return job;
  }

  /** Server-sent events of a job; EventSource cannot send headers, so the URL carries the token. */
  jobEventsUrl(jobId: string): string {
    return this.client.authorizedUrl(`/api/jobs/${segment(jobId)}/events`);
  }
}
