import { create } from 'zustand';

export type ToastTone = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  message: string;
  /** How many times the same toast was raised while visible (a burst of failing requests). */
  repeats: number;
}

interface ToastState {
  toasts: Toast[];
  show(toast: { tone: ToastTone; title: string; message: string }): void;
  dismiss(id: number): void;
}

const visibleFor: Record<ToastTone, number> = { error: 8000, success: 4000, info: 5000 };
const maxVisible = 4;
const timers = new Map<number, ReturnType<typeof setTimeout>>();
let nextId = 1;

export const useToastStore = create<ToastState>((set, get) => {
  const schedule = (id: number, tone: ToastTone) => {
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => get().dismiss(id), visibleFor[tone]),
    );
  };
  return {
    toasts: [],
    show({ tone, title, message }) {
      const same = get().toasts.find((toast) => toast.tone === tone && toast.title === title && toast.message === message);
      if (same) {
        set((state) => ({
          toasts: state.toasts.map((toast) => (toast.id === same.id ? { ...toast, repeats: toast.repeats + 1 } : toast)),
        }));
        schedule(same.id, tone);
        return;
      }
      const id = nextId++;
      set((state) => ({ toasts: [...state.toasts, { id, tone, title, message, repeats: 1 }].slice(-maxVisible) }));
      schedule(id, tone);
    },
    dismiss(id) {
      clearTimeout(timers.get(id));
      timers.delete(id);
      set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
    },
  };
});

export function showErrorToast(title: string, message: string): void {
  useToastStore.getState().show({ tone: 'error', title, message });
}

export function showSuccessToast(message: string): void {
  useToastStore.getState().show({ tone: 'success', title: message, message: '' });
}
