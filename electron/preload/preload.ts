// Runs sandboxed, before the page: exposes window.desktop and nothing else. Every function is a
// thin invoke so the page never holds an ipcRenderer it could aim at other channels.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi } from '../../core/api/desktop.js';
import { appVersionSwitch, ipcChannels } from '../ipc-channels.js';

const appVersion = process.argv.find((argument) => argument.startsWith(appVersionSwitch))?.slice(appVersionSwitch.length) ?? '';

const desktop: DesktopApi = {
  platform: process.platform,
  appVersion,
  getCoreConnection: () => ipcRenderer.invoke(ipcChannels.getCoreConnection),
  openFileDialog: (options) => ipcRenderer.invoke(ipcChannels.openFileDialog, options),
  saveFileDialog: (options) => ipcRenderer.invoke(ipcChannels.saveFileDialog, options),
  openExternal: (url) => ipcRenderer.invoke(ipcChannels.openExternal, url),
  notify: (title, body) => ipcRenderer.invoke(ipcChannels.notify, { title, body }),
};

contextBridge.exposeInMainWorld('desktop', desktop);
