import { useEffect } from 'react';
import { useSessionStore } from '../../stores/session-store';
import { CommandBlock } from '../../ui/command-block';
import { EmptyState } from '../../ui/empty-state';

export function ConnectionScreen() {
  const status = useSessionStore((state) => state.status);
  const problem = useSessionStore((state) => state.problem);
  const host = useSessionStore((state) => state.host);
  const connect = useSessionStore((state) => state.connect);

  // Opening the printed link in this tab changes only the hash: connect again with its token.
  useEffect(() => {
    if (status !== 'unauthorized' || !host) return;
    const onHashChange = () => {
      if (window.location.hash.includes('token=')) void connect(host);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [status, host, connect]);

  if (status === 'connecting') {
    return (
      <div className="page-center connection-screen">
        <span className="spinner" />
        <span className="muted">Connecting to the core…</span>
      </div>
    );
  }

  const retry = host && (
    <button type="button" className="button button-primary" onClick={() => void connect(host)}>
      Try again
    </button>
  );

  if (status === 'unauthorized') {
    return (
      <div className="page-center connection-screen">
        <EmptyState icon="alert" title="This window has no access to the workspace" actions={retry}>
          <p>{problem}</p>
          <p>Open the link the core printed when it started (it ends in #token=…). To start the core:</p>
          <CommandBlock text="mlwb serve" />
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="page-center connection-screen">
      <EmptyState icon="alert" title="Cannot reach the core" actions={retry}>
        <p>{problem}</p>
        <p>Check that the core (`mlwb serve`) is still running, then try again.</p>
      </EmptyState>
    </div>
  );
}
