// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- sync-fixture imports s3rver, whose types are this ambient declaration outside e2e/tsconfig.json
/// <reference path="../../core/sync/s3rver.d.ts" />
// Sharing an approved model from the UI, through an S3-compatible bucket and through a team
// registry: add the remote, push the approved version from its page (an unapproved one says why it
// cannot go; a publisher's alias push is refused, an approver's goes), see the remote's contents as
// a diff against this workspace, and pull a version under another local name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { bucketName, startS3rver, type S3Fixture } from '../../core/sync/sync-fixture';
import { sampleRunIds, startBuiltCore, startTeamRegistry, type E2eCore, type E2eTeamRegistry } from '../support/core';
import { screenshotBothThemes } from '../support/screenshots';

let core: E2eCore;
let s3: S3Fixture;
let team: E2eTeamRegistry | undefined;

// The team registry's own token (admin, so approver too), which the core reads from its
// environment for the remote added with "Environment variable".
const teamAdminToken = 'e2e-team-admin-token';
const teamTokenVariable = 'MLWB_E2E_TEAM_TOKEN';

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // Sets the AWS key pair s3rver accepts in this process's environment, which the core inherits.
  s3 = await startS3rver();
  process.env[teamTokenVariable] = teamAdminToken;
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
  await team?.stop();
});

async function openRemotes(page: Page) {
  await page.goto(`${core.url}/#token=${core.token}`);
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Remotes/ });
  await link.click();
  await expect(page.getByTestId('remotes-page')).toBeVisible();
  await expect(link).toHaveAttribute('aria-current', 'page');
}

/** The add-remote form, opened from the page's header (it is open already while there is no remote). */
async function openAddRemoteForm(page: Page) {
  await page.getByTestId('new-remote-button').click();
  const form = page.getByTestId('add-remote-form');
  await expect(form.getByTestId('remote-name')).toBeFocused();
  return form;
}

