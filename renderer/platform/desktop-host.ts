import type { DesktopApi } from '../../core/api/desktop';
import { downloadWithAnchor } from './download-anchor';
import type { Host } from './host';

declare global {
  interface Window {
    /** Present only under Electron, exposed by the preload script. */
    desktop?: DesktopApi;
  }
}

export function createDesktopHost(desktop: DesktopApi): Host {
  return {
    kind: 'desktop',
    getCoreConnection: () => desktop.getCoreConnection(),
    openExternal: (url) => desktop.openExternal(url),
    async pickFiles(options) {
      const paths = await desktop.openFileDialog(options);
      return paths.map((path) => ({ kind: 'path', path, name: path.split(/[\\/]/).pop() ?? path }));
    },
    // Electron turns an anchor download into its own native save dialog, so the bytes still come
    // from the core over HTTP and the renderer never writes files itself.
    download: (url, fileName) => downloadWithAnchor(document, url, fileName),
    notify(title, body) {
      // A refused or unsupported notification is not worth an error: the alert is in the app too.
      desktop.notify(title, body).catch(() => undefined);
    },
  };
}
