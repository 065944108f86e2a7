import { useEffect, useRef, type DependencyList } from 'react';

/**
 * Runs `task` now and then `intervalMs` after each run ends, only while the page is visible: a
 * hidden tab stops asking and catches up at once when shown again. Aborts the run in flight when
 * the dependencies change or the component unmounts.
 */
export function useVisiblePolling(task: (signal: AbortSignal) => Promise<void>, intervalMs: number, dependencies: DependencyList): void {
  const latest = useRef(task);
  latest.current = task;
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    const run = async () => {
      clearTimeout(timer);
      if (document.hidden || running || controller.signal.aborted) return;
      running = true;
      try {
        await latest.current(controller.signal);
      } catch {
        // A failed poll is retried at the next tick; the task shows its own error.
      } finally {
        running = false;
      }
      if (!controller.signal.aborted && !document.hidden) timer = setTimeout(() => void run(), intervalMs);
    };
    const onVisibility = () => {
      if (!document.hidden) void run();
      else clearTimeout(timer);
    };
    document.addEventListener('visibilitychange', onVisibility);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
    // The caller's dependency list decides when polling restarts, as with useEffect.
  }, [intervalMs, ...dependencies]);
}
