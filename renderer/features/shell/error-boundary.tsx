import { Component, type ReactNode } from 'react';
import { EmptyState } from '../../ui/empty-state';

interface Props {
  /** Navigating elsewhere (a new key) clears the error, so one broken page does not stick. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="page-center" role="alert">
        <EmptyState
          icon="alert"
          title="This page hit an error"
          actions={
            <>
              <button type="button" className="button" onClick={() => this.setState({ error: null })}>
                Try again
              </button>
              <button type="button" className="button button-ghost" onClick={() => window.location.reload()}>
                Reload the app
              </button>
            </>
          }
        >
          <code className="error-message">{error.message}</code>
        </EmptyState>
      </div>
    );
  }
}
