// A failed suite blocks training before any run exists, or (warn) trains and tags the run.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { DatasetService } from '../datasets/dataset-service.js';
import { JobManager } from '../jobs/job-manager.js';
import { TrainService } from '../training/train-service.js';
import { TrackingService } from '../tracking/service.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import type { ExpectationSuite } from './model.js';
import { ValidationService } from './validation-service.js';

let root: string;
let workspace: Workspace;
let tracking: TrackingService;
const jobs = new JobManager();

function suiteOf(name: string, expectations: Array<[string, Record<string, unknown>]>): ExpectationSuite {
  return { name, id: '00000000-0000-4000-8000-000000000000', suite_parameters: {}, meta: {}, expectations: expectations.map(([type, kwargs], index) => ({ type, kwargs: kwargs as never, meta: {}, id: `00000000-0000-4000-8000-00000000000${index}` })) };
}

const runCount = () => (workspace.db.prepare('SELECT COUNT(*) AS count FROM runs').get() as { count: number }).count;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-training-gate-'));
  workspace = await openWorkspace(path.join(root, 'workspace'), { user: 'owner', poolSize: 1 });
  tracking = new TrackingService(workspace);
  await new DatasetService(workspace).import({ source: Readable.from([churnRowsToCsv(generateChurnRows({ rows: 300, seed: 5 }))]), fileName: 'churn.csv', user: 'owner' });
  const validation = new ValidationService(workspace);
  validation.importSuite(suiteOf('sane', [['expect_column_values_to_not_be_null', { column: 'customer_id' }], ['expect_column_values_to_be_in_set', { column: 'target', value_set: [true, false] }]]), { user: 'owner' });
  validation.importSuite(suiteOf('strict', [['expect_column_values_to_be_between', { column: 'total_spend', max_value: 10 }], ['expect_table_row_count_to_equal', { value: 300 }]]), { user: 'owner' });
});
afterAll(async () => {
  await workspace.close();
  await rm(root, { recursive: true, force: true });
});

describe('validation before training', () => {
  it('blocks a training whose data fails the suite, naming the failed expectation, and creates no run', async () => {
    const before = runCount();
    const training = new TrainService(tracking, jobs).start({ dataset: 'churn', target: 'target', model: 'lr', validateSuite: 'strict', user: 'owner' });
    await expect(training).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/suite strict:v1 failed on churn:v1 \(1 of 2 expectations not met\).*expect_column_values_to_be_between\(total_spend\): \d+ unexpected of 300 rows/) });
    expect(runCount()).toBe(before);
    // The refused check is still on record.
    expect(new ValidationService(workspace).store.runs({ dataset: 'churn' })[0]).toMatchObject({ suite: 'strict', success: false });
  });

  it('trains under warn and records the outcome as run tags; a passing suite is recorded too', async () => {
    const service = new TrainService(tracking, jobs);
    const warned = await service.start({ dataset: 'churn', target: 'target', model: 'lr', validateSuite: 'strict:1', validation: 'warn', user: 'owner' });
    const passed = await service.start({ dataset: 'churn', target: 'target', model: 'lr', validateSuite: 'sane', user: 'owner' });
    expect((await jobs.wait(warned.job.id)).status).toBe('succeeded');
    expect((await jobs.wait(passed.job.id)).status).toBe('succeeded');
    const tagsOf = (runId: string) => Object.fromEntries((workspace.db.prepare('SELECT key, value FROM tags WHERE run_id = ?').all(runId) as Array<{ key: string; value: string }>).map((tag) => [tag.key, tag.value]));
    expect(tagsOf(warned.run_id)).toMatchObject({ 'mlwb.validation.suite': 'strict:v1', 'mlwb.validation.success': 'false', 'mlwb.validation.mode': 'warn', 'mlwb.validation.success_percent': '50', 'mlwb.validation.failures': expect.stringContaining('total_spend') });
    expect(tagsOf(passed.run_id)).toMatchObject({ 'mlwb.validation.suite': 'sane:v1', 'mlwb.validation.success': 'true', 'mlwb.validation.mode': 'block' });
    expect(tagsOf(passed.run_id)['mlwb.validation.failures']).toBeUndefined();
  });

  it('refuses an unknown suite before anything runs', async () => {
    await expect(new TrainService(tracking, jobs).start({ dataset: 'churn', target: 'target', model: 'lr', validateSuite: 'nope', user: 'owner' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
  });
});
