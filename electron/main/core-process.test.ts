import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CoreStartError,
  coreRuntime,
  parseListeningLine,
  resolveWorkspace,
  serverInfoUrl,
  startCore,
  type CoreProcess,
  type CoreStartOptions,
} from './core-process.js';

describe('parseListeningLine', () => {
  it('reads the URL from the line the core prints', () => {
    expect(parseListeningLine('ML Workbench core listening on http://127.0.0.1:5400')).toBe('http://127.0.0.1:5400');
  });

  it('keeps only the origin, so a trailing slash or path cannot confuse the origin checks', () => {
    expect(parseListeningLine('ML Workbench core listening on http://127.0.0.1:43111/')).toBe('http://127.0.0.1:43111');
  });

  it('ignores other log lines and non-http announcements', () => {
    expect(parseListeningLine('migrating workbench.db to version 4')).toBeNull();
    expect(parseListeningLine('ML Workbench core listening on file:///etc/passwd')).toBeNull();
    expect(parseListeningLine('ML Workbench core listening on http://')).toBeNull();
  });
});

describe('serverInfoUrl', () => {
  const token = 'launch-token';

  it('accepts the server.json written for this launch', () => {
    const contents = JSON.stringify({ url: 'http://127.0.0.1:5400', token, pid: 10, inference_url: 'http://127.0.0.1:5401' });
    expect(serverInfoUrl(contents, token)).toBe('http://127.0.0.1:5400');
  });

  it('ignores a stale file from an earlier launch', () => {
    expect(serverInfoUrl(JSON.stringify({ url: 'http://127.0.0.1:5400', token: 'old' }), token)).toBeNull();
  });

  it('ignores a file caught half-written', () => {
    expect(serverInfoUrl('{"url": "http://127.0', token)).toBeNull();
    expect(serverInfoUrl('null', token)).toBeNull();
  });
});

describe('resolveWorkspace', () => {
  const home = '/home/ada';

  it('prefers --workspace, in both spellings, over MLWB_HOME', () => {
    const env = { MLWB_HOME: '/data/env' };
    expect(resolveWorkspace(['electron', '.', '--workspace', '/data/flag'], env, 'linux', home)).toBe('/data/flag');
    expect(resolveWorkspace(['electron', '.', '--workspace=/data/flag'], env, 'linux', home)).toBe('/data/flag');
    expect(resolveWorkspace(['electron', '.'], env, 'linux', home)).toBe('/data/env');
  });

  it('defaults to the same per-OS folder the core uses', () => {
    expect(resolveWorkspace([], {}, 'linux', home)).toBe('/home/ada/.local/share/ml-workbench');
    expect(resolveWorkspace([], { XDG_DATA_HOME: '/xdg' }, 'linux', home)).toBe('/xdg/ml-workbench');
    expect(resolveWorkspace([], {}, 'darwin', home)).toBe('/home/ada/Library/Application Support/ML Workbench');
    expect(resolveWorkspace([], { APPDATA: '/appdata' }, 'win32', home)).toBe(path.join('/appdata', 'ML Workbench'));
  });
});

describe('coreRuntime', () => {
  it('runs the packaged core on Electron itself, in node mode', () => {
    expect(coreRuntime(true, '/opt/ML Workbench/ml-workbench', { MLWB_NODE: '/usr/bin/node' })).toBe('/opt/ML Workbench/ml-workbench');
  });

  it('runs the development core on Node, whose ABI node_modules is built for', () => {
    expect(coreRuntime(false, '/repo/node_modules/electron/dist/electron', { MLWB_NODE: '/usr/local/bin/node' })).toBe('/usr/local/bin/node');
    expect(coreRuntime(false, '/repo/node_modules/electron/dist/electron', {})).toBe('node');
  });
});

