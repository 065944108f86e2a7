import { useCallback, useEffect, useState } from 'react';
import { useSessionStore } from '../../stores/session-store';
import { useAlertNotifications } from '../monitoring/alert-notifier';
import { TrainDialog } from '../training/train-dialog';
import { ConnectionScreen } from './connection-screen';
import { ErrorBoundary } from './error-boundary';
import { navigate, useHashLocation } from './hash-route';
import { NotFoundPage } from './not-found-page';
import { homeHref, resolveRoute } from './routes';
import { ShortcutSheet } from './shortcut-sheet';
import { SideNav } from './side-nav';
import { ToastViewport } from './toast-viewport';
import { TopBar } from './top-bar';
import { useGlobalShortcuts } from './use-global-shortcuts';
import './shell.css';

export function App() {
  const status = useSessionStore((state) => state.status);
  return (
    <>
      {status === 'ready' ? <Shell /> : <ConnectionScreen />}
      <ToastViewport />
    </>
  );
}

function Shell() {
  const location = useHashLocation();
  const resolved = resolveRoute(location);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const showShortcuts = useCallback(() => setShortcutsOpen(true), []);
  useGlobalShortcuts(showShortcuts);
  useAlertNotifications();

  useEffect(() => {
    if (location.path === '/') navigate(homeHref, { replace: true });
  }, [location.path]);

  return (
    <div className="app">
      <SideNav activeSection={resolved?.route.section ?? null} />
      <div className="app-main">
        <TopBar onShowShortcuts={showShortcuts} />
        <main className="app-content">
          <ErrorBoundary resetKey={location.path}>
            {resolved ? (
              <resolved.route.Page params={resolved.params} query={location.query} />
            ) : (
              location.path !== '/' && <NotFoundPage path={location.path} />
            )}
          </ErrorBoundary>
        </main>
      </div>
      <ShortcutSheet open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      <TrainDialog />
    </div>
  );
}
