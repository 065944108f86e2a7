import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  browserCommand,
  browserUrl,
  electronCommand,
  exitStatus,
  hasDisplay,
  missingBuildOutputs,
  parseListeningUrl,
  resolveToken,
  startMode,
} from './start-mode.mjs';

const root = '/repo';
const existing = (...relative: string[]) => {
  const paths = new Set(relative.map((entry) => path.join(root, entry)));
  return (candidate: string) => paths.has(candidate);
};

describe('startMode', () => {
  const desktop = { DISPLAY: ':0' };

  it('runs the desktop app only when the Electron binary is on disk', () => {
    expect(startMode(root, 'linux', desktop, existing('node_modules/electron/dist'))).toBe('electron');
    // The package alone (types, no binary) is what a fresh install here looks like.
    expect(startMode(root, 'linux', desktop, existing('node_modules/electron/package.json'))).toBe('web');
  });

  it('falls back to web mode on a server without a display', () => {
    expect(startMode(root, 'linux', {}, existing('node_modules/electron/dist'))).toBe('web');
    expect(startMode(root, 'darwin', {}, existing('node_modules/electron/dist'))).toBe('electron');
  });
});

describe('missingBuildOutputs', () => {
  it('asks for a build when dist/ is absent', () => {
    expect(missingBuildOutputs(root, 'web', existing())).toEqual(['dist/core/main.js', 'dist/renderer/index.html']);
  });

  it('needs the Electron bundles only in electron mode', () => {
    const webBuilt = existing('dist/core/main.js', 'dist/renderer/index.html');
    expect(missingBuildOutputs(root, 'web', webBuilt)).toEqual([]);
    expect(missingBuildOutputs(root, 'electron', webBuilt)).toEqual(['dist/electron/main.cjs', 'dist/electron/preload.cjs']);
  });
});

describe('hasDisplay', () => {
  it('sees a display on Linux only with X11 or Wayland', () => {
    expect(hasDisplay('linux', {})).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: '' })).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: ':0' })).toBe(true);
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
  });

  it('always assumes one on macOS and Windows', () => {
    expect(hasDisplay('darwin', {})).toBe(true);
    expect(hasDisplay('win32', {})).toBe(true);
  });
});

describe('browserCommand', () => {
  const url = 'http://127.0.0.1:5400/#token=abc';

  it('uses each OS’s opener', () => {
    expect(browserCommand('linux', url)).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand('darwin', url)).toEqual({ command: 'open', args: [url] });
    const windows = browserCommand('win32', url);
    expect(windows.command).toBe('cmd');
    expect(windows.args.at(-1)).toBe(`start "" "${url}"`);
  });
});

describe('parseListeningUrl', () => {
  it('finds the URL in the core’s announcement only', () => {
    expect(parseListeningUrl('ML Workbench core listening on http://127.0.0.1:5400')).toBe('http://127.0.0.1:5400');
    expect(parseListeningUrl('opening workspace /home/ada/.local/share/ml-workbench')).toBeNull();
  });
});

describe('resolveToken', () => {
  const generate = () => 'generated';

  it('keeps a token given on the command line, in either spelling', () => {
    expect(resolveToken(['--port', '5400', '--token', 'mine'], {}, generate)).toEqual({ token: 'mine', env: {} });
    expect(resolveToken(['--token=mine'], {}, generate)).toEqual({ token: 'mine', env: {} });
  });

  it('keeps MLWB_TOKEN from the environment', () => {
    expect(resolveToken([], { MLWB_TOKEN: 'from-env' }, generate).token).toBe('from-env');
  });

  it('otherwise generates one and hands it to the core through the environment', () => {
    const { token, env } = resolveToken(['--port', '5400'], { PATH: '/usr/bin' }, generate);
    expect(token).toBe('generated');
    expect(env).toEqual({ PATH: '/usr/bin', MLWB_TOKEN: 'generated' });
  });

  it('generates unguessable tokens by default', () => {
    const first = resolveToken([], {}).token;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resolveToken([], {}).token).not.toBe(first);
  });
});

describe('browserUrl', () => {
  it('puts the token in the hash, escaped', () => {
    expect(browserUrl('http://127.0.0.1:5400', 'a+b/c')).toBe('http://127.0.0.1:5400/#token=a%2Bb%2Fc');
  });
});

describe('electronCommand', () => {
  it('runs Electron’s launcher on the app folder and passes the arguments on', () => {
    expect(electronCommand(root, '/usr/bin/node', ['--workspace', '/data'])).toEqual({
      command: '/usr/bin/node',
      args: [path.join(root, 'node_modules/electron/cli.js'), root, '--workspace', '/data'],
    });
  });
});

describe('exitStatus', () => {
  it('reports the child’s exit code, or 128 + signal number like a shell', () => {
    expect(exitStatus(0, null, os.constants.signals)).toBe(0);
    expect(exitStatus(2, null, os.constants.signals)).toBe(2);
    expect(exitStatus(null, 'SIGINT', os.constants.signals)).toBe(130);
    expect(exitStatus(null, null, os.constants.signals)).toBe(1);
  });
});
