import type { ValidationRunSummary } from '../../../core/api/validation-contract';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';
import { formatPercent } from './run-rows';
import { PassBadge } from './run-results';

/** A suite's runs, newest first; choosing one shows its results. */
export function PastRuns({ runs, shownId, onShow }: { runs: readonly ValidationRunSummary[]; shownId: string | null; onShow: (id: string) => void }) {
  const now = Date.now();
  return (
    <section className="card">
      <header className="card-header">
        <h2>Past runs</h2>
        <span className="faint">{runs.length}</span>
      </header>
      {runs.length === 0 ? (
        <p className="card-note">Not run yet: choose a dataset version above and run the suite.</p>
      ) : (
        <table className="data-table card-table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Result</th>
              <th className="numeric">Success</th>
              <th>Dataset</th>
              <th>Suite</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="past-run-row" data-success={String(run.success)} aria-selected={run.id === shownId} className="past-run-row" onClick={() => onShow(run.id)}>
                <td>
                  <button type="button" className="link-button" title={formatTimestamp(run.created_time)} onClick={(event) => { event.stopPropagation(); onShow(run.id); }}>
                    {formatRelativeTime(run.created_time, now)}
                  </button>
                </td>
                <td>
                  <PassBadge success={run.success} />
                </td>
                <td className="numeric">{formatPercent(run.statistics.success_percent)}</td>
                <td className="mono">
                  {run.dataset} v{run.dataset_version}
                </td>
                <td>v{run.suite_version}</td>
                <td>{run.created_by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
