// A validation result read row by row for the results table: what was checked, whether it held,
// how many rows broke it and a few of their values.
import type { ExpectationValidationResult, JsonObject } from '../../../core/api/validation-contract';
import { targetOf } from './expectation-form';

export interface RunRow {
  key: string;
  type: string;
  target: string;
  success: boolean;
  unexpectedCount: number | null;
  unexpectedPercent: number | null;
  elementCount: number | null;
  /** The observed value as text (a statistic, a column list), or the error it raised. */
  observed: string;
  /** Up to `sampleSize` unexpected values as JSON text. */
  samples: string[];
  error: boolean;
}

const sampleSize = 5;

function numberOf(result: JsonObject, key: string): number | null {
  const value = result[key];
  return typeof value === 'number' ? value : null;
}

export function runRows(results: readonly ExpectationValidationResult[]): RunRow[] {
  return results.map((entry, index) => {
    const { result, expectation_config: config, exception_info: exception } = entry;
    const partial = result.partial_unexpected_list;
    return {
      key: `${index}:${config.id}`,
      type: config.type,
      target: targetOf(config.kwargs),
      success: entry.success,
      unexpectedCount: numberOf(result, 'unexpected_count'),
      unexpectedPercent: numberOf(result, 'unexpected_percent'),
      elementCount: numberOf(result, 'element_count'),
      observed: exception.raised_exception ? (exception.exception_message ?? 'error') : 'observed_value' in result ? JSON.stringify(result.observed_value) : '',
      samples: Array.isArray(partial) ? partial.slice(0, sampleSize).map((value) => JSON.stringify(value)) : [],
      error: exception.raised_exception,
    };
  });
}

/** "4.17 %" with at most two decimals; a dash when there is no percent. */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${Number(value.toFixed(2))} %`;
}
