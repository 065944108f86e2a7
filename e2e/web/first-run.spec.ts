// What a new user sees on a fresh workspace: the seeded churn sample, and an empty experiment
// that says how to log the first run.
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBuiltCore, type E2eCore } from '../support/core';

const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
let core: E2eCore;

test.beforeAll(async () => {
  core = await startBuiltCore({ sample: true });
});
test.afterAll(async () => core?.stop());

test('a fresh workspace opens on the churn sample', async ({ page }) => {
  await page.goto(`${core.url}/#token=${core.token}`);
  // The sample trains one run per model kind as background jobs on first start.
  const sample = page.getByTestId('experiment-item').filter({ hasText: 'churn-sample' });
  await expect(sample).toBeVisible();
  await sample.click();
  await expect(page.getByTestId('run-row')).toHaveCount(4);
  await page.screenshot({ path: path.join(screenshots, 'first-screen.png') });

  await page.getByTestId('experiment-item').filter({ hasText: 'Default' }).click();
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await expect(page.getByTestId('empty-cli-command')).toContainText('mlwb runs log');
  await expect(page.getByTestId('empty-mlflow-env')).toContainText('MLFLOW_TRACKING_URI');
  await page.getByTestId('theme-toggle').click();
  await page.waitForTimeout(400); // let colour transitions finish before the screenshot
  await page.screenshot({ path: path.join(screenshots, 'empty-experiment-other-theme.png') });
});
