// `mlwb validate` / `mlwb suites` in process against a prepared workspace: exit-code classes
// (pass, CommandFailure → 1, UsageError → 2) and what is printed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatasetService } from '../datasets/dataset-service.js';
import { openWorkspace } from '../workspace/workspace.js';
import { exitCodeFor } from './output.js';
import { suitesCommand, validateCommand } from './validate-command.js';

let root: string;
let dir: string;

async function capture(work: () => Promise<void>): Promise<{ stdout: string; code: number }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    await work();
    return { stdout, code: 0 };
  } catch (error) {
    return { stdout: `${stdout}${(error as Error).message}`, code: exitCodeFor(error) };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-validate-cli-'));
  dir = path.join(root, 'workspace');
  const workspace = await openWorkspace(dir, { user: 'owner', poolSize: 1 });
  await new DatasetService(workspace).import({ source: Readable.from(['id,amount\n1,5\n2,7\n3,9\n']), fileName: 'orders.csv', user: 'owner' });
  await workspace.close();
  await writeFile(path.join(root, 'bad.csv'), 'id,amount\n1,5\n2,-7\n');
  await writeFile(path.join(root, 'suite.json'), JSON.stringify({ expectation_suite_name: 'orders_gx', expectations: [{ expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'amount', min_value: 0 } }] }));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('mlwb validate and suites', () => {
  const ws = () => ['--workspace', dir];

  it('scaffolds, imports, lists and shows suites', async () => {
    expect((await capture(() => suitesCommand(['scaffold', '--data', 'orders:1', '--name', 'orders_suite', ...ws()]))).stdout).toMatch(/Scaffolded orders_suite v1 with \d+ expectations from orders:v1/);
    expect((await capture(() => suitesCommand(['import', path.join(root, 'suite.json'), ...ws()]))).stdout).toMatch(/Imported orders_gx v1 \(GX v0 format, 1 expectations\)/);
    expect((await capture(() => suitesCommand(['list', ...ws()]))).stdout).toMatch(/orders_gx\s+1\s+1/);
    const gx = JSON.parse((await capture(() => suitesCommand(['show', 'orders_gx', '--gx', ...ws()]))).stdout);
    expect(gx).toMatchObject({ name: 'orders_gx', expectations: [{ type: 'expect_column_values_to_be_between', kwargs: { column: 'amount', min_value: 0 } }] });
  });

  it('exits 0 when the suite passes and 1 naming the failed expectations when it fails', async () => {
    const passed = await capture(() => validateCommand(['--suite', 'orders_suite', '--data', 'orders', ...ws()]));
    expect(passed).toMatchObject({ code: 0, stdout: expect.stringMatching(/Suite orders_suite on orders:v1: PASSED/) });
    const failed = await capture(() => validateCommand(['--suite', 'orders_gx', '--data', path.join(root, 'bad.csv'), '--json', ...ws()]));
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('"success": false');
    expect(failed.stdout).toMatch(/expect_column_values_to_be_between\(amount\): 1 unexpected of 2 rows, e\.g\. -7/);
  });

  it('exits 2 on bad input', async () => {
    expect((await capture(() => validateCommand(['--suite', 'orders_gx', ...ws()]))).code).toBe(2);
    expect((await capture(() => validateCommand(['--suite', 'orders_gx', '--data', 'orders', '--result-format', 'FULL', ...ws()]))).code).toBe(2);
    expect((await capture(() => validateCommand(['--suite', 'nope', '--data', 'orders', ...ws()]))).code).toBe(2);
    expect((await capture(() => validateCommand(['--suite', 'orders_gx', '--data', 'missing.csv', ...ws()]))).code).toBe(2);
  });
});
