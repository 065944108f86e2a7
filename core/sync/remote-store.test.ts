// Remotes are kept with where they are, never with a credential: not in SQLite, not in the audit log.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSyncWorkspace, type SyncWorkspace } from './sync-fixture.js';
import { parseS3Url, s3Config, teamConfig } from './remote-store.js';

let root: string;
let local: SyncWorkspace;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-remotes-'));
  local = await openSyncWorkspace(path.join(root, 'workspace'), 'ana');
});
afterAll(async () => {
  await local.close();
  await rm(root, { recursive: true, force: true });
});

describe('sync remotes', () => {
  it('stores S3 and team remotes without any secret, audited', async () => {
    const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
    process.env.TEAM_TOKEN = secret;
    local.remotes.add('team-bucket', { kind: 's3', config: s3Config({ s3: 's3://ml-models/teams/churn/', endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1', pathStyle: true }) }, 'ana');
    local.remotes.add('registry', { kind: 'team', config: teamConfig({ url: 'https://mlwb.example.com/', tokenEnv: 'TEAM_TOKEN' }) }, 'ana');
    expect(local.remotes.list()).toMatchObject([
      { name: 'registry', kind: 'team', config: { url: 'https://mlwb.example.com', token_env: 'TEAM_TOKEN', token_file: null }, created_by: 'ana' },
      { name: 'team-bucket', kind: 's3', config: { bucket: 'ml-models', prefix: 'teams/churn', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', path_style: true } },
    ]);
    expect(local.registry.audit.list({ entityType: 'sync_remote' }).entries.map((entry) => entry.action)).toEqual(['sync.remote_add', 'sync.remote_add']);
    local.workspace.db.pragma('wal_checkpoint(TRUNCATE)');
    const database = await readFile(local.workspace.paths.database);
    expect(database.includes(secret)).toBe(false);
    expect(database.includes('TEAM_TOKEN')).toBe(true);
  });

  it('refuses credentials in URLs, tokens without a source, bad names, and duplicates', () => {
    expect(() => s3Config({ s3: 's3://ml-models/x', endpoint: 'http://AKIA:secret@127.0.0.1:9000' })).toThrow(/must not carry credentials/);
    expect(() => teamConfig({ url: 'https://mlwb.example.com' })).toThrow(/exactly one of an environment variable/);
    expect(() => parseS3Url('https://ml-models/x')).toThrow(/Expected s3:\/\/BUCKET\/PREFIX/);
    expect(() => parseS3Url('s3://Bad_Bucket/x')).toThrow(/not a valid S3 bucket name/);
    expect(() => local.remotes.add('registry', { kind: 'team', config: teamConfig({ url: 'https://other.example.com', tokenFile: '/run/secrets/mlwb' }) }, 'ana')).toThrow(/already exists/);
  });

  it('removes a remote with an audit entry', () => {
    local.remotes.remove('registry', 'ana');
    expect(local.remotes.find('registry')).toBeUndefined();
    expect(() => local.remotes.remove('registry', 'ana')).toThrow(/No remote named 'registry'/);
  });
});
