// The `mlwb` CLI as users run it: real process, real workspace, --json output and exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/core-process.js';

let workspace: string;
const cli = (...args: string[]) => runCli([...args, '--workspace', workspace], { MLWB_USER: 'cli-user' });

beforeAll(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'mlwb-cli-'));
});

describe('mlwb', () => {
  it('creates and lists experiments', async () => {
    const created = await cli('experiments', 'create', 'churn', '--tag', 'team=growth', '--json');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).experiment).toMatchObject({ name: 'churn', created_by: 'cli-user', tags: { team: 'growth' } });
    const listed = await cli('experiments', 'list');
    expect(listed.stdout).toMatch(/churn\s+0\s+active\s+cli-user/);
  });

  it('logs runs from flags and from a JSON file, then searches and shows them', async () => {
    const fromFlags = await cli('runs', 'log', '--experiment', 'churn', '--name', 'flags', '--param', 'lr=0.1', '--metric', 'acc=0.91', '--metric', 'loss=0.3@5', '--tag', 'kind=baseline', '--json');
    expect(fromFlags.code).toBe(0);
    const run = JSON.parse(fromFlags.stdout).run;
    expect(run).toMatchObject({ run_name: 'flags', status: 'FINISHED', params: { lr: '0.1' }, metrics: { acc: 0.91, loss: 0.3 }, tags: { kind: 'baseline' }, user_id: 'cli-user' });

    const file = path.join(workspace, 'values.json');
    writeFileSync(file, JSON.stringify({ params: { lr: 0.01 }, metrics: { acc: 0.95, loss: [{ value: 0.9 }, { value: 0.4 }] }, tags: { kind: 'tuned' } }));
    const fromFile = await cli('runs', 'log', '--experiment', 'churn', '--name', 'file', '--file', file, '--json');
    expect(JSON.parse(fromFile.stdout).run.metrics).toEqual({ acc: 0.95, loss: 0.4 });

    const search = await cli('runs', 'search', '--experiment', 'churn', '--filter', "metrics.acc > 0.9 and tags.kind = 'tuned'", '--json');
    expect(JSON.parse(search.stdout).runs.map((entry: { run_name: string }) => entry.run_name)).toEqual(['file']);
    const ordered = await cli('runs', 'list', '--experiment', 'churn', '--order-by', 'metrics.acc DESC', '--json');
    expect(JSON.parse(ordered.stdout).runs.map((entry: { run_name: string }) => entry.run_name)).toEqual(['file', 'flags']);

    const shown = await cli('runs', 'show', run.run_id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('lr: 0.1');
  });

  it('uploads and downloads artifacts', async () => {
    const run = JSON.parse((await cli('runs', 'log', '--experiment', 'churn', '--json')).stdout).run;
    const source = path.join(workspace, 'report.txt');
    writeFileSync(source, 'all good\n');
    const uploaded = await cli('artifacts', 'upload', run.run_id, source, '--path', 'reports', '--json');
    expect(JSON.parse(uploaded.stdout)).toMatchObject({ path: 'reports/report.txt', size: 9 });
    const target = path.join(workspace, 'copy.txt');
    const downloaded = await cli('artifacts', 'download', run.run_id, 'reports/report.txt', '--out', target);
    expect(downloaded.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('all good\n');
  });

  it('exits 2 with a message naming what is wrong', async () => {
    const badFilter = await cli('runs', 'search', '--experiment', 'churn', '--filter', 'metrics.acc >> 1');
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toMatch(/position \d+/);
    const unknownExperiment = await cli('runs', 'list', '--experiment', 'nope');
    expect(unknownExperiment.code).toBe(2);
    expect(unknownExperiment.stderr).toContain("'nope'");
    const badMetric = await cli('runs', 'log', '--experiment', 'churn', '--metric', 'acc=high');
    expect(badMetric.code).toBe(2);
    expect(badMetric.stderr).toContain("'high' is not a number");
    const unknownFlag = await cli('experiments', 'list', '--colour');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('--colour');
    const traversal = await cli('artifacts', 'download', 'abc', '../../etc/passwd', '--json');
    expect(traversal.code).toBe(2);
    expect(JSON.parse(traversal.stderr).error.code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});