// A stand-in for dist/core/main.js, run as a real child process so spawning, pipes, signals and
// timing are exercised for real. FAKE_CORE_MODE picks the behaviour under test.
const fakeCore = `
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const workspace = args[args.indexOf('--workspace') + 1];
const mode = process.env.FAKE_CORE_MODE;
writeFileSync(path.join(workspace, 'launch.json'), JSON.stringify({
  args, token: process.env.MLWB_TOKEN, runAsNode: process.env.ELECTRON_RUN_AS_NODE,
}));

if (mode === 'crash') {
  console.error('Error: workbench.db is locked by another process');
  process.exit(3);
}
process.on('SIGTERM', () => {
  if (mode === 'stubborn') return;
  writeFileSync(path.join(workspace, 'stopped-cleanly'), '');
  process.exit(0);
});
const server = createServer((request, response) => response.end('ok'));
server.listen(0, '127.0.0.1', () => {
  const url = 'http://127.0.0.1:' + server.address().port;
  if (mode === 'silent') return;
  if (mode === 'file-only') {
    writeFileSync(path.join(workspace, 'server.json'), JSON.stringify({ url, token: process.env.MLWB_TOKEN, pid: process.pid }));
    return;
  }
  console.log('opening workspace ' + workspace);
  console.log('ML Workbench core listening on ' + url);
});
`;

describe('startCore with a real child process', () => {
  let directory: string;
  let workspace: string;
  let entryPath: string;
  const started: CoreProcess[] = [];

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'mlwb-core-process-'));
    workspace = path.join(directory, 'workspace');
    await mkdir(workspace);
    entryPath = path.join(directory, 'fake-core.mjs');
    await writeFile(entryPath, fakeCore);
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((core) => core.stop(100)));
    await rm(directory, { recursive: true, force: true });
  });

  const launch = async (mode: string, overrides: Partial<CoreStartOptions> = {}) => {
    const core = await startCore({
      runtimePath: process.execPath,
      entryPath,
      workspace,
      timeoutMs: 10_000,
      env: { ...process.env, FAKE_CORE_MODE: mode },
      ...overrides,
    });
    started.push(core);
    return core;
  };

  it('resolves with a URL that answers, once the listening line is printed', async () => {
    const lines: string[] = [];
    const core = await launch('line', { onOutput: (line) => lines.push(line) });
    expect(core.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(core.url)).text()).toBe('ok');
    expect(lines).toContain('opening workspace ' + workspace);
  });

  it('runs `serve` on a free port with the workspace, a fresh token and node mode', async () => {
    const core = await launch('line');
    const launchInfo = JSON.parse(await readFile(path.join(workspace, 'launch.json'), 'utf8'));
    expect(launchInfo.args).toEqual(['serve', '--workspace', workspace, '--port', '0']);
    expect(launchInfo.runAsNode).toBe('1');
    expect(launchInfo.token).toBe(core.token);
    expect(core.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('falls back to server.json when no line is printed', async () => {
    const core = await launch('file-only');
    expect(await (await fetch(core.url)).text()).toBe('ok');
  });

  it('gives up after the timeout, ignoring a stale server.json, and stops the process', async () => {
    await writeFile(path.join(workspace, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:1', token: 'earlier-launch' }));
    const attempt = launch('silent', { timeoutMs: 700 });
    await expect(attempt).rejects.toThrow(/did not start within 1 s/);
    await expect(attempt).rejects.toBeInstanceOf(CoreStartError);
    await waitFor(() => readFile(path.join(workspace, 'stopped-cleanly')));
  });

  it('reports the exit code and stderr when the core dies during startup', async () => {
    const error = await launch('crash').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreStartError);
    expect((error as CoreStartError).message).toMatch(/exited before it was ready \(exit code 3\)/);
    expect((error as CoreStartError).details).toContain('workbench.db is locked');
  });

  it('reports a runtime that cannot be launched', async () => {
    const error = await launch('line', { runtimePath: path.join(directory, 'no-such-runtime') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreStartError);
    expect((error as Error).message).toMatch(/could not be launched.*ENOENT/);
  });

  it('stops with SIGTERM so the core can shut down cleanly', async () => {
    const core = await launch('line');
    expect(await core.stop(5_000)).toEqual({ code: 0, signal: null });
    await readFile(path.join(workspace, 'stopped-cleanly'));
  });

  it('kills a core that ignores SIGTERM once the grace period is over', async () => {
    const core = await launch('stubborn');
    const begun = Date.now();
    expect(await core.stop(300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - begun).toBeGreaterThanOrEqual(250);
    // Stopping twice is harmless (quit can be requested from several places).
    expect(await core.stop(300)).toEqual({ code: null, signal: 'SIGKILL' });
  });
});

async function waitFor<T>(attempt: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
