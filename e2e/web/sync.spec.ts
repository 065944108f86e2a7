// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- sync-fixture imports s3rver, whose types are this ambient declaration outside e2e/tsconfig.json
/// <reference path="../../core/sync/s3rver.d.ts" />
// Sharing an approved model through an S3-compatible bucket, from the UI: add the team's bucket as
// a remote, push the approved version from its page (an unapproved one says why it cannot go), and
// see the remote hold it, marked as present here.
import { expect, test } from '@playwright/test';
import { bucketName, startS3rver, type S3Fixture } from '../../core/sync/sync-fixture';
import { sampleRunIds, startBuiltCore, type E2eCore } from '../support/core';
import { screenshotBothThemes } from '../support/screenshots';

let core: E2eCore;
let s3: S3Fixture;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // Sets the AWS key pair s3rver accepts in this process's environment, which the core inherits.
  s3 = await startS3rver();
  core = await startBuiltCore({ sample: true });
  const runIds = await sampleRunIds(core);
  const tags = { owner: 'ana', intended_use: 'retention', training_data: 'churn sample', license: 'internal' };
  await core.call('POST', '/api/models/register', { name: 'churn', run_id: runIds.lr, tags });
  await core.call('POST', '/api/models/register', { name: 'churn', run_id: runIds.gbdt, tags });
  const { job_id: jobId } = await core.call('POST', '/api/models/churn/versions/1/submit');
  for (;;) {
    const { job } = await core.call('GET', `/api/jobs/${jobId}`);
    if (job.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});
test.afterAll(async () => {
  await core?.stop();
  await s3?.close();
});

test('add a bucket as a remote and push the approved version to it', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${core.url}/#token=${core.token}`);
  await page.goto(`${core.url}/#/remotes`);
  await expect(page.getByTestId('remotes-page')).toBeVisible();
  const form = page.getByTestId('add-remote-form');
  await form.getByTestId('remote-name').fill('team');
  await form.getByTestId('remote-s3').fill(`s3://${bucketName}/shared`);
  await form.getByTestId('remote-endpoint').fill(s3.endpoint);
  await form.getByTestId('remote-region').fill('us-east-1');
  await form.getByTestId('remote-path-style').check();
  await form.getByTestId('add-remote-button').click();
  await expect(page.getByTestId('remote-row').filter({ hasText: 'team' })).toBeVisible();

  // Version 2 was never submitted: it cannot be pushed, and the page says why.
  await page.goto(`${core.url}/#/models/churn/versions/2`);
  await expect(page.getByTestId('push-button')).toBeDisabled();
  await expect(page.getByTestId('push-disabled-reason')).toContainText(/submitted/i);

  await page.goto(`${core.url}/#/models/churn/versions/1`);
  await page.getByTestId('push-button').click();
  await expect(page.getByTestId('push-result')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });

  await page.goto(`${core.url}/#/remotes`);
  await page.getByTestId('remote-row').filter({ hasText: 'team' }).click();
  const remoteModel = page.locator('[data-testid="remote-model-row"][data-name="churn"]');
  await expect(remoteModel).toBeVisible();
  await expect(remoteModel.locator('[data-testid="remote-version-row"][data-version="1"]')).toHaveAttribute('data-local', 'true');
  await screenshotBothThemes(page, 'remotes');
});
