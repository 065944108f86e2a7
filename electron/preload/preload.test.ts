import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../core/api/desktop.js';
import { ipcChannels } from '../ipc-channels.js';

// Electron cannot run here (and must never be required from tests): the module is replaced by a
// fake contextBridge that records what is exposed and a fake ipcRenderer that records invokes.
const exposed = new Map<string, unknown>();
const invocations: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invocations.push(args);
      return 'answer';
    },
  },
}));

describe('preload', () => {
  let desktop: DesktopApi;

  beforeEach(async () => {
    exposed.clear();
    invocations.length = 0;
    process.argv.push('--mlwb-app-version=1.2.3');
    vi.resetModules();
    await import('./preload.js');
    process.argv.pop();
    desktop = exposed.get('desktop') as DesktopApi;
  });

  it('exposes window.desktop and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['desktop']);
    expect(Object.keys(desktop).sort()).toEqual(
      ['appVersion', 'getCoreConnection', 'notify', 'openExternal', 'openFileDialog', 'platform', 'saveFileDialog'].sort(),
    );
  });

  it('reports the platform and the version handed over by the window', () => {
    expect(desktop.platform).toBe(process.platform);
    expect(desktop.appVersion).toBe('1.2.3');
  });

  it('forwards each call to its own channel with the caller’s argument', async () => {
    expect(await desktop.getCoreConnection()).toBe('answer');
    await desktop.openFileDialog({ multiple: true });
    await desktop.saveFileDialog({ defaultPath: 'model.onnx' });
    await desktop.openExternal('https://onnx.ai/');
    await desktop.notify('Drift on churn-api', '5 of 8 columns drifted');
    expect(invocations).toEqual([
      [ipcChannels.getCoreConnection],
      [ipcChannels.openFileDialog, { multiple: true }],
      [ipcChannels.saveFileDialog, { defaultPath: 'model.onnx' }],
      [ipcChannels.openExternal, 'https://onnx.ai/'],
      [ipcChannels.notify, { title: 'Drift on churn-api', body: '5 of 8 columns drifted' }],
    ]);
  });
});
