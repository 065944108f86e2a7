import type {
  DatasetDetailResponse,
  DatasetFormat,
  DatasetListResponse,
  DatasetPreviewResponse,
  DatasetVersionResponse,
  ImportDatasetResponse,
} from '../../core/api/contract';
import type { ApiClient, RequestOptions, UploadOptions } from './client';

const segment = encodeURIComponent;

export interface ImportRequest {
  file: Blob;
  fileName: string;
  /** Defaults on the core to the file name without its extension. */
  name?: string;
  /** Defaults on the core to the extension, then to sniffing the bytes. */
  format?: DatasetFormat;
}

/** Typed calls for the /api/datasets routes (contract.ts, datasets section). */
export class DatasetsApi {
  constructor(readonly client: ApiClient) {}

  list(options?: RequestOptions): Promise<DatasetListResponse> {
    return this.client.get('/api/datasets', undefined, options);
  }

  detail(name: string, options?: RequestOptions): Promise<DatasetDetailResponse> {
    return this.client.get(`/api/datasets/${segment(name)}`, undefined, options);
  }

  /** `version` is a number, or 'latest'. */
  version(name: string, version: number | 'latest', options?: RequestOptions): Promise<DatasetVersionResponse> {
    return this.client.get(`/api/datasets/${segment(name)}/versions/${version}`, undefined, options);
  }

  preview(name: string, version: number | 'latest', rows: number, options?: RequestOptions): Promise<DatasetPreviewResponse> {
    return this.client.get(`/api/datasets/${segment(name)}/versions/${version}/preview`, { rows: String(rows) }, options);
  }

  /** A file the core reads itself, by path (the desktop file dialog's answer). */
  importPath(filePath: string, options?: RequestOptions): Promise<ImportDatasetResponse> {
    return this.client.post('/api/datasets/import-file', { path: filePath }, options);
  }

  import(request: ImportRequest, options?: UploadOptions): Promise<ImportDatasetResponse> {
    return this.client.upload(
      '/api/datasets/import',
      { filename: request.fileName, name: request.name, format: request.format },
      request.file,
      options,
    );
  }
}
