// The validation HTTP contract (ARCHITECTURE rule 6): request schemas in zod, responses as plain
// types, shared by the core routes, the renderer and the CLI. Suite documents and results are
// Great Expectations 1.x JSON as they are (reference/data-validation.md §1, §6).
import { z } from 'zod';
import type { ExpectationSuite, ExpectationValidationResult, JsonObject, SuiteValidationResult } from '../validation/model.js';
import type { SuiteProblem } from '../validation/suite.js';
import type { SuiteSummary, ValidationRunSummary } from '../validation/suite-store.js';
import type { ExpectationKind, expectationCatalog } from '../validation/catalog.js';

export type { ExpectationSuite, ExpectationValidationResult, JsonObject, SuiteProblem, SuiteSummary, SuiteValidationResult, ValidationRunSummary };

const suiteName = z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'use letters, digits, ".", "_" or "-" (up to 100)');
const datasetVersion = z.coerce.number().int().min(1);
const resultFormatLevel = z.enum(['BOOLEAN_ONLY', 'BASIC', 'SUMMARY', 'COMPLETE']);

/** POST /api/suites: a GX 1.x or 0.x suite (the parsed JSON, or its text); `name` overrides the document's. */
export const importSuiteRequest = z.object({
  suite: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  name: suiteName.optional(),
});
export type ImportSuiteRequest = z.infer<typeof importSuiteRequest>;

/** POST /api/suites/scaffold: a starting suite from a dataset version's profile. */
export const scaffoldSuiteRequest = z.object({
  dataset: z.string().min(1),
  version: datasetVersion.optional(),
  name: suiteName,
});
export type ScaffoldSuiteRequest = z.infer<typeof scaffoldSuiteRequest>;

/** POST /api/suites/:name/validate: run the suite (latest version unless `suite_version`) on a dataset version. */
export const validateSuiteRequest = z.object({
  dataset: z.string().min(1),
  version: datasetVersion.optional(),
  suite_version: z.coerce.number().int().min(1).optional(),
  result_format: z
    .union([
      resultFormatLevel,
      z.object({
        result_format: resultFormatLevel,
        partial_unexpected_count: z.number().int().min(0).optional(),
        unexpected_index_column_names: z.array(z.string()).optional(),
        return_unexpected_index_query: z.boolean().optional(),
        exclude_unexpected_values: z.boolean().optional(),
        include_unexpected_rows: z.boolean().optional(),
      }),
    ])
    .optional(),
});
export type ValidateSuiteRequest = z.infer<typeof validateSuiteRequest>;

export interface SuiteListResponse {
  suites: SuiteSummary[];
}

/** GET /api/suites/:name (`?version=N`); `?format=gx` answers the bare GX 1.x document as a download. */
export interface SuiteResponse {
  suite: SuiteSummary;
  document: JsonObject;
  versions: SuiteSummary[];
}

export interface SuiteSavedResponse {
  suite: SuiteSummary;
  /** False when the document equals the latest version (nothing was added). */
  created: boolean;
  format?: 'v1' | 'v0';
  /** Unknown expectation types, kept and reported unsupported when run. */
  warnings: SuiteProblem[];
}

/** The run's summary and the GE-shaped suite result. */
export interface ValidationRunResponse {
  run: ValidationRunSummary;
  result: SuiteValidationResult;
}

export interface ValidationRunListResponse {
  runs: ValidationRunSummary[];
}

/** How a kwarg's value is read (core/validation/catalog.ts), so a client can pick a control for it. */
export type ExpectationKwargKind = (typeof expectationCatalog)[string]['required'][string];

export interface ExpectationCatalogEntry {
  type: string;
  kind: ExpectationKind;
  description: string;
  /** Required kwargs first, in the catalogue's order. */
  kwargs: Array<{ name: string; kind: ExpectationKwargKind; required: boolean }>;
}

/** GET /api/expectations: every expectation type that is evaluated, sorted by type. */
export interface ExpectationCatalogResponse {
  expectations: ExpectationCatalogEntry[];
}
