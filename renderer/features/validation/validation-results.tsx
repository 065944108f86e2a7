import type { ExpectationValidationResult, SuiteValidationResult } from '../../../core/api/validation-contract';

function target(entry: ExpectationValidationResult): string {
  const { kwargs } = entry.expectation_config;
  if (typeof kwargs.column === 'string') return kwargs.column;
  if (Array.isArray(kwargs.column_list)) return kwargs.column_list.join(', ');
  if (typeof kwargs.column_A === 'string') return `${kwargs.column_A}, ${String(kwargs.column_B)}`;
  return 'table';
}

/** What was seen: the observed value, or unexpected counts with a few of the values. */
export function observedText(entry: ExpectationValidationResult): string {
  if (entry.exception_info.raised_exception) return entry.exception_info.exception_message ?? 'error';
  const { result } = entry;
  if (typeof result.unexpected_count === 'number') {
    const percent = typeof result.unexpected_percent === 'number' ? ` (${Number(result.unexpected_percent.toFixed(2))} %)` : '';
    const sample = Array.isArray(result.partial_unexpected_list) && result.partial_unexpected_list.length > 0 ? ` — e.g. ${result.partial_unexpected_list.slice(0, 5).map((value) => JSON.stringify(value)).join(', ')}` : '';
    return `${result.unexpected_count} of ${String(result.element_count)} unexpected${percent}${sample}`;
  }
  if ('observed_value' in result) return JSON.stringify(result.observed_value);
  return '';
}

/** One row per expectation, in suite order: pass/fail, its column, what was observed. */
export function ValidationResults({ result }: { result: SuiteValidationResult }) {
  const { statistics } = result;
  return (
    <div>
      <p className="card-note" data-testid="validation-summary" data-success={String(result.success)}>
        <span className={`badge ${result.success ? 'badge-success' : 'badge-danger'}`}>
          <span className="badge-dot" />
          {result.success ? 'Passed' : 'Failed'}
        </span>{' '}
        {statistics.successful_expectations} of {statistics.evaluated_expectations} expectations met
      </p>
      <table className="data-table card-table">
        <thead>
          <tr>
            <th>Expectation</th>
            <th>Column</th>
            <th>Result</th>
            <th>Observed</th>
          </tr>
        </thead>
        <tbody>
          {result.results.map((entry) => (
            <tr key={entry.expectation_config.id} data-testid="validation-result-row" data-success={String(entry.success)}>
              <td className="mono">{entry.expectation_config.type}</td>
              <td>{target(entry)}</td>
              <td>
                <span className={`badge ${entry.success ? 'badge-success' : 'badge-danger'}`}>{entry.success ? 'pass' : 'fail'}</span>
              </td>
              <td className="mono">{observedText(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
