// Figure (d): how long a person waits, from navigation start, to see the first run of a large
// experiment in the runs table, measured in a real Chromium on the core's built renderer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repositoryRoot } from '../support/core-process.js';

export const chromiumPath = '/usr/bin/chromium';
export const rendererIndex = path.join(repositoryRoot, 'dist/renderer/index.html');
const rowSelector = '[data-testid=run-row]';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const loadTimeoutMs = 60_000;

/** Why the figure cannot be measured on this machine, or null when it can. */
export function firstPaintUnavailable(): string | null {
  if (!existsSync(rendererIndex)) return `the renderer is not built (${path.relative(repositoryRoot, rendererIndex)} is missing; run \`node scripts/build.mjs renderer\`)`;
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (Debian package \`chromium\`)`;
  return null;
}

// Runs in the page before its own scripts. A mutation observer sees the first row the moment it
// is visible; the next animation frame is the one that paints it, and performance.now() there
// is milliseconds since navigation start. Polling from outside would add its own interval.
const paintProbe = `(() => {
  const selector = ${JSON.stringify(rowSelector)};
  const visible = (element) => element.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && element.getClientRects().length > 0;
  const observer = new MutationObserver(() => {
    const row = document.querySelector(selector);
    if (!row || !visible(row)) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__benchFirstRowPaint = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

/**
 * Milliseconds per load, each in a fresh browser context (empty cache and storage, as on a first
 * visit). One unmeasured load first warms the core's SQLite pages, which a user's core has warm.
 */
export async function measureFirstRowPaint(pageUrl: string, loads: number, note: (message: string) => void): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const samples: number[] = [];
    for (let load = 0; load <= loads; load++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      try {
        await context.addInitScript(paintProbe);
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') pageErrors.push(message.text());
        });
        await page.goto(pageUrl, { waitUntil: 'commit', timeout: loadTimeoutMs });
        await page.waitForFunction('window.__benchFirstRowPaint !== undefined', undefined, { timeout: loadTimeoutMs, polling: 100 }).catch((error: Error) => {
          throw new Error(`no visible ${rowSelector} within ${loadTimeoutMs / 1000} s (${error.message.split('\n')[0]})${pageErrors.length ? `; page errors: ${pageErrors.join(' | ')}` : ''}`);
        });
        const milliseconds = (await page.evaluate('window.__benchFirstRowPaint')) as number;
        if (load > 0) samples.push(milliseconds);
        note(`first paint: ${load === 0 ? 'warm-up load' : `load ${load}/${loads}`} ${milliseconds.toFixed(0)} ms`);
      } finally {
        await context.close();
      }
    }
    return samples;
  } finally {
    await browser.close();
  }
}
