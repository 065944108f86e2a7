import { useCallback, useEffect, useState } from 'react';
import type { ArtifactEntry } from '../../../core/api/contract';
import { requireTracking } from '../../stores/session-store';
import { formatBytes } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { artifactKind, fileName } from './artifact-kind';
import { ArtifactPreview } from './artifact-preview';

type Listing = ArtifactEntry[] | 'loading' | 'failed';

/** Directories first, then files, each alphabetical. */
function sortEntries(entries: ArtifactEntry[]): ArtifactEntry[] {
  return [...entries].sort((a, b) => Number(b.is_dir) - Number(a.is_dir) || a.path.localeCompare(b.path));
}

export function ArtifactBrowser({ runId }: { runId: string }) {
  const [listings, setListings] = useState<Record<string, Listing>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<ArtifactEntry | null>(null);

  const list = useCallback(
    (directory: string) => {
      setListings((current) => ({ ...current, [directory]: 'loading' }));
      requireTracking()
        .listArtifacts(runId, directory)
        .then(
          (response) => setListings((current) => ({ ...current, [directory]: sortEntries(response.files) })),
          () => setListings((current) => ({ ...current, [directory]: 'failed' })),
        );
    },
    [runId],
  );

  useEffect(() => {
    setListings({});
    setExpanded(new Set());
    setSelected(null);
    list('');
  }, [list]);

  // Open the first previewable file so the panel never starts blank when there is something to show.
  const root = listings[''];
  useEffect(() => {
    if (selected || !Array.isArray(root)) return;
    const first = root.find((entry) => !entry.is_dir && artifactKind(entry.path) !== 'unknown');
    if (first) setSelected(first);
  }, [root, selected]);

  const toggleDirectory = (path: string) => {
    const next = new Set(expanded);
    if (next.has(path)) next.delete(path);
    else {
      next.add(path);
      if (!listings[path] || listings[path] === 'failed') list(path);
    }
    setExpanded(next);
  };

  if (root === 'loading' || root === undefined) {
    return (
      <div className="card-body">
        <span className="spinner" />
      </div>
    );
  }
  if (root === 'failed') return <p className="card-note">Could not list the artifacts.</p>;
  if (root.length === 0) {
    return <p className="card-note">No artifacts. Files logged with the run (models, plots, reports) appear here.</p>;
  }

  const renderLevel = (entries: ArtifactEntry[], depth: number) =>
    entries.map((entry) => {
      const open = expanded.has(entry.path);
      const children = listings[entry.path];
      return (
        <li key={entry.path}>
          <button
            type="button"
            className={`artifact-entry${selected?.path === entry.path ? ' is-selected' : ''}`}
            style={{ paddingLeft: 8 + depth * 16 }}
            onClick={() => (entry.is_dir ? toggleDirectory(entry.path) : setSelected(entry))}
            aria-expanded={entry.is_dir ? open : undefined}
            data-testid="artifact-entry"
            data-path={entry.path}
          >
            {entry.is_dir ? (
              <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} className="artifact-chevron" />
            ) : (
              <span className="artifact-chevron" />
            )}
            <Icon name={entry.is_dir ? 'folder' : artifactKind(entry.path) === 'image' ? 'image' : 'file'} size={14} className="artifact-icon" />
            <span className="truncate">{fileName(entry.path)}</span>
            {!entry.is_dir && <span className="artifact-size faint numeric">{formatBytes(entry.file_size)}</span>}
          </button>
          {entry.is_dir && open && (
            <ul className="artifact-tree">
              {children === 'loading' || children === undefined ? (
                <li className="artifact-status faint" style={{ paddingLeft: 24 + depth * 16 }}>
                  Loading…
                </li>
              ) : children === 'failed' ? (
                <li className="artifact-status faint" style={{ paddingLeft: 24 + depth * 16 }}>
                  Could not list this folder.
                </li>
              ) : children.length === 0 ? (
                <li className="artifact-status faint" style={{ paddingLeft: 24 + depth * 16 }}>
                  Empty folder
                </li>
              ) : (
                renderLevel(children, depth + 1)
              )}
            </ul>
          )}
        </li>
      );
    });

  return (
    <div className="artifact-browser">
      <ul className="artifact-tree artifact-tree-root" data-testid="artifact-tree">
        {renderLevel(root, 0)}
      </ul>
      <div className="artifact-preview-pane">
        {selected ? (
          <ArtifactPreview key={selected.path} runId={runId} entry={selected} />
        ) : (
          <p className="card-note">Select a file to preview it.</p>
        )}
      </div>
    </div>
  );
}
