import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, openMainWindow } from './window.js';

const settings = { preloadPath: '/app/dist/electron/preload.cjs', appVersion: '0.1.0' };

describe('mainWindowOptions', () => {
  it('isolates the page from Node and Electron', () => {
    const { webPreferences } = mainWindowOptions(settings);
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('passes the app version to the preload', () => {
    expect(mainWindowOptions(settings).webPreferences?.additionalArguments).toEqual(['--mlwb-app-version=0.1.0']);
  });
});

// Electron cannot run here: BrowserWindow is faked with the three members openMainWindow uses.
class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  loadedUrl: string | null = null;
  shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
}

describe('openMainWindow', () => {
  it('loads the core page and shows the window only once it has painted', async () => {
    const { window, loaded } = openMainWindow(FakeBrowserWindow as unknown as new (options: BrowserWindowConstructorOptions) => BrowserWindow, {
      ...settings,
      coreUrl: 'http://127.0.0.1:5400',
    });
    await loaded;
    const fake = window as unknown as FakeBrowserWindow;
    expect(fake.loadedUrl).toBe('http://127.0.0.1:5400');
    expect(fake.options.show).toBe(false);
    expect(fake.shown).toBe(false);
    fake.emit('ready-to-show');
    expect(fake.shown).toBe(true);
  });
});
