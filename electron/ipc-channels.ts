// Names shared by the main process (ipc.ts) and the preload, which are bundled separately.
export const ipcChannels = {
  getCoreConnection: 'desktop:get-core-connection',
  openFileDialog: 'desktop:open-file-dialog',
  saveFileDialog: 'desktop:save-file-dialog',
  openExternal: 'desktop:open-external',
  notify: 'desktop:notify',
} as const;

/**
 * A sandboxed preload cannot ask the app for its version synchronously, and DesktopApi exposes it
 * as a plain property, so the window hands it over as a command-line switch of the renderer.
 */
export const appVersionSwitch = '--mlwb-app-version=';
