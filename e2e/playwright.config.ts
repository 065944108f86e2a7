// Two projects over one suite layout: `web` drives the production path (core + renderer in
// Debian's Chromium) everywhere; `electron` exists only where an Electron binary is installed.
// Tests save the screenshots they take on purpose to e2e/screenshots/ (git-ignored); Playwright's
// own artefacts (traces, failure screenshots) go to e2e/results/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Project } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
// On disk, never require('electron'): that would try to download the binary (TOOLCHAIN trap 1).
const electronInstalled = existsSync(path.join(here, '..', 'node_modules', 'electron', 'dist'));

const web: Project = {
  name: 'web',
  testMatch: /web\/.*\.spec\.ts/,
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
};

// Launches the app itself (see electron.spec.ts), so it needs no browser settings.
const electron: Project = {
  name: 'electron',
  testMatch: /electron\.spec\.ts/,
};

export default defineConfig({
  testDir: here,
  outputDir: path.join(here, 'results'),
  workers: 1,
  reporter: 'list',
  projects: electronInstalled ? [web, electron] : [web],
});
