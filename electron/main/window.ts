// The one application window. The page it shows is served by the core over HTTP, exactly as in a
// browser (ARCHITECTURE rule 1); the preload adds only the desktop-only functions.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { appVersionSwitch } from '../ipc-channels.js';

export interface MainWindowSettings {
  preloadPath: string;
  appVersion: string;
}

export function mainWindowOptions({ preloadPath, appVersion }: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    title: 'ML Workbench',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    // Shown on ready-to-show so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      additionalArguments: [`${appVersionSwitch}${appVersion}`],
    },
  };
}

type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * Electron's BrowserWindow class is passed in so this module never loads Electron itself. The
 * window is returned at once (callers must not open a second one while the page loads);
 * `loaded` rejects when the core's page cannot be loaded.
 */
export function openMainWindow(
  BrowserWindowClass: WindowConstructor,
  settings: MainWindowSettings & { coreUrl: string },
): { window: BrowserWindow; loaded: Promise<void> } {
  const mainWindow = new BrowserWindowClass(mainWindowOptions(settings));
  mainWindow.once('ready-to-show', () => mainWindow.show());
  return { window: mainWindow, loaded: mainWindow.loadURL(settings.coreUrl) };
}
