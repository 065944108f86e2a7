import { useEffect, useState, type DependencyList } from 'react';

export interface RequestState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
}

/**
 * Runs `load` whenever `dependencies` change and aborts the previous call, so a slow answer for
 * an old key never overwrites the answer for the current one. The previous data stays visible
 * while the next request is in flight, which keeps charts from flashing empty.
 */
export function useRequest<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  dependencies: DependencyList,
): RequestState<T> {
  const [state, setState] = useState<RequestState<T>>({ data: null, error: null, loading: load !== null });
  useEffect(() => {
    if (!load) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, error: null, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: null, error, loading: false });
      },
    );
    return () => controller.abort();
    // The caller's dependency list decides when to reload, as with useEffect.
  }, dependencies);
  return state;
}
