import { useSessionStore } from '../../stores/session-store';
import { Icon } from '../../ui/icons';
import { releaseFocusAfterClick } from './keyboard';
import { navItems } from './routes';

export function SideNav({ activeSection }: { activeSection: string | null }) {
  const version = useSessionStore((state) => state.info?.version);
  return (
    <nav className="side-nav" aria-label="Main">
      <a className="side-nav-brand" href="#/experiments">
        <span className="brand-mark" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="22" height="22">
            <rect width="32" height="32" rx="8" fill="var(--accent)" />
            <path d="M8 21.5l5.5-6 4 3.5L24 11" fill="none" stroke="#fff" strokeWidth="2.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </span>
        <span className="brand-name">ML Workbench</span>
      </a>
      <ul className="side-nav-items">
        {navItems.map((item) => (
          <li key={item.section}>
            <a
              className="side-nav-item"
              href={item.href}
              aria-current={item.section === activeSection ? 'page' : undefined}
              title={`${item.label} (g then ${item.goKey})`}
              onClick={releaseFocusAfterClick}
            >
              <Icon name={item.icon} />
              <span>{item.label}</span>
              <span className="side-nav-shortcut">
                <kbd>g</kbd>
                <kbd>{item.goKey}</kbd>
              </span>
            </a>
          </li>
        ))}
      </ul>
      <div className="side-nav-footer">{version && <span className="faint">v{version}</span>}</div>
    </nav>
  );
}
