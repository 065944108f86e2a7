import type {
  ArtifactListResponse,
  CreateExperimentRequest,
  CreateExperimentResponse,
  ExperimentColumnsResponse,
  ExperimentListResponse,
  InfoResponse,
  MetricHistoryRequest,
  MetricHistoryResponse,
  RunDetailResponse,
  SearchRunsRequest,
  SearchRunsResponse,
} from '../../core/api/contract';
import type { ApiClient, RequestOptions } from './client';

export interface ArtifactText {
  text: string;
  /** True when the file is longer than what was read. */
  truncated: boolean;
  contentType: string;
}

const segment = encodeURIComponent;

/** Typed calls for the tracking routes of core/api/contract.ts. */
export class TrackingApi {
  constructor(readonly client: ApiClient) {}

  info(options?: RequestOptions): Promise<InfoResponse> {
    return this.client.get('/api/info', undefined, options);
  }

  listExperiments(options?: RequestOptions): Promise<ExperimentListResponse> {
    return this.client.get('/api/experiments', undefined, options);
  }

  createExperiment(request: CreateExperimentRequest, options?: RequestOptions): Promise<CreateExperimentResponse> {
    return this.client.post('/api/experiments', request, options);
  }

  experimentColumns(experimentId: string, options?: RequestOptions): Promise<ExperimentColumnsResponse> {
    return this.client.get(`/api/experiments/${segment(experimentId)}/columns`, undefined, options);
  }

  searchRuns(request: SearchRunsRequest, options?: RequestOptions): Promise<SearchRunsResponse> {
    return this.client.post('/api/runs/search', request, options);
  }

  runDetail(runId: string, options?: RequestOptions): Promise<RunDetailResponse> {
    return this.client.get(`/api/runs/${segment(runId)}`, undefined, options);
  }

  listArtifacts(runId: string, path: string, options?: RequestOptions): Promise<ArtifactListResponse> {
    return this.client.get(`/api/runs/${segment(runId)}/artifacts`, path ? { path } : {}, options);
  }

  metricHistory(request: MetricHistoryRequest, options?: RequestOptions): Promise<MetricHistoryResponse> {
    return this.client.post('/api/metrics/history', request, options);
  }

  /** A self-authorising URL for <img src> and downloads. */
  artifactContentUrl(runId: string, path: string, download = false): string {
    return this.client.authorizedUrl(`/api/runs/${segment(runId)}/artifacts/content`, {
      path,
      download: download ? '1' : undefined,
    });
  }

  /** Reads at most `maxBytes` of a file for preview, then stops the transfer. */
  async readArtifactText(runId: string, path: string, maxBytes: number, options?: RequestOptions): Promise<ArtifactText> {
    const response = await this.client.send(
      'GET',
      `/api/runs/${segment(runId)}/artifacts/content`,
      { path },
      undefined,
      options,
    );
    const contentType = response.headers.get('Content-Type') ?? '';
    const reader = response.body?.getReader();
    if (!reader) return { text: '', truncated: false, contentType };
    const chunks: Uint8Array[] = [];
    let received = 0;
    let truncated = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      if (received >= maxBytes) {
        truncated = true;
        await reader.cancel();
        break;
      }
    }
    const bytes = new Uint8Array(Math.min(received, maxBytes));
    let offset = 0;
    for (const chunk of chunks) {
      const part = chunk.subarray(0, bytes.length - offset);
      bytes.set(part, offset);
      offset += part.length;
      if (offset >= bytes.length) break;
    }
    return { text: new TextDecoder().decode(bytes), truncated, contentType };
  }
}
