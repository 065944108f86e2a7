// HTTP routes of expectation suites and their runs (contract: core/api/validation-contract.ts).
// A run is awaited: the checks themselves run on the worker pool, and a 25-expectation suite on a
// million rows takes seconds, so there is no job to follow.
import type { ServerResponse } from 'node:http';
import { ValidationError } from '../api/errors.js';
import type { Route } from '../api/router.js';
import {
  importSuiteRequest,
  scaffoldSuiteRequest,
  validateSuiteRequest,
  type ExpectationCatalogEntry,
  type ExpectationCatalogResponse,
  type SuiteListResponse,
  type SuiteResponse,
  type SuiteSavedResponse,
  type ValidationRunListResponse,
  type ValidationRunResponse,
} from '../api/validation-contract.js';
import { parseVersion } from '../datasets/dataset-routes.js';
import { parseBody } from '../tracking/api-routes.js';
import { expectationCatalog, supportedExpectationTypes } from './catalog.js';
import type { StoredSuite, SuiteSummary } from './suite-store.js';
import { suiteToJson, writeSuite } from './suite.js';
import type { ValidationService } from './validation-service.js';

function summaryOf(stored: StoredSuite): SuiteSummary {
  return { name: stored.name, version: stored.version, expectation_count: stored.suite.expectations.length, created_time: stored.created_time, created_by: stored.created_by };
}

const kindPhrases = { map: 'Per row', aggregate: 'One statistic of a column', table: 'The table as a whole', multicolumn: 'Per row, over several columns', pair: 'Per row, comparing two columns' } as const;

/** The type read as a sentence: expect_column_values_to_be_between → "Column values to be between". */
function describeType(type: string): string {
  const words = type.replace(/^expect_/, '').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function catalogEntry(type: string): ExpectationCatalogEntry {
  const spec = expectationCatalog[type];
  const kwargs = [
    ...Object.entries(spec.required).map(([name, kind]) => ({ name, kind, required: true })),
    ...Object.entries(spec.optional).map(([name, kind]) => ({ name, kind, required: false })),
  ];
  return { type, kind: spec.kind, description: `${describeType(type)} (${kindPhrases[spec.kind].toLowerCase()}).`, kwargs };
}

function sendDownload(response: ServerResponse, fileName: string, body: string): undefined {
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Content-Disposition': `attachment; filename="${fileName}"` });
  response.end(body);
  return undefined;
}

export function validationRoutes(validation: ValidationService): Route[] {
  const store = validation.store;
  return [
    { method: 'GET', path: '/api/expectations', flavour: 'api', handler: (): ExpectationCatalogResponse => ({ expectations: supportedExpectationTypes.map(catalogEntry) }) },
    { method: 'GET', path: '/api/suites', flavour: 'api', handler: (): SuiteListResponse => ({ suites: store.list() }) },
    {
      method: 'POST',
      path: '/api/suites',
      flavour: 'api',
      bodyLimit: 16 * 1024 * 1024,
      handler: async (context): Promise<SuiteSavedResponse> => {
        const body = await parseBody(context, importSuiteRequest);
        const imported = validation.importSuite(body.suite, { name: body.name, user: context.user });
        return { suite: summaryOf(imported.stored), created: imported.created, format: imported.format, warnings: imported.warnings };
      },
    },
    {
      method: 'POST',
      path: '/api/suites/scaffold',
      flavour: 'api',
      handler: async (context): Promise<SuiteSavedResponse> => {
        const body = await parseBody(context, scaffoldSuiteRequest);
        const { stored, created } = validation.scaffold({ ...body, user: context.user });
        return { suite: summaryOf(stored), created, warnings: [] };
      },
    },
    {
      method: 'GET',
      path: '/api/suites/:name',
      flavour: 'api',
      // Downloads through a plain link carry the token in the query.
      tokenInQuery: true,
      handler: (context): SuiteResponse | undefined => {
        const versionText = context.url.searchParams.get('version');
        const stored = store.get(context.params.name, versionText === null ? undefined : parseVersion(versionText));
        const format = context.url.searchParams.get('format');
        if (format === 'gx') return sendDownload(context.response, `${stored.name}.json`, writeSuite(stored.suite));
        if (format !== null) throw new ValidationError(`Unknown format '${format}': the only download format is 'gx' (Great Expectations 1.x JSON).`, { field: 'format' });
        return { suite: summaryOf(stored), document: suiteToJson(stored.suite), versions: store.versions(stored.name) };
      },
    },
    {
      method: 'POST',
      path: '/api/suites/:name/validate',
      flavour: 'api',
      handler: async (context): Promise<ValidationRunResponse> => {
        const body = await parseBody(context, validateSuiteRequest);
        return validation.runOnDataset({ suite: context.params.name, suiteVersion: body.suite_version, dataset: body.dataset, version: body.version, resultFormat: body.result_format, user: context.user });
      },
    },
    {
      method: 'GET',
      path: '/api/validation-runs',
      flavour: 'api',
      handler: (context): ValidationRunListResponse => {
        const dataset = context.url.searchParams.get('dataset') ?? undefined;
        const versionText = context.url.searchParams.get('version');
        return { runs: store.runs({ dataset, datasetVersion: versionText === null ? undefined : parseVersion(versionText) }) };
      },
    },
    { method: 'GET', path: '/api/validation-runs/:id', flavour: 'api', handler: (context): ValidationRunResponse => {
      const { result, ...run } = store.run(context.params.id);
      return { run, result };
    } },
  ];
}
