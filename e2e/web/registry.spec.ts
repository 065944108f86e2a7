// The registry and governance as a new user meets them on the churn sample: register two trained
// models from their Run pages, document the model, submit both — one approved by the policy, one
// held with its failing bias check explained — have a second person approve the held one, make it
// the champion, and verify the audit log. Bad ONNX files are refused beside the drop zone.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleRunIds, startBuiltCore, type E2eCore } from '../support/core';
import { screenshotBothThemes } from '../support/screenshots';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const reviewerToken = 'reviewer-token-0123456789';
let core: E2eCore;
const runIds: Record<string, string> = {};

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  core = await startBuiltCore({ sample: true });
  // The sample trains lr, gbdt, rf and mlp in the background on first start.
  Object.assign(runIds, await sampleRunIds(core));
  // A second person for this workspace, as an admin adds one from the terminal.
  execFileSync(process.execPath, [path.join(root, 'dist/core/main.js'), 'users', 'add', 'reviewer', '--token', reviewerToken, '--workspace', core.workspace]);
});
test.afterAll(async () => core?.stop());

async function openAs(browser: Browser, token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${core.url}/#token=${token}`);
  return page;
}

async function registerFromRun(page: Page, runId: string): Promise<void> {
  await page.goto(`${core.url}/#/runs/${runId}`);
  await page.getByTestId('register-model-button').click();
  const name = page.getByTestId('register-model-name');
  await name.fill('churn');
  await page.getByTestId('register-model-submit').click();
  await expect(page.getByTestId('version-page')).toBeVisible();
}

async function submitForReview(page: Page, version: number): Promise<void> {
  await page.goto(`${core.url}/#/models/churn/versions/${version}?tab=governance`);
  await page.getByTestId('submit-review-button').click();
  await expect(page.getByTestId('review-state')).not.toHaveAttribute('data-state', 'checking', { timeout: 60_000 });
}

