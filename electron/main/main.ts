// Electron entry: one instance per user, the core started before the window opens, and the core
// stopped before the app exits so the workspace is never left with a live orphan process.
import { app, BrowserWindow, dialog, ipcMain, Notification, session, shell } from 'electron';
import path from 'node:path';
import { CoreStartError, coreRuntime, describeExit, resolveWorkspace, startCore, type CoreProcess } from './core-process.js';
import { registerDesktopIpc } from './ipc.js';
import { showDesktopNotification } from './notifications.js';
import { guardWebContents, restrictPermissions } from './security.js';
import { openMainWindow } from './window.js';

let core: CoreProcess | null = null;
let mainWindow: BrowserWindow | null = null;
let coreStopping = false;

if (!app.requestSingleInstanceLock()) {
  // The running instance gets 'second-instance' and brings its window forward.
  app.quit();
} else {
  // Sandbox every renderer, including any a future change creates without saying so.
  app.enableSandbox();
  // The terminal that launched the app may be gone; losing core log lines must not crash it.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  app.on('second-instance', () => void focusMainWindow());
  app.on('activate', () => void focusMainWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (!core || coreStopping) return;
    // Hold the quit until the core has closed its database; then quit for real.
    event.preventDefault();
    coreStopping = true;
    void core.stop().finally(() => app.quit());
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  void app.whenReady().then(launch);
}

async function launch(): Promise<void> {
  const workspace = resolveWorkspace(process.argv, process.env);
  try {
    core = await startCore({
      runtimePath: coreRuntime(app.isPackaged, process.execPath, process.env),
      entryPath: path.join(app.getAppPath(), 'dist', 'core', 'main.js'),
      workspace,
      onOutput: (line, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(`[core] ${line}\n`),
    });
  } catch (error) {
    await fail(`ML Workbench could not start its core service (workspace ${workspace})`, error);
    return;
  }
  const { url: coreUrl, token } = core;
  const openExternal = (url: string) => shell.openExternal(url);

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, { coreUrl, openExternal }));
  restrictPermissions(session.defaultSession, coreUrl);
  registerDesktopIpc(ipcMain, {
    coreConnection: () => ({ url: coreUrl, token }),
    showOpenDialog: async (sender, options) => {
      const owner = BrowserWindow.fromWebContents(sender);
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    showSaveDialog: async (sender, options) => {
      const owner = BrowserWindow.fromWebContents(sender);
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    openExternal,
    showNotification: (request) => {
      showDesktopNotification(Notification, request, () => void focusMainWindow());
    },
  });

  const runningCore = core;
  void runningCore.exited.then((exit) => {
    if (coreStopping) return;
    void fail('The ML Workbench core service stopped unexpectedly', new CoreStartError(describeExit(exit), runningCore.recentErrors()));
  });

  await focusMainWindow();
}

function focusMainWindow(): Promise<void> {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return Promise.resolve();
  }
  // Before the core is up there is nothing to show; launch() opens the window once it is.
  if (!core) return Promise.resolve();
  const { window: opened, loaded } = openMainWindow(BrowserWindow, {
    preloadPath: path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
    appVersion: app.getVersion(),
    coreUrl: core.url,
  });
  mainWindow = opened;
  opened.on('closed', () => {
    mainWindow = null;
  });
  return loaded.catch((error: unknown) => fail('ML Workbench could not open its window', error));
}

/** Tells the user what went wrong, then exits without leaving the core running. */
async function fail(title: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof CoreStartError && error.details ? `\n\nCore output:\n${error.details}` : '';
  dialog.showErrorBox(title, `${message}${details}`);
  if (core && !coreStopping) {
    coreStopping = true;
    await core.stop();
  }
  app.exit(1);
}
