import type { SuiteSummary } from '../../../core/api/validation-contract';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';
import { suiteHref } from './validation-hrefs';

/** Every saved version, newest first; an older one opens read back into the editor (saving it makes it the newest). */
export function SuiteVersions({ versions, shown }: { versions: readonly SuiteSummary[]; shown: number }) {
  const now = Date.now();
  const latest = versions[0]?.version;
  return (
    <section className="card">
      <header className="card-header">
        <h2>Versions</h2>
        <span className="faint">{versions.length}</span>
      </header>
      <table className="data-table card-table">
        <thead>
          <tr>
            <th>Version</th>
            <th className="numeric">Expectations</th>
            <th>Saved</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((entry) => (
            <tr key={entry.version} data-testid="suite-version" data-version={entry.version} aria-current={entry.version === shown || undefined}>
              <td>
                <a href={suiteHref(entry.name, entry.version === latest ? undefined : entry.version)}>v{entry.version}</a> {entry.version === latest && <span className="badge badge-success">latest</span>}{' '}
                {entry.version === shown && entry.version !== latest && <span className="badge badge-info">shown</span>}
              </td>
              <td className="numeric">{entry.expectation_count}</td>
              <td title={formatTimestamp(entry.created_time)}>{formatRelativeTime(entry.created_time, now)}</td>
              <td>{entry.created_by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
