import type { IpcMain, IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { ipcChannels } from '../ipc-channels.js';
import {
  InvalidArgumentError,
  type NotifyRequest,
  parseExternalUrl,
  parseOpenFileRequest,
  parseSaveFileRequest,
  registerDesktopIpc,
  toOpenDialogOptions,
} from './ipc.js';

describe('parseOpenFileRequest', () => {
  it('accepts what the renderer sends for a CSV import', () => {
    const request = parseOpenFileRequest({ title: 'Import dataset', filters: [{ name: 'Data', extensions: ['csv', 'parquet', 'tar.gz'] }], multiple: true });
    expect(request).toEqual({ title: 'Import dataset', filters: [{ name: 'Data', extensions: ['csv', 'parquet', 'tar.gz'] }], multiple: true });
    expect(toOpenDialogOptions(request).properties).toEqual(['openFile', 'multiSelections']);
  });

  it('treats missing options as a plain single-file dialog', () => {
    expect(toOpenDialogOptions(parseOpenFileRequest(undefined)).properties).toEqual(['openFile']);
  });

  it.each([
    ['a string', 'file.csv'],
    ['an array', []],
    ['an unknown field', { title: 'x', properties: ['openDirectory'] }],
    ['a non-string title', { title: 42 }],
    ['a huge title', { title: 'x'.repeat(5_000) }],
    ['a non-boolean multiple', { multiple: 'yes' }],
    ['filters that are not a list', { filters: { name: 'Data' } }],
    ['an extension with a dot in front', { filters: [{ name: 'Data', extensions: ['.csv'] }] }],
    ['an extension with a path', { filters: [{ name: 'Data', extensions: ['../csv'] }] }],
    ['a filter without extensions', { filters: [{ name: 'Data', extensions: [] }] }],
    ['a filter without a name', { filters: [{ extensions: ['csv'] }] }],
  ])('rejects %s', (_label, value) => {
    expect(() => parseOpenFileRequest(value)).toThrow(InvalidArgumentError);
  });
});

describe('parseSaveFileRequest', () => {
  it('accepts a default path and filters', () => {
    expect(parseSaveFileRequest({ defaultPath: 'model.onnx', filters: [{ name: 'ONNX', extensions: ['onnx'] }] })).toEqual({
      title: undefined,
      defaultPath: 'model.onnx',
      filters: [{ name: 'ONNX', extensions: ['onnx'] }],
    });
  });

  it('rejects a default path with a NUL byte', () => {
    expect(() => parseSaveFileRequest({ defaultPath: 'model\0.onnx' })).toThrow(InvalidArgumentError);
  });
});

describe('parseExternalUrl', () => {
  it('passes web links on', () => {
    expect(parseExternalUrl('https://mlflow.org/docs')).toBe('https://mlflow.org/docs');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'ms-settings:', 'smb://host/share', 'not a url', 42, null])(
    'refuses %s',
    (value) => {
      expect(() => parseExternalUrl(value)).toThrow(/only http and https/);
    },
  );
});

// Electron cannot run here: ipcMain is faked as a handler table, and events carry only the
// members the handlers read (senderFrame.url, sender).
describe('registerDesktopIpc', () => {
  const coreUrl = 'http://127.0.0.1:5400';

  function setUp() {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, argument?: unknown) => unknown>();
    const calls: { openDialog: OpenDialogOptions[]; saveDialog: SaveDialogOptions[]; external: string[]; notifications: NotifyRequest[] } = {
      openDialog: [],
      saveDialog: [],
      external: [],
      notifications: [],
    };
    const ipcMain = { handle: (channel: string, handler: (event: IpcMainInvokeEvent, argument?: unknown) => unknown) => handlers.set(channel, handler) };
    registerDesktopIpc(ipcMain as unknown as IpcMain, {
      coreConnection: () => ({ url: coreUrl, token: 'secret-token' }),
      showOpenDialog: async (_sender, options) => {
        calls.openDialog.push(options);
        return ['/data/churn.csv'];
      },
      showSaveDialog: async (_sender, options) => {
        calls.saveDialog.push(options);
        return null;
      },
      openExternal: async (url) => {
        calls.external.push(url);
      },
      showNotification: (request) => {
        calls.notifications.push(request);
      },
    });
    const invoke = async (channel: string, frameUrl: string | null, argument?: unknown) => {
      const event = { sender: {} as WebContents, senderFrame: frameUrl === null ? null : { url: frameUrl } } as unknown as IpcMainInvokeEvent;
      return handlers.get(channel)!(event, argument);
    };
    return { handlers, calls, invoke };
  }

  it('answers every DesktopApi call and nothing else', () => {
    expect([...setUp().handlers.keys()].sort()).toEqual(Object.values(ipcChannels).sort());
  });

  it('hands the core URL and token to the app page', async () => {
    const { invoke } = setUp();
    expect(await invoke(ipcChannels.getCoreConnection, `${coreUrl}/experiments`)).toEqual({ url: coreUrl, token: 'secret-token' });
  });

  it('refuses callers that are not the app page, so the token never leaks', async () => {
    const { invoke, calls } = setUp();
    await expect(invoke(ipcChannels.getCoreConnection, 'https://evil.example/')).rejects.toThrow(/only available to ML Workbench pages/);
    await expect(invoke(ipcChannels.getCoreConnection, null)).rejects.toThrow(InvalidArgumentError);
    await expect(invoke(ipcChannels.openExternal, 'file:///tmp/page.html', 'https://example.com/')).rejects.toThrow(InvalidArgumentError);
    expect(calls.external).toEqual([]);
  });

  it('validates dialog options before showing a dialog', async () => {
    const { invoke, calls } = setUp();
    expect(await invoke(ipcChannels.openFileDialog, coreUrl, { filters: [{ name: 'CSV', extensions: ['csv'] }] })).toEqual(['/data/churn.csv']);
    expect(calls.openDialog).toEqual([{ title: undefined, filters: [{ name: 'CSV', extensions: ['csv'] }], properties: ['openFile'] }]);
    await expect(invoke(ipcChannels.saveFileDialog, coreUrl, { defaultPath: 7 })).rejects.toThrow(InvalidArgumentError);
    expect(calls.saveDialog).toEqual([]);
  });

  it('opens only web links externally', async () => {
    const { invoke, calls } = setUp();
    await invoke(ipcChannels.openExternal, coreUrl, 'https://onnx.ai/');
    await expect(invoke(ipcChannels.openExternal, coreUrl, 'file:///etc/passwd')).rejects.toThrow(InvalidArgumentError);
    expect(calls.external).toEqual(['https://onnx.ai/']);
  });

  it('shows notifications from the app page only, with a bounded plain-text title and body', async () => {
    const { invoke, calls } = setUp();
    await invoke(ipcChannels.notify, coreUrl, { title: 'Drift on churn-api', body: '5 of 8 columns drifted' });
    await expect(invoke(ipcChannels.notify, 'https://evil.example/', { title: 'Phish', body: 'x' })).rejects.toThrow(InvalidArgumentError);
    await expect(invoke(ipcChannels.notify, coreUrl, { title: '' })).rejects.toThrow(/needs a title/);
    await expect(invoke(ipcChannels.notify, coreUrl, { title: 'x'.repeat(300) })).rejects.toThrow(InvalidArgumentError);
    await expect(invoke(ipcChannels.notify, coreUrl, { title: 'ok', body: 7 })).rejects.toThrow(InvalidArgumentError);
    await expect(invoke(ipcChannels.notify, coreUrl, { title: 'ok', icon: '/etc/passwd' })).rejects.toThrow(/unknown field/);
    expect(calls.notifications).toEqual([{ title: 'Drift on churn-api', body: '5 of 8 columns drifted' }]);
  });
});
