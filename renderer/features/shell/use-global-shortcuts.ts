import { useEffect } from 'react';
import { navigate } from './hash-route';
import { shouldIgnoreShortcut } from './keyboard';
import { navItems } from './routes';

const sequenceTimeout = 1500;

/**
 * Listens in the capture phase so it sees keys before page handlers, and marks what it consumes
 * with preventDefault so a page never also acts on the second key of "g e".
 */
export function useGlobalShortcuts(onShowShortcuts: () => void): void {
  useEffect(() => {
    let awaitingGoKeySince = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (shouldIgnoreShortcut(event)) return;
      if (awaitingGoKeySince && event.timeStamp - awaitingGoKeySince < sequenceTimeout) {
        awaitingGoKeySince = 0;
        const item = navItems.find((candidate) => candidate.goKey === event.key);
        if (item) {
          event.preventDefault();
          navigate(item.href);
          return;
        }
      }
      awaitingGoKeySince = 0;
      if (event.key === 'g' && !event.shiftKey) {
        event.preventDefault();
        awaitingGoKeySince = event.timeStamp;
      } else if (event.key === '/') {
        const filter = document.querySelector<HTMLInputElement>('[data-shortcut-target="filter"]');
        if (!filter) return;
        event.preventDefault();
        filter.focus();
        filter.select();
      } else if (event.key === '?') {
        event.preventDefault();
        onShowShortcuts();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [onShowShortcuts]);
}
