import type { CoreConnection } from '../../core/api/desktop';
import { downloadWithAnchor } from './download-anchor';
import type { Host, PickedFile, PickFilesOptions } from './host';

export const tokenStorageKey = 'mlwb.token';

export interface HashToken {
  token: string | null;
  /** The hash to keep in the address bar once the token is taken out ('' when nothing is left). */
  remainingHash: string;
}

/**
 * `mlwb serve` opens `/#token=T`; a link may also carry it beside a route (`#/runs/x?token=T`).
 * The token is taken out so it never lingers in the address bar, history or a copied link.
 */
export function readTokenFromHash(hash: string): HashToken {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.startsWith('/')) {
    const queryStart = body.indexOf('?');
    if (queryStart < 0) return { token: null, remainingHash: hash };
    const query = new URLSearchParams(body.slice(queryStart + 1));
    const token = query.get('token');
    if (token === null) return { token: null, remainingHash: hash };
    query.delete('token');
    const rest = query.toString();
    return { token: token || null, remainingHash: `#${body.slice(0, queryStart)}${rest ? `?${rest}` : ''}` };
  }
  const params = new URLSearchParams(body);
  const token = params.get('token');
  if (token === null) return { token: null, remainingHash: hash };
  params.delete('token');
  const rest = params.toString();
  return { token: token || null, remainingHash: rest ? `#${rest}` : '' };
}

export class MissingTokenError extends Error {
  constructor() {
    super('This window has no access token for the core.');
    this.name = 'MissingTokenError';
  }
}

/**
 * Moves a token from the address bar into sessionStorage, which keeps it across reloads of this
 * tab without sharing it with other tabs.
 */
function takeTokenFromAddressBar(win: Window): void {
  const { token, remainingHash } = readTokenFromHash(win.location.hash);
  if (!token) return;
  win.sessionStorage.setItem(tokenStorageKey, token);
  const { pathname, search } = win.location;
  win.history.replaceState(win.history.state, '', `${pathname}${search}${remainingHash}`);
}

/**
 * Takes the token at creation, so the hash is clean before the router first looks at it, and again
 * on every connection attempt, for a fresh `#token=` link opened in a tab that had none.
 */
export function createWebHost(win: Window): Host {
  takeTokenFromAddressBar(win);

  return {
    kind: 'web',
    async getCoreConnection(): Promise<CoreConnection> {
      takeTokenFromAddressBar(win);
      const token = win.sessionStorage.getItem(tokenStorageKey);
      if (!token) throw new MissingTokenError();
      // In web mode the core serves this page, so its origin is the core's.
      return { url: win.location.origin, token };
    },
    async openExternal(url) {
      win.open(url, '_blank', 'noopener,noreferrer');
    },
    pickFiles: (options) => pickWithInput(win.document, options),
    download: (url, fileName) => downloadWithAnchor(win.document, url, fileName),
    notify: (title, body) => notifyInBrowser(win, title, body),
  };
}

/** The browser's Notification API only where the user already allowed it: never a permission prompt out of nowhere. */
export function notifyInBrowser(win: Window, title: string, body: string): boolean {
  const Notification = (win as Window & { Notification?: typeof globalThis.Notification }).Notification;
  if (!Notification || Notification.permission !== 'granted') return false;
  new Notification(title, { body });
  return true;
}

function pickWithInput(document: Document, options: PickFilesOptions): Promise<PickedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = options.multiple ?? false;
    const extensions = (options.filters ?? []).flatMap((filter) => filter.extensions);
    if (extensions.length > 0 && !extensions.includes('*')) input.accept = extensions.map((ext) => `.${ext}`).join(',');
    input.style.display = 'none';
    const finish = (files: PickedFile[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () =>
      finish(Array.from(input.files ?? [], (file) => ({ kind: 'file', name: file.name, file }))),
    );
    input.addEventListener('cancel', () => finish([]));
    document.body.append(input);
    input.click();
  });
}
