import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../core/api/contract';
import type { RemoteModelEntry, RemoteVersionEntry } from '../../../core/api/sync-contract';
import { diffRows, diffSummary, formatPushedTime, isNameClash, jobOutcome, parseAliases, parseS3Location, pulledVersion, pushBlockedReason, remoteLocation } from './sync-helpers';

const job = (fields: Partial<JobSummary>): JobSummary => ({
  id: 'j', kind: 'push', title: 't', status: 'running', created_by: 'ana', created_time: 0, ended_time: null, fraction: 0, message: '', run_id: null, error: null, error_code: null, result: null, ...fields,
});

const remoteVersion = (version: number, local_versions: RemoteVersionEntry['local_versions'] = []): RemoteVersionEntry => ({
  version,
  sha256: `${version}`.repeat(64).slice(0, 64),
  size: 10,
  checksums_sha256: 'c'.repeat(64),
  pushed_time: '2026-11-27T00:25:14.123Z',
  pushed_by: 'ana',
  source_workspace: { id: 'w', host: 'h', user: 'ana' },
  policy_version: 1,
  local: local_versions.length > 0,
  local_versions,
});

describe('sync helpers', () => {
  it('says why a push is blocked', () => {
    expect(pushBlockedReason('Not submitted for review yet.', 2)).toBe('Only approved versions can be pushed: Not submitted for review yet.');
    expect(pushBlockedReason(null, 0)).toMatch(/No remote yet/);
    expect(pushBlockedReason(null, 1)).toBeNull();
  });

  it('parses s3 locations', () => {
    expect(parseS3Location('s3://team-models/shared/')).toEqual({ bucket: 'team-models', prefix: 'shared' });
    expect(parseS3Location('team-models')).toEqual({ bucket: 'team-models', prefix: '' });
    expect(parseS3Location(' s3://b/a/b ')).toEqual({ bucket: 'b', prefix: 'a/b' });
    expect(parseS3Location('')).toBeNull();
    expect(parseS3Location('s3://')).toBeNull();
  });

  it('describes remotes and job outcomes', () => {
    const config = { bucket: 'b', prefix: 'p', region: null, endpoint: 'http://127.0.0.1:9000', path_style: true };
    expect(remoteLocation({ name: 'r', kind: 's3', config, created_time: 0, created_by: 'ana' })).toBe('s3://b/p at http://127.0.0.1:9000');
    expect(remoteLocation({ name: 'r', kind: 's3', config: { ...config, prefix: '', endpoint: null }, created_time: 0, created_by: 'ana' })).toBe('s3://b');
    expect(remoteLocation({ name: 'r', kind: 'team', config: { url: 'https://models.example', token_env: null, token_file: '/w/remotes/r.token' }, created_time: 0, created_by: 'ana' })).toBe('https://models.example');
    expect(jobOutcome(job({ status: 'succeeded', result: { message: 'Pushed churn v1.' } }))).toEqual({ ok: true, text: 'Pushed churn v1.' });
    expect(jobOutcome(job({ status: 'failed', error: 'not approved' }))).toEqual({ ok: false, text: 'not approved' });
  });

  it('reads aliases typed with commas or spaces', () => {
    expect(parseAliases(' champion, prod  staging,,champion ')).toEqual(['champion', 'prod', 'staging']);
    expect(parseAliases('  ')).toEqual([]);
  });

  it('tells a name clash and the pulled version from a pull job', () => {
    expect(isNameClash(job({ status: 'failed', error_code: 'RESOURCE_ALREADY_EXISTS', error: "A local model named 'churn' exists" }))).toBe(true);
    expect(isNameClash(job({ status: 'failed', error_code: 'PERMISSION_DENIED' }))).toBe(false);
    expect(pulledVersion(job({ status: 'succeeded', result: { name: 'churn-team', version: 1, message: 'Pulled.' } }))).toEqual({ name: 'churn-team', version: 1 });
    expect(pulledVersion(job({ status: 'failed', result: null }))).toBeNull();
  });

  it('merges remote and local-only versions into one diff, newest first', () => {
    const model: RemoteModelEntry = {
      name: 'churn',
      versions: [remoteVersion(1, [{ name: 'churn', version: 1 }]), remoteVersion(2), remoteVersion(4, [{ name: 'churn', version: 4 }, { name: 'churn-team', version: 1 }])],
      aliases: { champion: 4, previous: 1, canary: 4 },
      local_only: [
        { version: 3, sha256: 'd'.repeat(64), approval: 'approved' },
        { version: 2, sha256: 'e'.repeat(64), approval: 'not_submitted' },
      ],
    };
    const rows = diffRows(model);
    expect(rows.map((row) => [row.version, row.status])).toEqual([
      [4, 'both'],
      [3, 'local'],
      [2, 'remote'],
      [2, 'local'],
      [1, 'both'],
    ]);
    expect(rows[0].aliases).toEqual(['canary', 'champion']);
    expect(rows[1].aliases).toEqual([]);
    expect(diffSummary(rows)).toBe('2 on both · 1 remote only · 2 local only');
    expect(diffSummary(diffRows({ ...model, versions: [remoteVersion(2)], local_only: [] }))).toBe('1 remote only');
    expect(diffSummary([])).toBe('No versions');
  });

  it('shows pushed times in UTC to the minute', () => {
    expect(formatPushedTime('2026-11-27T00:25:14.123Z')).toBe('2026-11-27 00:25 UTC');
    expect(formatPushedTime('yesterday')).toBe('yesterday');
  });
});
