// Keeps every window on the core's origin. The renderer holds the API token, so a page from any
// other origin must never load inside the app; links out go to the OS browser instead.
// Electron objects are passed in (type imports only) so the rules run under plain Node in tests.
import type { Session, WebContents } from 'electron';

export type NavigationVerdict = 'allow' | 'external' | 'deny';

export function isSameOrigin(url: string, coreUrl: string): boolean {
  const target = parseUrl(url);
  const core = parseUrl(coreUrl);
  // Opaque origins (file:, data:, about:) serialise as "null" and would otherwise match each other.
  if (!target || !core || core.origin === 'null') return false;
  return target.origin === core.origin;
}

export function classifyNavigation(url: string, coreUrl: string): NavigationVerdict {
  if (isSameOrigin(url, coreUrl)) return 'allow';
  return isWebUrl(url) ? 'external' : 'deny';
}

/** Only http(s) may reach the OS: other schemes can launch arbitrary local handlers. */
export function isWebUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export interface GuardOptions {
  coreUrl: string;
  openExternal: (url: string) => Promise<void>;
}

/** Applied to every WebContents the app creates, so no window or frame escapes the rules. */
export function guardWebContents(contents: WebContents, { coreUrl, openExternal }: GuardOptions): void {
  const route = (url: string): boolean => {
    const verdict = classifyNavigation(url, coreUrl);
    if (verdict === 'external') void openExternal(url).catch(() => undefined);
    return verdict === 'allow';
  };

  contents.on('will-navigate', (event) => {
    if (!route(event.url)) event.preventDefault();
  });
  // A same-origin page could still answer with a redirect elsewhere.
  contents.on('will-redirect', (event) => {
    if (!isSameOrigin(event.url, coreUrl)) event.preventDefault();
  });
  // The app is one window: the renderer routes its own pages in place, and links that ask for a
  // new window are either sent to the OS browser or dropped.
  contents.setWindowOpenHandler(({ url }) => {
    route(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Camera, microphone, notifications, geolocation…: nothing in the product needs them. The one
 * exception is writing text to the clipboard, which the UI's copy buttons (run ids, URLs) use.
 */
export function restrictPermissions(session: Session, coreUrl: string): void {
  const granted = (permission: string, origin: string) =>
    permission === 'clipboard-sanitized-write' && isSameOrigin(origin, coreUrl);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(granted(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => granted(permission, requestingOrigin));
}
