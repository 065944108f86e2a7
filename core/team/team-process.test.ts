// `mlwb serve --team-registry` and `mlwb users … --role` as processes, the way a team runs them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreEntry, repositoryRoot, runCli } from '../testing/core-process.js';

let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'mlwb-team-process-'));
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('mlwb serve --team-registry', () => {
  it('stores roles with users add, refuses an unknown role, and lists the role column', async () => {
    const bad = await runCli(['users', 'add', 'carol', '--role', 'owner', '--workspace', workspace]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('reader, publisher, approver, admin');
    const added = await runCli(['users', 'add', 'pete', '--role', 'publisher', '--token', 'pete-token-0123456789', '--workspace', workspace, '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ user: 'pete', role: 'publisher' });
    expect((await runCli(['users', 'add', 'carol', '--workspace', workspace])).code).toBe(0);
    expect((await runCli(['users', 'role', 'carol', 'approver', '--workspace', workspace])).code).toBe(0);
    const list = await runCli(['users', 'list', '--workspace', workspace]);
    expect(list.stdout).toMatch(/USER\s+ROLE/);
    expect(list.stdout).toMatch(/carol\s+approver/);
    expect(list.stdout).toMatch(/pete\s+publisher/);
  }, 120_000);

  it('listens, answers whoami with the token user’s role, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', coreEntry, 'serve', '--team-registry', '--workspace', workspace, '--port', '0', '--token', 'team-server-token-0123'], {
      cwd: repositoryRoot,
      env: { ...process.env, MLWB_USER: 'tess' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`team registry did not start in 60 s:\n${output}`)), 60_000);
        child.stdout.on('data', () => {
          const match = /ML Workbench team registry listening on (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`team registry exited with ${code}:\n${output}`));
        });
      });
      expect(existsSync(path.join(workspace, 'server.json'))).toBe(true);
      const whoami = await fetch(`${url}/api/team/v1/whoami`, { headers: { Authorization: 'Bearer pete-token-0123456789' } });
      expect(await whoami.json()).toMatchObject({ user: 'pete', role: 'publisher' });
      const admin = await fetch(`${url}/api/team/v1/whoami`, { headers: { Authorization: 'Bearer team-server-token-0123' } });
      expect(await admin.json()).toMatchObject({ user: 'tess', role: 'admin' });
      // No other workbench route is served here.
      expect((await fetch(`${url}/api/experiments`, { headers: { Authorization: 'Bearer team-server-token-0123' } })).status).toBe(404);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('Stopped.');
      expect(existsSync(path.join(workspace, 'server.json'))).toBe(false);
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  }, 120_000);

  it('refuses a non-loopback bind without a token', async () => {
    const result = await runCli(['serve', '--team-registry', '--workspace', workspace, '--host', '0.0.0.0', '--port', '0'], { MLWB_TOKEN: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('without a token');
  }, 60_000);
});
