import type { VersionSummary } from '../../../core/api/registry-contract';
import { formatMetric, formatRelativeTime, formatTimestamp, shortRunId } from '../../ui/format';
import { runHref } from '../shell/hash-route';
import { ApprovalBadge } from './approval-badge';
import { headlineMetricKey } from './headline-metric';
import { versionHref } from './model-hrefs';

/** States from which a version can go (again) to review. */
export const submittableStates = new Set(['not_submitted', 'rejected', 'expired', 'failed']);

export function VersionsTable({ versions }: { versions: readonly VersionSummary[] }) {
  const metricKey = headlineMetricKey(versions);
  const now = Date.now();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <div className="table-scroll">
      <table className="data-table card-table versions-table" data-testid="model-versions-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Approval</th>
            <th>Aliases</th>
            <th>Origin</th>
            <th>Created</th>
            {metricKey && <th className="numeric">{metricKey}</th>}
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((version) => (
            <tr key={version.version} data-testid="version-row" data-version={version.version}>
              <td>
                <a className="link numeric" href={versionHref(version.name, version.version)}>
                  v{version.version}
                </a>
                {version.status !== 'READY' && <span className="faint"> · {version.status.toLowerCase().replace('_', ' ')}</span>}
              </td>
              <td>
                <ApprovalBadge state={version.approval} />
              </td>
              <td>
                <span className="alias-chips">
                  {version.aliases.map((alias) => (
                    <span key={alias} className="alias-chip">
                      @{alias}
                    </span>
                  ))}
                </span>
              </td>
              <td>
                {version.run_id ? (
                  <a className="link mono" href={runHref(version.run_id)} title={`Run ${version.run_id}`}>
                    run {shortRunId(version.run_id)}
                  </a>
                ) : (
                  <span className="muted">{version.origin === 'import' ? 'imported file' : version.origin}</span>
                )}
              </td>
              <td title={formatTimestamp(version.creation_timestamp)}>
                {formatRelativeTime(version.creation_timestamp, now)} <span className="faint">by {version.user_id || '—'}</span>
              </td>
              {metricKey && <td className="numeric mono">{formatMetric(version.metrics[metricKey] ?? null)}</td>}
              <td className="row-actions">
                <a className="button button-small button-ghost" href={versionHref(version.name, version.version, 'governance')}>
                  {submittableStates.has(version.approval) ? 'Submit…' : 'Review'}
                </a>
                <a className="button button-small" href={versionHref(version.name, version.version)}>
                  Open
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
