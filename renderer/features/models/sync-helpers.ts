// Pure helpers of the push button and the Remotes page.
import type { JobSummary } from '../../../core/api/contract';
import type { Remote } from '../../../core/api/sync-contract';

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

/** One line for a finished push or pull job. */
export function jobOutcome(job: JobSummary): { ok: boolean; text: string } {
  if (job.status === 'succeeded') {
    const message = job.result?.message;
    return { ok: true, text: typeof message === 'string' ? message : 'Done.' };
  }
  if (job.status === 'cancelled') return { ok: false, text: 'Cancelled.' };
  return { ok: false, text: job.error ?? 'Failed.' };
}

export const jobPollInterval = 500;