async function pushFromVersionPage(page: Page, version: number, remote: string, aliases: string) {
  await page.goto(`${core.url}/#/models/churn/versions/${version}`);
  await page.getByTestId('push-button').click();
  const dialog = page.getByTestId('push-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('push-remote-select').selectOption(remote);
  await dialog.getByTestId('push-aliases').fill(aliases);
  await dialog.getByTestId('push-submit').click();
  const result = dialog.getByTestId('push-result');
  await expect(result).toHaveAttribute('data-status', /succeeded|failed/, { timeout: 60_000 });
  return { dialog, result };
}

test('add a bucket as a remote and push the approved version to it', async ({ page }) => {
  test.setTimeout(120_000);
  await openRemotes(page);
  await expect(page.getByText('No remotes yet')).toBeVisible();
  await screenshotBothThemes(page, 'remotes-empty');
  const form = await openAddRemoteForm(page);
  await form.getByTestId('remote-name').fill('bucket');
  await form.getByTestId('remote-s3').fill(`s3://${bucketName}/shared`);
  await form.getByTestId('remote-endpoint').fill(s3.endpoint);
  await form.getByTestId('remote-region').fill('us-east-1');
  await form.getByTestId('remote-path-style').check();
  await form.getByTestId('add-remote-button').click();
  const row = page.locator('[data-testid="remote-row"][data-name="bucket"]');
  await expect(row).toHaveAttribute('data-kind', 's3');
  await expect(row).toContainText('S3 bucket');
  await expect(row).toContainText(`s3://${bucketName}/shared`);

  // Version 2 was never submitted: it cannot be pushed, and the page says why.
  await page.goto(`${core.url}/#/models/churn/versions/2`);
  await expect(page.getByTestId('push-button')).toBeDisabled();
  await expect(page.getByTestId('push-disabled-reason')).toContainText(/submitted/i);
  await screenshotBothThemes(page, 'version-push-blocked');

  const { result } = await pushFromVersionPage(page, 1, 'bucket', '');
  await expect(result).toHaveAttribute('data-status', 'succeeded');

  await page.goto(`${core.url}/#/remotes?remote=bucket`);
  const remoteModel = page.locator('[data-testid="remote-model-row"][data-name="churn"]');
  await expect(remoteModel).toBeVisible();
  const pushed = remoteModel.locator('[data-testid="remote-version-row"][data-version="1"]');
  await expect(pushed).toHaveAttribute('data-status', 'both');
  await expect(pushed).toHaveAttribute('data-local', 'true');
  await expect(remoteModel.locator('[data-testid="remote-version-row"][data-version="2"]')).toHaveAttribute('data-status', 'local');
  await screenshotBothThemes(page, 'remotes');
});

test('share through a team registry: roles on alias pushes, the diff against local, pull as another name and serve it', async ({ page }) => {
  test.setTimeout(150_000);
  team = await startTeamRegistry(teamAdminToken);
  const publisherToken = await team.addUser('pat', 'publisher');

  await openRemotes(page);
  const form = await openAddRemoteForm(page);
  await page.getByTestId('remote-kind-option-team').click();
  await expect(form).toHaveAttribute('data-kind', 'team');
  await form.getByTestId('remote-name').fill('team-hub');
  await form.getByTestId('remote-url').fill(team.url);
  await expect(form.getByTestId('remote-token')).toHaveAttribute('type', 'password');
  await expect(form.getByTestId('remote-token-hint')).toContainText('0600');
  await form.getByTestId('remote-token').fill(publisherToken);
  await screenshotBothThemes(page, 'remotes-add-team');
  await form.getByTestId('add-remote-button').click();
  const hubRow = page.locator('[data-testid="remote-row"][data-name="team-hub"]');
  await expect(hubRow).toHaveAttribute('data-kind', 'team');
  await expect(hubRow).toContainText('Team registry');
  await expect(hubRow).toContainText(team.url.replace(/\/$/, ''));
  await expect(page.getByText('team-hub holds no models yet')).toBeVisible();
  await expect(form).toBeHidden();

  // A publisher may push, but not move aliases: the registry's 403 names the role needed.
  const refused = await pushFromVersionPage(page, 1, 'team-hub', 'champion');
  await expect(refused.result).toHaveAttribute('data-status', 'failed');
  await expect(refused.result).toContainText(/approver/i);
  await screenshotBothThemes(page, 'push-dialog-refused');
  await refused.dialog.getByTestId('push-aliases').fill('');
  await refused.dialog.getByTestId('push-submit').click();
  await expect(refused.result).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });

  // The same registry through the registry's own token, read from the core's environment.
  await openRemotes(page);
  await openAddRemoteForm(page);
  await page.getByTestId('remote-kind-option-team').click();
  await form.getByTestId('remote-name').fill('team-lead');
  await form.getByTestId('remote-url').fill(team.url);
  await page.getByTestId('remote-token-source-option-env').click();
  await form.getByTestId('remote-token-env').fill(teamTokenVariable);
  await form.getByTestId('add-remote-button').click();
  await expect(page.locator('[data-testid="remote-row"][data-name="team-lead"]')).toContainText(teamTokenVariable);
  const promoted = await pushFromVersionPage(page, 1, 'team-lead', 'champion');
  await expect(promoted.result).toHaveAttribute('data-status', 'succeeded');

  // The diff: v1 on both (linked to the local version) with its alias, v2 only here and not approved.
  await page.goto(`${core.url}/#/remotes?remote=team-hub`);
  const remoteModel = page.locator('[data-testid="remote-model-row"][data-name="churn"]');
  await expect(remoteModel.getByTestId('remote-model-summary')).toHaveText('1 on both · 1 local only');
  const v1 = remoteModel.locator('[data-testid="remote-version-row"][data-version="1"]');
  await expect(v1).toHaveAttribute('data-status', 'both');
  await expect(v1.getByTestId('remote-alias')).toHaveText('@champion');
  await expect(v1).toContainText('pat');
  await expect(v1.getByTestId('local-version-link')).toHaveAttribute('href', '#/models/churn/versions/1');
  const v2 = remoteModel.locator('[data-testid="remote-version-row"][data-version="2"]');
  await expect(v2).toHaveAttribute('data-status', 'local');
  await expect(v2.getByTestId('local-only-reason')).toContainText('Not submitted');
  await screenshotBothThemes(page, 'remotes-team-diff');

  // Pulling v1 into the local churn it was pushed from clashes (that model did not come from the
  // registry): the job's 409 shows, and the form comes back with a free name to pull it as instead.
  await v1.getByTestId('pull-as-button').click();
  const input = v1.getByTestId('pull-as-input');
  await expect(input).toBeFocused();
  await input.fill('churn');
  await input.press('Enter');
  const pulled = remoteModel.getByTestId('pull-result');
  await expect(pulled).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(pulled).toContainText("A local model named 'churn' exists");
  await expect(input).toHaveValue('churn-team-hub');
  await expect(input).toBeFocused();
  await screenshotBothThemes(page, 'remotes-pull-clash');
  await input.fill('churn-shared');
  await input.press('Enter');
  await expect(pulled).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(pulled.getByTestId('pulled-version-link')).toHaveAttribute('href', '#/models/churn-shared/versions/1');
  await expect(v1.locator('[data-testid="local-version-link"][href="#/models/churn-shared/versions/1"]')).toBeVisible();
  await screenshotBothThemes(page, 'remotes-team-pulled');

  await page.goto(`${core.url}/#/models`);
  await expect(page.getByText('churn-shared').first()).toBeVisible();

  // The pulled version serves: deployed, it answers as the version it was pulled from does.
  const inferenceUrl = JSON.parse(readFileSync(path.join(core.workspace, 'server.json'), 'utf8')).inference_url as string;
  await core.call('POST', '/api/deployments', { name: 'shared', model: 'churn-shared', version: 1 });
  await core.call('POST', '/api/deployments', { name: 'original', model: 'churn', version: 1 });
  const record = { event_timestamp: '2024-06-17T05:47:07Z', total_spend: 155.01, transaction_count: 3, avg_transaction_amount: 51.67, days_since_last_purchase: 40, registration_date: '2024-04-02', customer_segment: 'new', region: 'central' };
  const predict = async (deployment: string) => {
    const response = await fetch(`${inferenceUrl}/deployments/${deployment}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(record) });
    expect(response.status).toBe(200);
    return (await response.json()) as { probability: number; model_version: number };
  };
  await expect.poll(async () => (await fetch(`${inferenceUrl}/readyz`)).status, { timeout: 30_000 }).toBe(200);
  const [shared, original] = [await predict('shared'), await predict('original')];
  expect(shared.probability).toBeCloseTo(original.probability, 6);
});
