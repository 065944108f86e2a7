// The main-process side of window.desktop. Everything arriving over IPC comes from web content,
// so each call checks who sent it and what it carries before touching dialogs or the OS.
import type { IpcMain, IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions, WebContents } from 'electron';
import type { CoreConnection, DesktopApi, FileFilter } from '../../core/api/desktop.js';
import { ipcChannels } from '../ipc-channels.js';
import { isSameOrigin, isWebUrl } from './security.js';

export class InvalidArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}

export type OpenFileRequest = Parameters<DesktopApi['openFileDialog']>[0];
export type SaveFileRequest = Parameters<DesktopApi['saveFileDialog']>[0];

const maxTextLength = 1_000;
const maxFilters = 20;
const maxExtensions = 50;
// Dialog filters take bare extensions ("csv", "tar.gz") or "*"; anything else is a mistake.
const extensionPattern = /^(\*|[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)$/;

export function parseOpenFileRequest(value: unknown): OpenFileRequest {
  const options = plainObject(value ?? {}, 'openFileDialog options', ['title', 'filters', 'multiple']);
  return {
    title: optionalText(options.title, 'title'),
    filters: optionalFilters(options.filters),
    multiple: optionalBoolean(options.multiple, 'multiple'),
  };
}

export function parseSaveFileRequest(value: unknown): SaveFileRequest {
  const options = plainObject(value ?? {}, 'saveFileDialog options', ['title', 'defaultPath', 'filters']);
  return {
    title: optionalText(options.title, 'title'),
    defaultPath: optionalText(options.defaultPath, 'defaultPath'),
    filters: optionalFilters(options.filters),
  };
}

export function parseExternalUrl(value: unknown): string {
  if (typeof value !== 'string' || !isWebUrl(value)) {
    throw new InvalidArgumentError('openExternal accepts only http and https URLs.');
  }
  return new URL(value).href;
}

export interface NotifyRequest {
  title: string;
  body: string;
}

const maxNotificationTitle = 200;

/** A notification's title and body: plain text, bounded, never empty. */
export function parseNotifyRequest(value: unknown): NotifyRequest {
  const request = plainObject(value, 'notify', ['title', 'body']);
  const title = optionalText(request.title, 'title');
  const body = optionalText(request.body, 'body') ?? '';
  if (!title || title.length > maxNotificationTitle) throw new InvalidArgumentError(`A notification needs a title of 1 to ${maxNotificationTitle} characters.`);
  return { title, body };
}

export function toOpenDialogOptions(request: OpenFileRequest): OpenDialogOptions {
  return {
    title: request.title,
    filters: request.filters,
    properties: request.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
  };
}

export function toSaveDialogOptions(request: SaveFileRequest): SaveDialogOptions {
  return { title: request.title, defaultPath: request.defaultPath, filters: request.filters };
}

function plainObject(value: unknown, label: string, allowedKeys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`${label} must be an object.`);
  }
  const unknownKeys = Object.keys(value).filter((key) => !allowedKeys.includes(key));
  if (unknownKeys.length > 0) {
    throw new InvalidArgumentError(`${label} has unknown field(s): ${unknownKeys.join(', ')}.`);
  }
  return value as Record<string, unknown>;
}

function optionalText(value: unknown, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > maxTextLength || value.includes('\0')) {
    throw new InvalidArgumentError(`${label} must be a string of at most ${maxTextLength} characters.`);
  }
  return value;
}

function optionalBoolean(value: unknown, label: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(`${label} must be true or false.`);
  return value;
}

function optionalFilters(value: unknown): FileFilter[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > maxFilters) {
    throw new InvalidArgumentError(`filters must be a list of at most ${maxFilters} entries.`);
  }
  return value.map((entry, index) => {
    const filter = plainObject(entry, `filters[${index}]`, ['name', 'extensions']);
    const name = optionalText(filter.name, `filters[${index}].name`);
    const extensions = filter.extensions;
    if (
      name === undefined ||
      !Array.isArray(extensions) ||
      extensions.length === 0 ||
      extensions.length > maxExtensions ||
      !extensions.every((extension) => typeof extension === 'string' && extensionPattern.test(extension))
    ) {
      throw new InvalidArgumentError(
        `filters[${index}] needs a name and 1 to ${maxExtensions} extensions written without a dot, e.g. "csv" or "*".`,
      );
    }
    return { name, extensions: [...extensions] };
  });
}

export interface DesktopIpcServices {
  coreConnection(): CoreConnection;
  showOpenDialog(sender: WebContents, options: OpenDialogOptions): Promise<string[]>;
  showSaveDialog(sender: WebContents, options: SaveDialogOptions): Promise<string | null>;
  openExternal(url: string): Promise<void>;
  showNotification(request: NotifyRequest): void;
}

/**
 * Only the app's own pages may call in: the token handed out by getCoreConnection must not
 * reach a frame from anywhere else, even if one slipped past the navigation guard.
 */
export function assertTrustedSender(event: IpcMainInvokeEvent, coreUrl: string): void {
  const frameUrl = event.senderFrame?.url;
  if (!frameUrl || !isSameOrigin(frameUrl, coreUrl)) {
    throw new InvalidArgumentError('window.desktop is only available to ML Workbench pages.');
  }
}

export function registerDesktopIpc(ipcMain: IpcMain, services: DesktopIpcServices): void {
  const handle = (channel: string, handler: (event: IpcMainInvokeEvent, argument: unknown) => Promise<unknown> | unknown) => {
    ipcMain.handle(channel, (event, argument: unknown) => {
      assertTrustedSender(event, services.coreConnection().url);
      return handler(event, argument);
    });
  };
  handle(ipcChannels.getCoreConnection, () => {
    const { url, token } = services.coreConnection();
    return { url, token };
  });
  handle(ipcChannels.openFileDialog, (event, argument) =>
    services.showOpenDialog(event.sender, toOpenDialogOptions(parseOpenFileRequest(argument))),
  );
  handle(ipcChannels.saveFileDialog, (event, argument) =>
    services.showSaveDialog(event.sender, toSaveDialogOptions(parseSaveFileRequest(argument))),
  );
  handle(ipcChannels.openExternal, (_event, argument) => services.openExternal(parseExternalUrl(argument)));
  handle(ipcChannels.notify, (_event, argument) => services.showNotification(parseNotifyRequest(argument)));
}
