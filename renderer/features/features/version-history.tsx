import { useEffect } from 'react';
import { useFeaturesStore } from '../../stores/features-store';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';

/** Every applied version of the repo, newest first: who applied which folder when. */
export function VersionHistory({ currentVersion }: { currentVersion: number | null }) {
  const versions = useFeaturesStore((state) => state.versions);
  const loadVersions = useFeaturesStore((state) => state.loadVersions);
  useEffect(() => {
    void loadVersions();
  }, [loadVersions, currentVersion]);
  const now = Date.now();
  return (
    <section className="card">
      <header className="card-header">
        <h2>Version history</h2>
        <span className="faint">{versions.length}</span>
      </header>
      <table className="data-table card-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Project</th>
            <th>Folder</th>
            <th>Applied</th>
            <th>By</th>
            <th>Content</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version} data-testid="feature-version-row" data-version={version.version}>
              <td>
                v{version.version} {version.version === currentVersion && <span className="badge badge-success">current</span>}
              </td>
              <td className="mono">{version.project}</td>
              <td className="mono features-path" title={version.directory}>
                {version.directory}
              </td>
              <td title={formatTimestamp(version.applied_time)}>{formatRelativeTime(version.applied_time, now)}</td>
              <td>{version.applied_by}</td>
              <td className="mono faint" title={`sha256 ${version.sha256}`}>
                {version.sha256.slice(0, 12)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length === 0 && <p className="card-note">Nothing applied yet.</p>}
    </section>
  );
}
