// The packaged shape of the app: Electron starts the core, opens one isolated window on it, and
// stops the core again on quit. Runs only where an Electron binary exists (see the config).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const screenshots = path.join(root, 'e2e', 'screenshots');

let workspace: string;
let app: ElectronApplication | null = null;

test.beforeEach(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'mlwb-electron-'));
  // MLWB_NODE: unpackaged, the app runs its core on Node (node_modules is built for Node's ABI).
  const env: NodeJS.ProcessEnv = { ...process.env, MLWB_HOME: workspace, MLWB_NODE: process.execPath };
  // Set by a parent Electron or tool, it would make the app run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  app = await electron.launch({
    args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])], // Chromium refuses to sandbox as root (CI containers)
    cwd: root,
    env: env as Record<string, string>,
  });
});

test.afterEach(async () => {
  await app?.close();
  app = null;
  await rm(workspace, { recursive: true, force: true });
});

test('opens the workbench in an isolated window served by the core', async () => {
  const page = await app!.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  await expect(page).toHaveTitle(/ML Workbench/);

  const globals = await page.evaluate(() => ({
    desktop: typeof (window as unknown as { desktop?: unknown }).desktop,
    require: typeof require,
    process: typeof process,
  }));
  expect(globals).toEqual({ desktop: 'object', require: 'undefined', process: 'undefined' });

  const connection = await page.evaluate(() =>
    (window as unknown as { desktop: { getCoreConnection(): Promise<{ url: string; token: string }> } }).desktop.getCoreConnection(),
  );
  expect(new URL(page.url()).origin).toBe(connection.url);
  expect(connection.token.length).toBeGreaterThanOrEqual(32);

  await page.screenshot({ path: path.join(screenshots, 'electron-main.png') });
});

test('sends web links to the OS browser, keeps the window on the core, stops the core on quit', async () => {
  const page = await app!.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  const coreOrigin = new URL(page.url()).origin;

  // Record instead of launching a real browser on the test machine; main.ts looks
  // shell.openExternal up at call time, so the replacement is what the guard calls.
  await app!.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as { openedExternally?: string[] }).openedExternally = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
  await page.evaluate(() => {
    location.href = 'https://example.com/docs';
  });
  await expect
    .poll(() => app!.evaluate(() => (globalThis as { openedExternally?: string[] }).openedExternally))
    .toEqual(['https://example.com/docs']);
  expect(new URL(page.url()).origin).toBe(coreOrigin);

  const { pid } = JSON.parse(await readFile(path.join(workspace, 'server.json'), 'utf8')) as { pid: number };
  expect(isRunning(pid)).toBe(true);
  await app!.close();
  app = null;
  await expect.poll(() => isRunning(pid), { timeout: 10_000 }).toBe(false);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
