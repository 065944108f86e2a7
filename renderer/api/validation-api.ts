import type {
  ImportSuiteRequest,
  ScaffoldSuiteRequest,
  SuiteListResponse,
  SuiteResponse,
  SuiteSavedResponse,
  ValidateSuiteRequest,
  ValidationRunListResponse,
  ValidationRunResponse,
} from '../../core/api/validation-contract';
import type { ApiClient, RequestOptions } from './client';

const segment = encodeURIComponent;

/** Typed calls for the /api/suites and /api/validation-runs routes (validation-contract.ts). */
export class ValidationApi {
  constructor(readonly client: ApiClient) {}

  suites(options?: RequestOptions): Promise<SuiteListResponse> {
    return this.client.get('/api/suites', undefined, options);
  }

  suite(name: string, options?: RequestOptions): Promise<SuiteResponse> {
    return this.client.get(`/api/suites/${segment(name)}`, undefined, options);
  }

  /** A plain link that downloads the suite as Great Expectations 1.x JSON. */
  downloadUrl(name: string): string {
    return this.client.authorizedUrl(`/api/suites/${segment(name)}`, { format: 'gx' });
  }

  importSuite(request: ImportSuiteRequest, options?: RequestOptions): Promise<SuiteSavedResponse> {
    return this.client.post('/api/suites', request, options);
  }

  scaffold(request: ScaffoldSuiteRequest, options?: RequestOptions): Promise<SuiteSavedResponse> {
    return this.client.post('/api/suites/scaffold', request, options);
  }

  validate(suite: string, request: ValidateSuiteRequest, options?: RequestOptions): Promise<ValidationRunResponse> {
    return this.client.post(`/api/suites/${segment(suite)}/validate`, request, options);
  }

  runs(dataset: string, options?: RequestOptions): Promise<ValidationRunListResponse> {
    return this.client.get('/api/validation-runs', { dataset }, options);
  }
}
