import { readFile } from 'node:fs/promises';
import type { PolicyResponse } from '../api/registry-contract.js';
import { ValidationError } from '../api/errors.js';
import { AuditLog } from '../registry/audit-log.js';
import { describePolicy } from '../registry/policy.js';
import { PolicyStore } from '../registry/policy-store.js';
import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { parseCommand, requirePositional } from './args.js';
import { createOutput, UsageError } from './output.js';

const usage = `mlwb policy show [--version N]
  mlwb policy set FILE`;

export async function policyCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { version: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);

  if (verb === 'show') {
    const version = parseVersion(values.version);
    const policy = await withPolicies(values, (policies) => (version === undefined ? policies.current() : policies.get(version)));
    output.result(policy, () => [header(policy), ...describePolicy(policy.policy).map((line) => `  ${line}`), '', policy.document.trimEnd()].join('\n'));
    return;
  }

  if (verb === 'set') {
    const file = requirePositional(positionals, 1, 'FILE', usage);
    if (values.version !== undefined) throw new UsageError('--version only applies to policy show: set always stores the next version');
    const document = await readFile(file, 'utf8').catch(() => {
      throw new UsageError(`No such file: ${file}`);
    });
    const result = await withPolicies(values, (policies, workspace) => {
      const before = policies.current().version;
      try {
        const policy = policies.set(document, workspace.user);
        return { created: policy.version !== before, policy };
      } catch (error) {
        // Name the file as editors and compilers do, so the position can be jumped to.
        if (error instanceof ValidationError) throw new ValidationError(`${file}: ${error.message}`, error.details);
        throw error;
      }
    });
    const { policy } = result;
    output.result(result, () =>
      result.created ? `Policy version ${policy.version} stored (sha256 ${policy.sha256})` : `Policy unchanged: ${file} is policy version ${policy.version} (sha256 ${policy.sha256})`,
    );
    return;
  }

  throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
}

async function withPolicies<Result>(values: { workspace?: string; user?: string }, work: (policies: PolicyStore, workspace: Workspace) => Result): Promise<Result> {
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  try {
    return work(new PolicyStore(workspace.db, new AuditLog(workspace.db)), workspace);
  } finally {
    await workspace.close();
  }
}

function parseVersion(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`--version expects a policy version number, got '${text}'`);
  return Number(text);
}

function header(policy: PolicyResponse): string {
  const time = new Date(policy.created_time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `Policy version ${policy.version}, stored ${time} by ${policy.created_by} (sha256 ${policy.sha256.slice(0, 12)}…)`;
}
