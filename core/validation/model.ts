// The internal model of suites and results. It is Great Expectations 1.x JSON with every default
// filled in: the same field names GX writes (snake_case included), so reading, writing and
// echoing a configuration into a result never renames anything and cannot drift from the format.

/** The GX release whose JSON shapes and semantics we emulate (written to `meta`). */
export const emulatedGxVersion = '1.2.0';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ExpectationConfig {
  type: string;
  kwargs: JsonObject;
  meta: JsonObject;
  id: string;
  notes?: string | string[];
  description?: string;
  /** Kept on round-trip, never generated (reference §1.1). */
  rendered_content?: Json;
  expectation_context?: Json;
}

export interface ExpectationSuite {
  name: string;
  id: string;
  expectations: ExpectationConfig[];
  suite_parameters: JsonObject;
  meta: JsonObject;
  notes?: string | string[];
}

export const resultFormatLevels = ['BOOLEAN_ONLY', 'BASIC', 'SUMMARY', 'COMPLETE'] as const;
export type ResultFormatLevel = (typeof resultFormatLevels)[number];

/** The `result_format` kwarg: a level, or GX's dict form. */
export type ResultFormatInput =
  | ResultFormatLevel
  | {
      result_format: ResultFormatLevel;
      partial_unexpected_count?: number;
      unexpected_index_column_names?: string[];
      return_unexpected_index_query?: boolean;
      exclude_unexpected_values?: boolean;
      include_unexpected_rows?: boolean;
    };

export interface ResultFormat {
  level: ResultFormatLevel;
  partialUnexpectedCount: number;
  unexpectedIndexColumnNames: string[] | null;
  returnUnexpectedIndexQuery: boolean;
  excludeUnexpectedValues: boolean;
  includeUnexpectedRows: boolean;
}

export interface ExceptionInfo {
  raised_exception: boolean;
  exception_message: string | null;
  exception_traceback: string | null;
}

export interface ExpectationValidationResult {
  success: boolean;
  expectation_config: ExpectationConfig;
  result: JsonObject;
  meta: JsonObject;
  exception_info: ExceptionInfo;
}

export interface ValidationStatistics {
  evaluated_expectations: number;
  successful_expectations: number;
  unsuccessful_expectations: number;
  success_percent: number | null;
}

export interface SuiteValidationResult {
  success: boolean;
  suite_name: string;
  suite_parameters: JsonObject;
  results: ExpectationValidationResult[];
  statistics: ValidationStatistics;
  meta: JsonObject;
  id: string | null;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
