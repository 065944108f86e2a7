// Pure helpers of the push dialog and the Remotes page.
import type { JobSummary } from '../../../core/api/contract';
import type { LocalOnlyVersion, Remote, RemoteModelEntry, RemoteVersionEntry } from '../../../core/api/sync-contract';

/** Why the push button is disabled, or null when it can be used. */
export function pushBlockedReason(approvalReason: string | null, remoteCount: number): string | null {
  if (approvalReason) return `Only approved versions can be pushed: ${approvalReason}`;
  if (remoteCount === 0) return 'No remote yet: add one on the Remotes page.';
  return null;
}

/** `s3://bucket/prefix` (or `bucket/prefix`) into its parts; null when there is no bucket. */
export function parseS3Location(text: string): { bucket: string; prefix: string } | null {
  const trimmed = text.trim();
  const match = /^([^/\s:]+)\/?(\S*)$/.exec(trimmed.startsWith('s3://') ? trimmed.slice(5) : trimmed);
  if (!match) return null;
  return { bucket: match[1], prefix: match[2].replace(/^\/+|\/+$/g, '') };
}

/** Where a remote is, as the CLI says it. */
export function remoteLocation(remote: Remote): string {
  if (remote.kind === 'team') return remote.config.url;
  const base = `s3://${remote.config.bucket}${remote.config.prefix ? `/${remote.config.prefix}` : ''}`;
  return remote.config.endpoint ? `${base} at ${remote.config.endpoint}` : base;
}

export const remoteKindLabels: Record<Remote['kind'], string> = { s3: 'S3 bucket', team: 'Team registry' };

/** Aliases typed as "champion, prod" (commas or spaces), trimmed and without repeats. */
export function parseAliases(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).filter((alias) => alias !== ''))];
}

/** One line for a finished push or pull job. */
export function jobOutcome(job: JobSummary): { ok: boolean; text: string } {
  if (job.status === 'succeeded') {
    const message = job.result?.message;
    return { ok: true, text: typeof message === 'string' ? message : 'Done.' };
  }
  if (job.status === 'cancelled') return { ok: false, text: 'Cancelled.' };
  return { ok: false, text: job.error ?? 'Failed.' };
}

/** A pull that failed because a local model of that name came from elsewhere: pulling as another name resolves it. */
export function isNameClash(job: JobSummary): boolean {
  return job.status === 'failed' && job.error_code === 'RESOURCE_ALREADY_EXISTS';
}

/** The local model version a succeeded pull stored, from the job's result. */
export function pulledVersion(job: JobSummary): { name: string; version: number } | null {
  const result = job.result;
  if (job.status !== 'succeeded' || !result || typeof result.name !== 'string' || typeof result.version !== 'number') return null;
  return { name: result.name, version: result.version };
}

export type DiffStatus = 'both' | 'remote' | 'local';

/** One row of a remote model compared with this workspace. */
export type DiffRow =
  | { status: 'both' | 'remote'; version: number; aliases: string[]; remote: RemoteVersionEntry }
  | { status: 'local'; version: number; aliases: string[]; local: LocalOnlyVersion };

/**
 * A remote model's versions and the same-named local versions it lacks, newest first. Version
 * numbers are the ones the versions had where they were pushed from, so a local-only version may
 * share its number with a remote one (a different model); the remote row comes first then.
 */
export function diffRows(model: RemoteModelEntry): DiffRow[] {
  const aliasesOf = (version: number) =>
    Object.entries(model.aliases)
      .filter(([, target]) => target === version)
      .map(([alias]) => alias)
      .sort();
  const rows: DiffRow[] = [
    ...model.versions.map((entry): DiffRow => ({ status: entry.local_versions.length > 0 || entry.local ? 'both' : 'remote', version: entry.version, aliases: aliasesOf(entry.version), remote: entry })),
    ...model.local_only.map((entry): DiffRow => ({ status: 'local', version: entry.version, aliases: [], local: entry })),
  ];
  return rows.sort((a, b) => b.version - a.version || Number(a.status === 'local') - Number(b.status === 'local'));
}

const statusWords: Record<DiffStatus, string> = { both: 'on both', remote: 'remote only', local: 'local only' };

/** "3 on both · 1 remote only · 2 local only", leaving out the statuses no row has. */
export function diffSummary(rows: readonly DiffRow[]): string {
  const counts = (['both', 'remote', 'local'] as const).map((status) => [status, rows.filter((row) => row.status === status).length] as const);
  const parts = counts.filter(([, count]) => count > 0).map(([status, count]) => `${count} ${statusWords[status]}`);
  return parts.length > 0 ? parts.join(' · ') : 'No versions';
}

/** A free local name to suggest for "Pull as…": the model's name with the remote's. */
export function suggestedPullName(model: string, remote: string): string {
  return `${model}-${remote}`;
}

/** "2026-11-27T00:25:14.123Z" as "2026-11-27 00:25 UTC": pushed times come from other machines, so they stay in UTC. */
export function formatPushedTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export const jobPollInterval = 500;
