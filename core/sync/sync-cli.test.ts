// The sync commands as a user runs them: add a remote, push an approved version, list the remote
// and pull into a second workspace, with --json and the exit codes scripts rely on.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/core-process.js';
import { approvedVersion, bucketName, openSyncWorkspace, startS3rver, type S3Fixture } from './sync-fixture.js';

let s3: S3Fixture;
let root: string;

beforeAll(async () => {
  s3 = await startS3rver();
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-sync-cli-'));
  const source = await openSyncWorkspace(path.join(root, 'source'), 'ana');
  await approvedVersion(source.registry, 'churn', 0.5);
  await source.close();
}, 60_000);
afterAll(async () => {
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
const cli = (workspace: string, ...args: string[]) => runCli([...args, '--workspace', path.join(root, workspace), '--json'], { ...credentials, MLWB_USER: workspace === 'source' ? 'ana' : 'carl' });

describe('mlwb remotes / push / pull', () => {
  it('round-trips an approved version through an S3 bucket', async () => {
    for (const workspace of ['source', 'target']) {
      const added = await cli(workspace, 'remotes', 'add', 'team', '--s3', `s3://${bucketName}/cli`, '--endpoint', s3.endpoint, '--path-style');
      expect(added.code, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ name: 'team', kind: 's3', config: { bucket: bucketName, prefix: 'cli', path_style: true } });
    }
    const pushed = await cli('source', 'push', 'churn', '1', '--to', 'team', '--alias', 'champion');
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ status: 'pushed', aliases: { champion: 1 } });

    const listed = await cli('target', 'remote', 'list', '--from', 'team');
    expect(JSON.parse(listed.stdout).models).toMatchObject([{ name: 'churn', versions: [{ version: 1, pushed_by: 'ana' }], aliases: { champion: 1 } }]);

    const pulled = await cli('target', 'pull', 'churn', '1', '--from', 'team', '--as', 'team-churn');
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ status: 'pulled', name: 'team-churn', version: 1 });
    const shown = await cli('target', 'models', 'show', 'team-churn', '1');
    expect(shown.stdout).toContain('mlwb.provenance.pulled_by');

    expect(JSON.parse((await cli('target', 'remotes', 'list')).stdout).remotes).toHaveLength(1);
  }, 120_000);

  it('exits 2 on bad input and names what is wrong', async () => {
    const token = await cli('source', 'remotes', 'add', 'reg', '--url', 'https://mlwb.example.com');
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/exactly one of a token/);
    const s3Token = await cli('source', 'remotes', 'add', 'reg', '--s3', `s3://${bucketName}/cli`, '--token', 'abc');
    expect(s3Token.code).toBe(2);
    expect(s3Token.stderr).toMatch(/S3 remotes take no token/);
    const missing = await cli('source', 'push', 'churn', '1', '--to', 'nowhere');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No remote named 'nowhere'/);
  }, 60_000);
});
