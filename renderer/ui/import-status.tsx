// Progress of a file being uploaded and then checked by the core, and the core's reason when it
// refuses the file: the same strip on every page that takes dropped files (Datasets, Models).
import type { ReactNode } from 'react';
import { formatBytes } from './format';
import { Icon } from './icons';

export interface ImportProgressState {
  fileName: string;
  sent: number;
  total: number;
}

/** `checking` is the phase after the upload (profiling, scanning): no byte count, an indeterminate bar. */
export function ImportProgress({ importing, checking, label, testId }: { importing: ImportProgressState; checking: boolean; label: ReactNode; testId: string }) {
  const share = importing.total > 0 ? importing.sent / importing.total : 0;
  return (
    <div className="import-status" role="status" data-testid={testId}>
      <span className="spinner" />
      <div className="import-status-text">
        <div>{label}</div>
        <div className={`progress-track${checking ? ' is-indeterminate' : ''}`}>
          <div className="progress-fill" style={{ width: checking ? undefined : `${Math.round(share * 100)}%` }} />
        </div>
      </div>
      <span className="faint numeric">{checking ? formatBytes(importing.total) : `${formatBytes(importing.sent)} of ${formatBytes(importing.total)}`}</span>
    </div>
  );
}

export function ImportError({ error, onDismiss, testId }: { error: { fileName: string; message: string }; onDismiss: () => void; testId: string }) {
  return (
    <div className="import-status import-error" role="alert" data-testid={testId}>
      <Icon name="alert" size={16} className="import-error-icon" />
      <div className="import-status-text">
        <div className="import-error-title">
          Could not import <span className="mono">{error.fileName}</span>
        </div>
        <div className="import-error-message">{error.message}</div>
      </div>
      <button type="button" className="button button-ghost button-icon button-small" onClick={onDismiss} aria-label="Dismiss">
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
