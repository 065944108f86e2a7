import { useSessionStore } from '../../stores/session-store';
import { useThemeStore } from '../../stores/theme-store';
import { Icon } from '../../ui/icons';
import { TrainJobIndicator } from '../training/train-dialog';

function initials(name: string): string {
  const parts = name.split(/[\s._@-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

export function TopBar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const info = useSessionStore((state) => state.info);
  const theme = useThemeStore((state) => state.resolved);
  const toggleTheme = useThemeStore((state) => state.toggle);
  const nextTheme = theme === 'dark' ? 'light' : 'dark';
  return (
    <header className="top-bar">
      <div className="top-bar-workspace" title={info?.workspace}>
        <span className="faint">Workspace</span>
        <span className="top-bar-path mono truncate">{info?.workspace}</span>
      </div>
      <div className="top-bar-actions">
        <TrainJobIndicator />
        <button type="button" className="button button-ghost button-small" onClick={onShowShortcuts} title="Keyboard shortcuts (?)">
          <Icon name="keyboard" size={15} />
          <kbd>?</kbd>
        </button>
        <button
          type="button"
          className="button button-ghost button-icon button-small"
          onClick={toggleTheme}
          aria-label={`Switch to ${nextTheme} theme`}
          title={`Switch to ${nextTheme} theme`}
          data-testid="theme-toggle"
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={15} />
        </button>
        {info && (
          <span className="user-chip" title={`Signed in as ${info.user}`} data-testid="workspace-user">
            <span className="user-avatar" aria-hidden="true">
              {initials(info.user)}
            </span>
            <span className="user-name">{info.user}</span>
          </span>
        )}
      </div>
    </header>
  );
}
