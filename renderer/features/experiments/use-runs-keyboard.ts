import { useEffect, useRef } from 'react';
import { activatesFocusedControl, shouldIgnoreShortcut } from '../shell/keyboard';

export interface RunsKeyboardActions {
  move(delta: number): void;
  toggle(): void;
  open(): void;
  compare(): void;
}

/** j/k/arrows move the cursor, x/Space select, Enter opens, c compares; inactive while typing. */
export function useRunsKeyboard(actions: RunsKeyboardActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (shouldIgnoreShortcut(event)) return;
      const current = latest.current;
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          current.move(1);
          break;
        case 'k':
        case 'ArrowUp':
          current.move(-1);
          break;
        case 'x':
        case ' ':
          if (activatesFocusedControl(event)) return;
          current.toggle();
          break;
        case 'Enter':
          if (activatesFocusedControl(event)) return;
          current.open();
          break;
        case 'c':
          current.compare();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
