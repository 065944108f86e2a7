import { useState } from 'react';
import { useRequest } from '../../api/use-request';
import { requireRegistry } from '../../stores/models-store';
import { requireHost } from '../../stores/session-store';
import { CopyButton } from '../../ui/copy-button';
import { Icon } from '../../ui/icons';

/**
 * Saves text fetched with the session's bearer header: these routes take no `?token=`, so the
 * download goes through a Blob URL instead of a self-authorising one.
 */
function DownloadButton({ load, type, fileName, label, testId }: { load: () => Promise<string>; type: string; fileName: string; label: string; testId: string }) {
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const url = URL.createObjectURL(new Blob([await load()], { type }));
      requireHost().download(url, fileName);
      // The anchor's click has started the download by the next task; the URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="button button-small" onClick={() => void save()} disabled={busy} data-testid={testId}>
      <Icon name="download" size={14} />
      {label}
    </button>
  );
}

/** The manifest the core writes for the version (YAML), to read, copy or save beside the model. */
export function ManifestView({ name, version, revision }: { name: string; version: number; revision: number }) {
  const manifest = useRequest((signal) => requireRegistry().manifest(name, version, { signal }), [name, version, revision]);
  return (
    <section className="card">
      <div className="card-header">
        <h2>Manifest</h2>
        {manifest.data !== null && <CopyButton text={manifest.data} />}
        <DownloadButton
          load={async () => manifest.data ?? requireRegistry().manifest(name, version)}
          type="application/yaml"
          fileName={`${name}-v${version}.manifest.yaml`} label="Download" testId="manifest-download" />
      </div>
      {manifest.data !== null ? (
        <pre className="code-view" data-testid="manifest-view">
          <code>{manifest.data}</code>
        </pre>
      ) : manifest.error ? (
        <p className="card-note">Could not load the manifest.</p>
      ) : (
        <div className="card-body">
          <span className="spinner" />
        </div>
      )}
    </section>
  );
}

/**
 * The model card as the core renders it to HTML, inside a sandboxed frame: no scripts, no same
 * origin, so text from tags and descriptions cannot reach the app or its token.
 */
export function ModelCardView({ name, version, revision }: { name: string; version: number; revision: number }) {
  const card = useRequest((signal) => requireRegistry().card(name, version, 'html', { signal }), [name, version, revision]);
  return (
    <section className="card">
      <div className="card-header">
        <h2>Model card</h2>
        <DownloadButton
          load={() => requireRegistry().card(name, version, 'md')}
          type="text/markdown"
          fileName={`${name}-v${version}.md`} label="Download .md" testId="model-card-download" />
      </div>
      {card.data !== null ? (
        <iframe className="model-card-frame" title={`Model card of ${name} v${version}`} sandbox="" srcDoc={card.data} data-testid="model-card-frame" />
      ) : card.error ? (
        <p className="card-note">Could not load the model card.</p>
      ) : (
        <div className="card-body">
          <span className="spinner" />
        </div>
      )}
    </section>
  );
}
