// `mlwb policy` as users run it: a real process on a real workspace, exit codes and messages.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/core-process.js';

let workspace: string;
const cli = (...args: string[]) => runCli([...args, '--workspace', workspace], { MLWB_USER: 'cli-user' });
const defaultDocument = readFileSync(new URL('../../resources/policies/default.yaml', import.meta.url), 'utf8');

beforeAll(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'mlwb-policy-cli-'));
});

describe('mlwb policy', () => {
  it('shows the starting policy as rules and YAML', async () => {
    const shown = await cli('policy', 'show');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Policy version 1, stored \S+ by system \(sha256 [0-9a-f]{12}…\)\n/);
    expect(shown.stdout).toContain('  performance: roc_auc ≥ 0.7 on churn-holdout (target), at most 0.02 below the champion\n');
    expect(shown.stdout).toContain('protected_aliases: [champion]');
    const json = JSON.parse((await cli('policy', 'show', '--json')).stdout);
    expect(json).toMatchObject({ version: 1, created_by: 'system', document: defaultDocument, policy: { auto_approve: true } });
  });

  it('stores a changed file as the next version, and the same file only once', async () => {
    const file = path.join(workspace, 'stricter.yaml');
    writeFileSync(file, defaultDocument.replace('threshold: 0.70', 'threshold: 0.80'));
    const stored = await runCli(['policy', 'set', file, '--workspace', workspace, '--user', 'alice']);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toMatch(/^Policy version 2 stored \(sha256 [0-9a-f]{64}\)\n$/);
    const again = await cli('policy', 'set', file, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, policy: { version: 2, created_by: 'alice', policy: { checks: { performance: { threshold: 0.8 } } } } });
    const first = JSON.parse((await cli('policy', 'show', '--version', '1', '--json')).stdout);
    expect(first.policy.checks.performance.threshold).toBe(0.7);
  });

  it('refuses an invalid file with exit 2, naming file, line and column, and keeps the policy', async () => {
    const file = path.join(workspace, 'typo.yaml');
    writeFileSync(file, 'evaluation: {dataset: churn, target: target}\nchecks:\n  performance:\n    metric: roc_auc\n    threshhold: 0.7\n');
    const refused = await cli('policy', 'set', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: ${file}: policy line 5, column 5: unknown field checks.performance.threshhold (did you mean threshold?)\n`);
    const json = await cli('policy', 'set', file, '--json');
    expect(JSON.parse(json.stderr).error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', details: { line: 5, column: 5, field: 'checks.performance.threshhold' } });
    const missing = await cli('policy', 'show', '--version', '9');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Policy version 9 does not exist');
    expect(JSON.parse((await cli('policy', 'show', '--json')).stdout).version).toBe(2);
  });
});
