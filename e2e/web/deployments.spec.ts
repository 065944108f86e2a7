// Serving as a new user rehearses a rollout on the churn sample: deploy the champion from the UI,
// put a challenger at 10 % sticky on customer_id with high-value customers excluded, drive traffic
// from the try-it panel, watch the charts, ramp to 50 % and promote — then a V2 (KServe/Triton)
// client and an MLflow /invocations client get the same, correct answer.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sampleRunIds, startBuiltCore, type E2eCore } from '../support/core';
import { screenshotBothThemes } from '../support/screenshots';

let core: E2eCore;
let inferenceUrl = '';
const runIds: Record<string, string> = {};

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  core = await startBuiltCore({ sample: true });
  Object.assign(runIds, await sampleRunIds(core));
  // The registry part (its own spec covers it in the UI): lr is the approved champion, gbdt the challenger.
  const tags = { owner: 'ana', intended_use: 'retention', training_data: 'churn sample', license: 'internal' };
  await core.call('POST', '/api/models/register', { name: 'churn', run_id: runIds.lr, tags });
  await core.call('POST', '/api/models/register', { name: 'churn', run_id: runIds.gbdt, tags });
  const { job_id: jobId } = await core.call('POST', '/api/models/churn/versions/1/submit');
  for (;;) {
    const { job } = await core.call('GET', `/api/jobs/${jobId}`);
    if (job.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await core.call('POST', '/api/models/churn/aliases', { alias: 'champion', version: 1 });
  inferenceUrl = JSON.parse(readFileSync(path.join(core.workspace, 'server.json'), 'utf8')).inference_url;
});
test.afterAll(async () => core?.stop());

test('deploy the champion, roll out a sticky challenger, ramp and promote', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${core.url}/#token=${core.token}`);
  await page.goto(`${core.url}/#/deployments`);
  await expect(page.getByTestId('deployments-page')).toBeVisible();
  await expect(page.getByTestId('deployments-page')).toContainText('mlwb deploy');

  await page.getByTestId('create-deployment-button').first().click();
  await page.getByTestId('deployment-name-input').fill('churn');
  await page.getByTestId('deployment-model-select').selectOption('churn');
  await page.getByTestId('deployment-version-select').selectOption('1');
  await page.getByTestId('create-deployment-submit').click();
  const card = page.locator('[data-testid="deployment-card"][data-deployment="churn"]');
  await expect(card).toBeVisible();
  await expect(card.locator('[data-testid="arm-row"][data-variant="stable"]')).toContainText('v1');

  await page.goto(`${core.url}/#/deployments/churn`);
  await page.getByTestId('new-rollout-button').click();
  const form = page.getByTestId('rollout-form');
  await form.getByTestId('rollout-model-select').selectOption('churn');
  await form.getByTestId('rollout-version-select').selectOption('2');
  await form.getByTestId('rollout-percent').fill('10');
  await form.getByTestId('rollout-sticky-key').fill('customer_id');
  await form.getByTestId('rollout-excluded-input').fill('customer_segment=high_value_customers');
  await form.getByTestId('rollout-excluded-input').press('Enter');
  await expect(form.getByTestId('rollout-excluded-chip')).toContainText('high_value_customers');
  await form.getByTestId('rollout-submit').click();
  const candidate = page.locator('[data-testid="arm-row"][data-variant="candidate"]');
  await expect(candidate).toContainText('v2');
  await expect(candidate.getByTestId('arm-percent')).toHaveText(/10\.00/);
  // gbdt was never submitted: the UI says so on its arm.
  await expect(candidate.getByTestId('approval-warning')).toBeVisible();

  // Traffic from the try-it panel, then the live charts.
  await page.getByTestId('try-send').click();
  await expect(page.getByTestId('try-status')).toContainText('200');
  await expect(page.getByTestId('try-response')).toContainText('probability');
  await page.getByTestId('try-send-many').click();
  await expect(page.getByTestId('prediction-row').first()).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(() => page.getByTestId('traffic-chart').evaluate((element) => ((element as HTMLElement & { data?: Array<{ y?: number[] }> }).data ?? []).reduce((sum, trace) => sum + (trace.y ?? []).reduce((a, b) => a + b, 0), 0)), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await screenshotBothThemes(page, 'deployment-rollout', { fullHeight: true });

  // Ramp to 50 %, then promote.
  await candidate.getByTestId('arm-slider').fill('50');
  await expect.poll(async () => (await core.call('GET', '/api/deployments/churn')).deployment.arms.find((arm: { variant: string }) => arm.variant === 'candidate').percent).toBe(50);
  await page.getByTestId('promote-button').click();
  await page.getByTestId('confirm-button').click();
  await expect(page.locator('[data-testid="arm-row"][data-variant="stable"]')).toContainText('v2');
  await expect(page.locator('[data-testid="arm-row"][data-variant="candidate"]')).toHaveCount(0);

  const audit = await core.call('GET', '/api/audit?entity_type=deployment&entity_id=churn');
  expect(audit.entries.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['deployment.create', 'deployment.rollout', 'deployment.update', 'deployment.promote']));

  // The promoted deployment answers a V2 (KServe/Triton) client and an MLflow client alike.
  const row = {
    customer_id: 'C000042',
    event_timestamp: '2024-06-17T05:47:07Z',
    total_spend: 155.01,
    transaction_count: 3,
    avg_transaction_amount: 51.67,
    days_since_last_purchase: 40,
    registration_date: '2024-04-02',
    customer_segment: 'new',
    region: 'central',
  };
  const predicted = await (await fetch(`${inferenceUrl}/deployments/churn/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(row) })).json();
  const metadata = await (await fetch(`${inferenceUrl}/v2/models/churn`)).json();
  const days = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / 86_400_000;
  const inputs = metadata.inputs.map((input: { name: string; datatype: string }) => {
    const value = (row as Record<string, unknown>)[input.name];
    const data = input.datatype === 'BYTES' ? [String(value)] : [typeof value === 'string' ? days(value) : value];
    return { name: input.name, shape: [1, 1], datatype: input.datatype, data };
  });
  const v2 = await (await fetch(`${inferenceUrl}/v2/models/churn/versions/${predicted.model_version}/infer`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'e2e-1', inputs }) })).json();
  expect(v2.id).toBe('e2e-1');
  const probabilities = v2.outputs.find((output: { name: string }) => output.name === 'probabilities').data;
  expect(probabilities[1]).toBeCloseTo(predicted.probability, 5);

  const columns = Object.keys(row).filter((name) => name !== 'customer_id');
  const invocation = await fetch(`${inferenceUrl}/invocations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-deployment': 'churn', 'x-model-variant': 'stable' },
    body: JSON.stringify({ dataframe_split: { columns, data: [columns.map((name) => (row as Record<string, unknown>)[name])] } }),
  });
  expect(invocation.status).toBe(200);
  const { predictions } = await invocation.json();
  expect(predictions[0].probabilities[1]).toBeCloseTo(predicted.probability, 5);
});
