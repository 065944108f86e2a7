import type { ShownRun } from '../../stores/validation-store';
import { formatCount, formatRelativeTime, formatTimestamp } from '../../ui/format';
import { shortTypeName } from './expectation-catalog';
import { formatPercent, runRows } from './run-rows';

export function PassBadge({ success }: { success: boolean }) {
  return (
    <span className={`badge ${success ? 'badge-success' : 'badge-danger'}`}>
      <span className="badge-dot" />
      {success ? 'pass' : 'fail'}
    </span>
  );
}

/** One run: the verdict and counts, then a row per expectation with what broke it. */
export function RunResults({ shown }: { shown: ShownRun }) {
  const { run, result } = shown;
  const { statistics } = result;
  const rows = runRows(result.results);
  return (
    <section className="card" aria-label="Run results">
      <header className="card-header">
        <h2>Results</h2>
        <span className="faint" title={formatTimestamp(run.created_time)}>
          suite v{run.suite_version} on {run.dataset} v{run.dataset_version} · {formatRelativeTime(run.created_time, Date.now())} by {run.created_by}
        </span>
      </header>
      <p className="card-note run-summary" data-testid="run-summary" data-success={String(result.success)}>
        <span className={`badge ${result.success ? 'badge-success' : 'badge-danger'}`}>
          <span className="badge-dot" />
          {result.success ? 'Passed' : 'Failed'}
        </span>
        <span>
          {statistics.successful_expectations} of {statistics.evaluated_expectations} expectations met
          {statistics.success_percent !== null && ` (${formatPercent(statistics.success_percent)})`}
        </span>
      </p>
      <div className="table-scroll">
        <table className="data-table card-table run-results-table">
          <thead>
            <tr>
              <th>Expectation</th>
              <th>Column</th>
              <th>Result</th>
              <th className="numeric">Unexpected</th>
              <th className="numeric">%</th>
              <th>Observed</th>
              <th>Sample unexpected values</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-testid="run-result-row" data-success={String(row.success)} data-type={row.type}>
                <td className="run-type" title={row.type}>
                  {shortTypeName(row.type)}
                </td>
                <td className="mono">{row.target}</td>
                <td>
                  <PassBadge success={row.success} />
                </td>
                <td className="numeric" title={row.elementCount === null ? undefined : `of ${formatCount(row.elementCount)} rows`}>
                  {row.unexpectedCount === null ? '—' : formatCount(row.unexpectedCount)}
                </td>
                <td className="numeric">{formatPercent(row.unexpectedPercent)}</td>
                <td className={`mono run-observed${row.error ? ' run-error' : ''}`} title={row.observed}>
                  {row.observed}
                </td>
                <td>
                  <span className="run-samples">
                    {row.samples.map((sample, index) => (
                      <code key={index} className="sample-chip">
                        {sample}
                      </code>
                    ))}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
