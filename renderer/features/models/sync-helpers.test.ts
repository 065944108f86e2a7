import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../core/api/contract';
import { jobOutcome, parseS3Location, pushBlockedReason, remoteLocation } from './sync-helpers';

const job = (fields: Partial<JobSummary>): JobSummary => ({
  id: 'j', kind: 'push', title: 't', status: 'running', created_by: 'ana', created_time: 0, ended_time: null, fraction: 0, message: '', run_id: null, error: null, error_code: null, result: null, ...fields,
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
    expect(jobOutcome(job({ status: 'succeeded', result: { message: 'Pushed churn v1.' } }))).toEqual({ ok: true, text: 'Pushed churn v1.' });
    expect(jobOutcome(job({ status: 'failed', error: 'not approved' }))).toEqual({ ok: false, text: 'not approved' });
  });
});
