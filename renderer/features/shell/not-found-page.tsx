import { EmptyState } from '../../ui/empty-state';
import { homeHref } from './routes';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="page-center">
      <EmptyState
        icon="alert"
        title="Nothing lives at this address"
        actions={
          <a className="button" href={homeHref}>
            Go to experiments
          </a>
        }
      >
        <p>
          <code>#{path}</code> is not a page of ML Workbench.
        </p>
      </EmptyState>
    </div>
  );
}
