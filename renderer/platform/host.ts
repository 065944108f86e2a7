// The one seam between the UI and where it runs (a browser tab or the Electron window). Data never
// crosses it: everything else goes over HTTP to the core (ARCHITECTURE rule 1).
import type { CoreConnection, FileFilter } from '../../core/api/desktop';
import { createDesktopHost } from './desktop-host';
import { createWebHost } from './web-host';

export type { CoreConnection, FileFilter };

/**
 * A file the user picked. The desktop shell hands out paths the core can read directly; a browser
 * only hands out the bytes, so callers upload those instead.
 */
export type PickedFile = { kind: 'path'; name: string; path: string } | { kind: 'file'; name: string; file: File };

export interface PickFilesOptions {
  title?: string;
  filters?: FileFilter[];
  multiple?: boolean;
}

export interface Host {
  readonly kind: 'web' | 'desktop';
  /** Where the core listens and the bearer token for its /api routes. */
  getCoreConnection(): Promise<CoreConnection>;
  openExternal(url: string): Promise<void>;
  /** Resolves to [] when the user cancels. */
  pickFiles(options: PickFilesOptions): Promise<PickedFile[]>;
  /** Saves what `url` serves under `fileName`; the URL must authorise itself (token query param). */
  download(url: string, fileName: string): void;
  /** An OS notification (desktop) or a browser one where the user allowed them; otherwise nothing. */
  notify(title: string, body: string): void;
}

export function createHost(): Host {
  return window.desktop ? createDesktopHost(window.desktop) : createWebHost(window);
}
