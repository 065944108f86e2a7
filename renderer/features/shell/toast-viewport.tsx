import { useToastStore, type ToastTone } from '../../stores/toast-store';
import { Icon, type IconName } from '../../ui/icons';

const icons: Record<ToastTone, IconName> = { error: 'alert', success: 'checkCircle', info: 'info' };

export function ToastViewport() {
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  return (
    <section className="toast-viewport" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
          <Icon name={icons[toast.tone]} className="toast-icon" />
          <div className="toast-text">
            <div className="toast-title">
              {toast.title}
              {toast.repeats > 1 && <span className="toast-repeats">×{toast.repeats}</span>}
            </div>
            {toast.message && <div className="toast-message">{toast.message}</div>}
          </div>
          <button type="button" className="button button-ghost button-icon button-small" onClick={() => dismiss(toast.id)} aria-label="Dismiss">
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </section>
  );
}
