// Shared set-up for training tests against a real core: the churn data as a dataset, and waiting
// for a background job to end.
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import type { CoreProcess } from './core-process.js';

export async function importChurnDataset(core: CoreProcess, rows: number, seed: number): Promise<void> {
  const response = await fetch(`${core.url}/api/datasets/import?name=churn&format=csv&filename=churn.csv`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${core.token}` },
    body: churnRowsToCsv(generateChurnRows({ rows, seed })),
  });
  if (response.status !== 200) throw new Error(`churn import failed: ${response.status} ${await response.text()}`);
}

export async function waitForJob(core: CoreProcess, id: string): Promise<any> {
  for (;;) {
    const { body } = await core.call('GET', `/api/jobs/${id}`);
    if (body.job.status !== 'running') return body.job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