test('register, submit, review by a second person, champion, verified audit', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    // The refused champion alias is a 409 on purpose; the browser logs every 4xx response.
    if (message.type() === 'error' && !message.text().includes('status of 409')) consoleErrors.push(message.text());
  });
  await page.goto(`${core.url}/#token=${core.token}`);
  await page.goto(`${core.url}/#/models`);
  await expect(page.getByTestId('models-page')).toBeVisible();
  await expect(page.getByTestId('models-page')).toContainText('mlwb models register');

  await registerFromRun(page, runIds.lr);
  await expect(page.getByTestId('version-title')).toContainText('churn');
  await registerFromRun(page, runIds.gbdt);
  await expect(page.getByTestId('version-title')).toContainText('2');

  // The policy asks for an owner, intended use, training data and license: documented once on the model.
  await page.goto(`${core.url}/#/models/churn`);
  const tags = page.getByTestId('model-tags');
  for (const [key, value] of Object.entries({ owner: 'ana', intended_use: 'retention outreach', training_data: 'churn sample, 2024 Q2', license: 'internal' })) {
    await tags.getByLabel('Tag key').fill(key);
    await tags.getByLabel('Tag value').fill(value);
    await tags.getByRole('button', { name: 'Set tag' }).click();
    await expect(tags).toContainText(key);
  }
  await expect(page.getByTestId('version-row')).toHaveCount(2);

  await submitForReview(page, 1);
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', 'approved');
  await expect(page.getByTestId('check-row').filter({ has: page.locator('[data-verdict="fail"]') })).toHaveCount(0);
  await expect(page.locator('[data-testid="check-row"][data-verdict="fail"]')).toHaveCount(0);

  await submitForReview(page, 2);
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', 'pending_review');
  const bias = page.locator('[data-testid="check-row"][data-check="bias.customer_segment"]');
  await expect(bias).toHaveAttribute('data-verdict', 'fail');
  await expect(bias).toContainText('equal opportunity difference');
  // The submitter cannot approve their own submission.
  await expect(page.getByTestId('decision-blocked')).toBeVisible();
  await expect(page.getByTestId('approve-button')).toBeDisabled();
  // And the champion alias needs an approval first.
  await page.goto(`${core.url}/#/models/churn/versions/2`);
  await page.getByTestId('alias-input').fill('champion');
  await page.getByTestId('alias-submit').click();
  await expect(page.getByTestId('alias-error')).toContainText('protected');

  // The reviewer, with their own token, finds it in the queue and approves it with a comment.
  const reviewer = await openAs(browser, reviewerToken);
  await reviewer.goto(`${core.url}/#/governance`);
  await expect(reviewer.getByTestId('governance-page')).toBeVisible();
  const held = reviewer.locator('[data-testid="review-queue-item"][data-state="pending_review"]');
  await expect(held).toHaveCount(1);
  await held.click();
  await expect(reviewer.getByTestId('bias-chart').first()).toBeVisible();
  await screenshotBothThemes(reviewer, 'governance-review', { fullHeight: true });
  await reviewer.getByTestId('review-comment').fill('Recall gap between new and loyal customers follows tenure; accepted for the retention pilot.');
  await reviewer.getByTestId('approve-button').click();
  await expect(reviewer.getByTestId('review-state')).toHaveAttribute('data-state', 'approved');
  await expect(reviewer.getByTestId('review-decision-comment')).toContainText('retention pilot');
  await reviewer.context().close();

  // Now the champion can move to version 2.
  await page.reload();
  await page.getByTestId('alias-input').fill('champion');
  await page.getByTestId('alias-submit').click();
  await expect(page.locator('[data-testid="version-alias"][data-alias="champion"]')).toBeVisible();
  await page.getByTestId('version-tab-lineage').click();
  await expect(page.getByTestId('lineage-node')).toHaveCount(3);
  await screenshotBothThemes(page, 'model-version-lineage');
  await page.getByTestId('version-tab-manifest').click();
  await expect(page.getByTestId('manifest-view')).toContainText(runIds.gbdt);
  await page.getByTestId('version-tab-card').click();
  await expect(page.frameLocator('[data-testid="model-card-frame"]').locator('body')).toContainText('retention outreach');
  await screenshotBothThemes(page, 'model-card');

  await page.goto(`${core.url}/#/models/churn`);
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await expect(page.getByTestId('version-approval-badge').first()).toHaveAttribute('data-state', 'approved');
  await screenshotBothThemes(page, 'models');

  await page.goto(`${core.url}/#/governance/audit`);
  await page.getByTestId('audit-verify-button').click();
  await expect(page.getByTestId('audit-status')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('audit-entry').filter({ hasText: 'reviewer' }).first()).toBeVisible();
  await screenshotBothThemes(page, 'governance-audit');
  expect(consoleErrors).toEqual([]);
});

test('a file that is not a usable ONNX model is refused beside the drop zone', async ({ page }) => {
  await page.goto(`${core.url}/#token=${core.token}`);
  await page.goto(`${core.url}/#/models`);
  const dropzone = page.getByTestId('import-dropzone');
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['definitely not protobuf'], 'model.onnx', { type: 'application/octet-stream' }));
    return transfer;
  });
  await dropzone.dispatchEvent('dragenter', { dataTransfer });
  await dropzone.dispatchEvent('drop', { dataTransfer });
  const dialog = page.getByTestId('import-model-dialog');
  if (await dialog.isVisible()) {
    await page.getByTestId('import-model-name').fill('broken');
    await page.getByTestId('import-model-submit').click();
  }
  await expect(page.getByTestId('import-error')).toContainText('not an ONNX model');
  await screenshotBothThemes(page, 'model-import-refused');
  const { models } = await core.call('GET', '/api/models');
  expect(models.map((model: { name: string }) => model.name)).not.toContain('broken');
});
