import { useState, type ReactNode } from 'react';
import { Dialog } from '../../ui/dialog';

/** A yes/no question before a change that moves live traffic; the action's error stays in the dialog. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Resolves to an error message, or null when done. */
  onConfirm: () => Promise<string | null>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    const failure = await onConfirm();
    setBusy(false);
    if (failure) setError(failure);
    else close();
  };
  return (
    <Dialog open={open} title={title} onClose={close} testId="confirm-dialog">
      <div className="dialog-body">
        <div className="muted">{children}</div>
        {error && (
          <p className="field-error" role="alert" data-testid="deployment-error">
            {error}
          </p>
        )}
      </div>
      <div className="dialog-footer">
        <button type="button" className="button button-ghost" onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          data-autofocus
          disabled={busy}
          onClick={() => void confirm()}
          data-testid="confirm-button"
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
