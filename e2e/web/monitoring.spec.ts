// Monitoring as a new user meets it on the churn sample: compare the reference data with drifted
// data and read the report, then watch a deployment's monitor flag drifted traffic and raise an
// alert, and acknowledge it.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateChurnRows } from '../../resources/samples/churn/generate';
import { sampleRunIds, startBuiltCore, type E2eCore } from '../support/core';
import { screenshotBothThemes } from '../support/screenshots';

let core: E2eCore;
let inferenceUrl = '';

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  core = await startBuiltCore({ sample: true });
  const runIds = await sampleRunIds(core);
  await core.call('POST', '/api/models/register', { name: 'churn', run_id: runIds.gbdt });
  await core.call('POST', '/api/deployments', { name: 'churn', model: 'churn', version: 1 });
  await core.call('POST', '/api/datasets/import-file', { path: path.join(core.workspace, 'samples', 'churn', 'churn-current-drifted.csv'), name: 'churn-drifted' });
  inferenceUrl = JSON.parse(readFileSync(path.join(core.workspace, 'server.json'), 'utf8')).inference_url;
});
test.afterAll(async () => core?.stop());

test('compare two datasets, then a monitor flags drifted traffic and raises an alert', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${core.url}/#token=${core.token}`);
  await page.goto(`${core.url}/#/monitoring`);
  await expect(page.getByTestId('monitoring-page')).toBeVisible();

  // Ad hoc: the sample reference against its drifted copy.
  await page.getByTestId('compare-reference').fill('churn');
  await page.getByTestId('compare-current').fill('churn-drifted');
  await page.getByTestId('compare-submit').click();
  const drifted = page.locator('[data-testid="drift-column-row"][data-drifted="true"]');
  await expect(drifted.first()).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-testid="drift-column-row"][data-drifted="true"]', { hasText: 'days_since_last_purchase' })).toHaveCount(1);
  await expect(page.locator('[data-testid="drift-column-row"][data-drifted="false"]', { hasText: 'region' })).toHaveCount(1);
  await expect(page.getByTestId('drift-report-link')).toHaveAttribute('href', /\/html/);
  await page.locator('[data-testid="drift-column-row"]', { hasText: 'total_spend' }).click();
  await expect(page.getByTestId('distribution-overlay').first()).toBeVisible();
  await screenshotBothThemes(page, 'monitoring-compare', { fullHeight: true });

  // Drifted traffic through the deployment, then a monitor over it.
  const records = generateChurnRows({ rows: 1200, seed: 31, drift: 0.6 }).map((row) => {
    // The deployment has no sticky key, so the customer id is not a field it takes.
    const record: Record<string, unknown> = { ...row };
    delete record.target;
    delete record.customer_id;
    return record;
  });
  const scored = await fetch(`${inferenceUrl}/deployments/churn/batch_predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(records) });
  expect(scored.status).toBe(200);

  await page.getByTestId('create-monitor-button').click();
  const dialog = page.getByTestId('monitor-dialog');
  await dialog.locator('select[name="deployment"]').selectOption('churn');
  await dialog.getByTestId('monitor-submit').click();
  const card = page.locator('[data-testid="monitor-card"][data-deployment="churn"]');
  await expect(card).toBeVisible();
  await card.getByTestId('run-monitor-button').click();
  await expect(page.locator('[data-testid="alert-row"][data-kind="drift"]').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('drift-over-time-chart').first()).toBeVisible();
  await screenshotBothThemes(page, 'monitoring-deployment', { fullHeight: true });

  await page.locator('[data-testid="alert-row"][data-kind="drift"]').first().getByTestId('acknowledge-button').click();
  await expect(page.locator('[data-testid="alert-row"][data-kind="drift"]').first()).not.toHaveAttribute('data-status', 'open');
});
