// What the Electron preload exposes as `window.desktop`: desktop-only functions, never data
// (data always travels over HTTP, ARCHITECTURE rule 1). Types only, shared by electron/ and renderer/.

export interface CoreConnection {
  /** Base URL of the core service, e.g. http://127.0.0.1:5400 */
  url: string;
  token: string;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface DesktopApi {
  readonly platform: string;
  readonly appVersion: string;
  getCoreConnection(): Promise<CoreConnection>;
  /** Absolute paths chosen by the user, or [] when cancelled. */
  openFileDialog(options: { title?: string; filters?: FileFilter[]; multiple?: boolean }): Promise<string[]>;
  /** The path chosen to save to, or null when cancelled. */
  saveFileDialog(options: { title?: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>;
  /** Opens an http(s) URL in the OS browser. */
  openExternal(url: string): Promise<void>;
  /** Shows an OS notification (a monitoring alert, say); clicking it brings the app window forward. */
  notify(title: string, body: string): Promise<void>;
}
