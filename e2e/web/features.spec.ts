// The feature store and data validation as a new user meets them on the churn sample: plan and
// apply the sample feature repo, materialize, look up online features, build a point-in-time
// training set saved as a dataset, then scaffold an expectation suite for it, run it, and download
// it as Great Expectations JSON.
import { expect, test } from '@playwright/test';
import { startBuiltCore, type E2eCore } from '../support/core';
import { screenshotBothThemes } from '../support/screenshots';

let core: E2eCore;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  core = await startBuiltCore({ sample: true });
});
test.afterAll(async () => core?.stop());

test('apply the sample repo, materialize, read online, build a training set and validate it', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${core.url}/#token=${core.token}`);
  await page.goto(`${core.url}/#/features`);
  await expect(page.getByTestId('features-empty')).toBeVisible();
  await expect(page.getByTestId('repo-path-input')).toHaveValue(/samples\/churn\/feature_repo$/);

  // A broken folder first: the problems are named with file and line.
  await page.getByTestId('repo-path-input').fill(`${core.workspace}/samples`);
  await page.getByTestId('plan-button').click();
  await expect(page.getByTestId('plan-error')).toBeVisible();
  await page.getByTestId('repo-path-input').fill(`${core.workspace}/samples/churn/feature_repo`);
  await page.getByTestId('plan-button').click();
  await expect(page.getByTestId('plan-diff')).toContainText('customer_activity');
  await page.getByTestId('apply-button').click();
  await expect(page.getByTestId('feature-view-row')).toHaveCount(2);
  await expect(page.getByTestId('entity-row')).toHaveCount(1);
  await screenshotBothThemes(page, 'features-registry');

  await page.getByTestId('features-tab-materialize').click();
  await page.getByTestId('materialize-submit').click();
  await expect(page.getByTestId('materialize-result')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('features-tab-online').click();
  await page.getByTestId('online-entity-input').fill('C000001, NOPE');
  await page.getByTestId('online-submit').click();
  await expect(page.locator('[data-testid="online-result-row"][data-status="NOT_FOUND"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="online-result-row"][data-entity="C000001"]').first()).toBeVisible();
  await screenshotBothThemes(page, 'features-online');

  // A training set for the holdout customers, as of their own timestamps.
  await page.getByTestId('features-tab-training').click();
  await page.getByTestId('training-entities-select').selectOption('churn-holdout');
  // The holdout already has columns named like the features: full names keep both (a clash is refused).
  await page.getByTestId('training-full-names').check();
  await page.getByTestId('training-save-as').fill('churn_training');
  await page.getByTestId('training-submit').click();
  const link = page.getByTestId('training-result-link');
  await expect(link).toBeVisible({ timeout: 60_000 });
  await link.click();
  await expect(page).toHaveURL(/#\/datasets\/churn_training\/1$/);

  // Validation of the new training set with a suite scaffolded from its profile.
  const section = page.getByTestId('validation-section');
  await section.scrollIntoViewIfNeeded();
  await section.getByTestId('scaffold-suite-button').click();
  await expect(section.getByTestId('suite-select')).not.toHaveValue('');
  await section.getByTestId('run-suite-button').click();
  await expect(section.getByTestId('validation-summary')).toBeVisible({ timeout: 60_000 });
  await expect(section.locator('[data-testid="validation-result-row"]').first()).toBeVisible();
  await expect(section.locator('[data-testid="validation-result-row"][data-success="false"]')).toHaveCount(0);
  await expect(section.getByTestId('download-suite-link')).toHaveAttribute('href', /format=gx/);
  await screenshotBothThemes(page, 'validation', { fullHeight: true });

  // The Validation page: the scaffolded suite, edited with its forms, saved as a new version and run.
  await page.goto(`${core.url}/#/validation`);
  await expect(page.getByTestId('validation-page')).toBeVisible();
  await page.getByTestId('suite-item').first().click();
  await expect(page.getByTestId('suite-detail')).toBeVisible();
  await page.getByTestId('expectation-type-select').selectOption('expect_column_values_to_be_between');
  await page.getByTestId('add-expectation-button').click();
  const form = page.getByTestId('expectation-form');
  // The column is a picker when the run dataset's schema is loaded, else a text field.
  const column = form.locator('[data-kwarg="column"]');
  if ((await column.evaluate((element) => element.tagName)) === 'SELECT') await column.selectOption('days_since_last_purchase');
  else await column.fill('days_since_last_purchase');
  await form.locator('[data-kwarg="max_value"]').fill('30');
  await page.getByTestId('save-suite-button').click();
  await expect(page.locator('[data-testid="suite-version"][data-version="2"]')).toBeVisible();
  await page.getByTestId('run-suite-submit').click();
  await expect(page.getByTestId('run-summary')).toHaveAttribute('data-success', 'false', { timeout: 60_000 });
  await expect(page.locator('[data-testid="run-result-row"][data-success="false"]')).toHaveCount(1);
  await screenshotBothThemes(page, 'validation-page', { fullHeight: true });
});
