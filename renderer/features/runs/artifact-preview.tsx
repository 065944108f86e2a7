import { useMemo } from 'react';
import type { ArtifactEntry } from '../../../core/api/contract';
import type { ArtifactText } from '../../api/tracking-api';
import { useRequest } from '../../api/use-request';
import { requireHost, requireTracking } from '../../stores/session-store';
import { formatBytes, formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { artifactKind, fileName, looksBinary, type ArtifactKind } from './artifact-kind';
import { parseCsvPreview } from './csv-preview';

/** Enough for any config or report; big files are cut here and offered as a download instead. */
const previewBytes = 512 * 1024;
const csvRows = 100;

export function ArtifactPreview({ runId, entry }: { runId: string; entry: ArtifactEntry }) {
  const kind = artifactKind(entry.path);
  const name = fileName(entry.path);
  const tracking = requireTracking();
  const download = () => requireHost().download(tracking.artifactContentUrl(runId, entry.path, true), name);

  return (
    <div className="artifact-preview" data-testid="artifact-preview">
      <div className="artifact-preview-header">
        <Icon name={kind === 'image' ? 'image' : 'file'} size={14} />
        <span className="mono truncate" title={entry.path}>
          {entry.path}
        </span>
        <span className="faint numeric">{formatBytes(entry.file_size)}</span>
        <button type="button" className="button button-small" onClick={download} data-testid="artifact-download">
          <Icon name="download" size={14} />
          Download
        </button>
      </div>
      <div className="artifact-preview-body">
        {kind === 'image' ? (
          <div className="artifact-image">
            <img src={tracking.artifactContentUrl(runId, entry.path)} alt={name} />
          </div>
        ) : (
          <TextPreview runId={runId} path={entry.path} kind={kind} />
        )}
      </div>
    </div>
  );
}

function TextPreview({ runId, path, kind }: { runId: string; path: string; kind: ArtifactKind }) {
  const content = useRequest((signal) => requireTracking().readArtifactText(runId, path, previewBytes, { signal }), [runId, path]);
  if (content.loading && !content.data) return <span className="spinner" />;
  if (content.error || !content.data) return <p className="card-note">Could not read this file.</p>;
  return <TextContent content={content.data} kind={kind} />;
}

function TextContent({ content, kind }: { content: ArtifactText; kind: ArtifactKind }) {
  const { text, truncated } = content;
  const pretty = useMemo(() => {
    if (kind !== 'json' || truncated) return null;
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return null;
    }
  }, [kind, text, truncated]);

  if (looksBinary(text)) return <p className="card-note">Binary file: no preview. Download it to open it with its own tool.</p>;

  if (kind === 'csv' || kind === 'tsv') {
    const csv = parseCsvPreview(text, csvRows, { delimiter: kind === 'tsv' ? '\t' : ',', complete: !truncated });
    return (
      <div className="csv-preview">
        <div className="csv-scroll">
          <table className="data-table sticky-header" data-testid="csv-preview">
            <thead>
              <tr>
                {csv.header.map((cell, index) => (
                  <th key={index}>{cell}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {csv.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    <td key={index} className="mono">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {csv.truncated && <p className="card-note">First {formatCount(csv.rows.length)} rows.</p>}
      </div>
    );
  }

  return (
    <>
      <pre className="text-preview" data-testid="text-preview">
        {pretty ?? text}
      </pre>
      {truncated && <p className="card-note">Showing the first {formatBytes(previewBytes)}. Download the file for the rest.</p>}
    </>
  );
}
