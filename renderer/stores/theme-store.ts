import { create } from 'zustand';

export type ThemeName = 'light' | 'dark';
/** 'system' follows prefers-color-scheme, live. */
export type ThemePreference = ThemeName | 'system';

export const themeStorageKey = 'mlwb.theme';

interface ThemeState {
  preference: ThemePreference;
  resolved: ThemeName;
  /** Reads the stored preference, applies it and starts following the OS setting. */
  initialize(win: Window): void;
  toggle(): void;
}

let environment: { win: Window; media: MediaQueryList } | null = null;

function systemTheme(media: MediaQueryList): ThemeName {
  return media.matches ? 'dark' : 'light';
}

function readPreference(storage: Storage): ThemePreference {
  const stored = storage.getItem(themeStorageKey);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function apply(win: Window, preference: ThemePreference, resolved: ThemeName) {
  const root = win.document.documentElement;
  // Without data-theme the CSS light-dark() pairs follow the OS by themselves.
  if (preference === 'system') delete root.dataset.theme;
  else root.dataset.theme = resolved;
}

export const useThemeStore = create<ThemeState>((set, get) => ({
  preference: 'system',
  resolved: 'light',
  initialize(win) {
    const media = win.matchMedia('(prefers-color-scheme: dark)');
    environment = { win, media };
    const preference = readPreference(win.localStorage);
    const resolved = preference === 'system' ? systemTheme(media) : preference;
    apply(win, preference, resolved);
    set({ preference, resolved });
    media.addEventListener('change', () => {
      if (get().preference === 'system') set({ resolved: systemTheme(media) });
    });
  },
  toggle() {
    if (!environment) return;
    const resolved: ThemeName = get().resolved === 'dark' ? 'light' : 'dark';
    // Choosing the OS's own theme again returns to following it, so the choice is never a trap.
    const preference: ThemePreference = resolved === systemTheme(environment.media) ? 'system' : resolved;
    if (preference === 'system') environment.win.localStorage.removeItem(themeStorageKey);
    else environment.win.localStorage.setItem(themeStorageKey, preference);
    apply(environment.win, preference, resolved);
    set({ preference, resolved });
  },
}));
