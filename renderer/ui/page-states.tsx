import { EmptyState } from './empty-state';

/** A page whose data is on its way: a spinner in the middle of the content area. */
export function PageSpinner() {
  return (
    <div className="page-center">
      <span className="spinner" />
    </div>
  );
}

/** A page whose list failed to load, with a way to ask again. */
export function PageLoadFailed({ title, onRetry }: { title: string; onRetry: () => void }) {
  return (
    <div className="page-center">
      <EmptyState
        icon="alert"
        title={title}
        actions={
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        }
      />
    </div>
  );
}
