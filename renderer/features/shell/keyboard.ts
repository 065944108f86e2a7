// Shared rules for single-key shortcuts, so they never fire while the user is typing.

const textEntryTypes = new Set([
  'text', 'search', 'email', 'number', 'password', 'tel', 'url', 'date', 'datetime-local', 'month', 'time', 'week',
]);

export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && textEntryTypes.has(target.type);
}

/** Space and Enter on a focused button, link or checkbox belong to that control. */
export function activatesFocusedControl(event: KeyboardEvent): boolean {
  if (event.key !== ' ' && event.key !== 'Enter') return false;
  const target = event.target;
  return target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || target instanceof HTMLInputElement;
}

/**
 * For links that lead into keyboard-driven views: a clicked link keeps focus, and Enter would then
 * re-follow it instead of reaching the view's own Enter shortcut.
 */
export function releaseFocusAfterClick(event: { currentTarget: HTMLElement }): void {
  event.currentTarget.blur();
}

export function shouldIgnoreShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return true;
  if (isTextEntry(event.target)) return true;
  // A modal dialog owns the keyboard while it is open.
  return document.querySelector('dialog[open]') !== null;
}
