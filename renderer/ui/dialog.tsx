import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './icons';

/**
 * Mark the control that should take focus with `data-autofocus`.
 * The native <dialog> in modal mode gives focus trapping, Escape to close, a backdrop and an
 * inert page behind it, so keyboard shortcuts elsewhere stay quiet while it is open.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  className,
  testId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first control, the close button; the form's field, or else the dialog
      // itself, is a calmer start.
      (dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog).focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      tabIndex={-1}
      aria-label={title}
      data-testid={testId}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (event.target === ref.current) onClose();
      }}
    >
      {open && (
        <>
          <div className="dialog-header">
            <h2>{title}</h2>
            <button type="button" className="button button-icon button-small button-ghost" onClick={onClose} aria-label="Close">
              <Icon name="close" size={14} />
            </button>
          </div>
          {children}
        </>
      )}
    </dialog>
  );
}
