import { Icon } from './icons';

/** Shown over a page while files are dragged across it: what dropping them will do. */
export function DropOverlay({ hint }: { hint: string }) {
  return (
    <div className="dropzone-overlay" aria-hidden="true">
      <div className="dropzone-overlay-card">
        <Icon name="upload" size={22} />
        <strong>Drop to import</strong>
        <span className="muted">{hint}</span>
      </div>
    </div>
  );
}
