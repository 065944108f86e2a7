import type {
  ExpectationCatalogResponse,
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

  /** The latest version unless `version` is given. */
  suite(name: string, version?: number, options?: RequestOptions): Promise<SuiteResponse> {
    return this.client.get(`/api/suites/${segment(name)}`, { version: version === undefined ? undefined : String(version) }, options);
  }

  expectations(options?: RequestOptions): Promise<ExpectationCatalogResponse> {
    return this.client.get('/api/expectations', undefined, options);
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

  /** Newest first: one dataset's runs, or every run (the core keeps the latest 200 in a list). */
  runs(dataset?: string, options?: RequestOptions): Promise<ValidationRunListResponse> {
    return this.client.get('/api/validation-runs', { dataset }, options);
  }

  run(id: string, options?: RequestOptions): Promise<ValidationRunResponse> {
    return this.client.get(`/api/validation-runs/${segment(id)}`, undefined, options);
  }
}
