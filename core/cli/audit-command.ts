import { AuditLog } from '../registry/audit-log.js';
import type { AuditEntry } from '../registry/types.js';
import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace } from '../workspace/workspace.js';
import { parseCommand, requirePositional } from './args.js';
import { CommandFailure, createOutput, table, UsageError } from './output.js';

const usage = `mlwb audit verify
  mlwb audit list [--entity TYPE[:ID]] [--before SEQ] [--limit N]`;

export async function auditCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, { entity: { type: 'string' }, limit: { type: 'string' }, before: { type: 'string' } });
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);

  if (verb === 'verify') {
    const result = await withAuditLog(values, (log) => log.verify());
    output.result(result, () => (result.ok ? `Audit log verified: ${describeCount(result.entries)}${result.head ? `, head #${result.head.seq} ${result.head.hash.slice(0, 12)}…` : ''} (${result.seconds.toFixed(2)} s)` : `Audit log check failed (${describeCount(result.entries)} read).`));
    // A broken chain is a failure the caller (a script, CI) must notice from the exit code alone.
    if (result.first_bad) throw new CommandFailure(`audit log tampered with at entry ${result.first_bad.seq}: ${result.first_bad.message}`);
    return;
  }

  if (verb === 'list') {
    const entity = parseEntity(values.entity);
    const limit = parseCount(values.limit, '--limit');
    const before = parseCount(values.before, '--before');
    const page = await withAuditLog(values, (log) => log.list({ ...entity, limit, before }));
    output.result(page, () => {
      if (page.entries.length === 0) return page.total === 0 ? 'No audit entries.' : `No audit entries before #${before} (${describeCount(page.total)} in all).`;
      const oldest = page.entries[page.entries.length - 1].seq;
      const more = oldest > 1 && page.entries.length < page.total ? `\nOlder entries: --before ${oldest}` : '';
      return `${table(['SEQ', 'TIME', 'ACTOR', 'ACTION', 'ENTITY', 'CHANGE'], page.entries.map(row))}\n${page.entries.length} of ${describeCount(page.total)}${more}`;
    });
    return;
  }

  throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
}

async function withAuditLog<Result>(values: { workspace?: string; user?: string }, work: (log: AuditLog) => Result): Promise<Result> {
  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  try {
    return work(new AuditLog(workspace.db));
  } finally {
    await workspace.close();
  }
}

function row(entry: AuditEntry): string[] {
  return [String(entry.seq), new Date(entry.time).toISOString().replace(/\.\d{3}Z$/, 'Z'), entry.actor, entry.action, `${entry.entity_type}:${entry.entity_id}`, entry.after === null ? '' : JSON.stringify(entry.after)];
}

/** TYPE or TYPE:ID; IDs may hold colons themselves, types never do. */
function parseEntity(text: string | undefined): { entityType?: string; entityId?: string } {
  if (text === undefined) return {};
  const colon = text.indexOf(':');
  const entityType = colon < 0 ? text : text.slice(0, colon);
  if (!entityType) throw new UsageError(`--entity expects TYPE or TYPE:ID, got '${text}'`);
  return colon < 0 ? { entityType } : { entityType, entityId: text.slice(colon + 1) };
}

function parseCount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} expects a positive whole number, got '${text}'`);
  return Number(text);
}

function describeCount(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'entry' : 'entries'}`;
}
