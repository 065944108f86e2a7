// The diff a remote listing shows against this workspace: which remote versions are already here
// (under any name) and which local versions of the same models the remote lacks.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLargeOnnxModel } from '../../bench/registry/large-model.js';
import type { IndexVersion } from './layout.js';
import { diffAgainstLocal } from './local-diff.js';
import { approvedVersion, openSyncWorkspace, type SyncWorkspace } from './sync-fixture.js';

let root: string;
let local: SyncWorkspace;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-local-diff-'));
  local = await openSyncWorkspace(path.join(root, 'workspace'), 'ana');
}, 60_000);
afterAll(async () => {
  await local?.close();
  await rm(root, { recursive: true, force: true });
});

function entry(version: number, sha256: string): IndexVersion {
  return { version, sha256, size: 1, checksums_sha256: 'c'.repeat(64), pushed_time: '2026-01-01T00:00:00.000Z', pushed_by: 'ben', source_workspace: { id: 'w', host: 'h', user: 'ben' }, policy_version: 1 };
}

describe('diffAgainstLocal', () => {
  it('marks remote versions held locally under any name, and lists same-named local versions the remote lacks with their approval', async () => {
    const file = path.join(root, 'model.onnx');
    await writeLargeOnnxModel(file, 0.05);
    const copy = await local.registry.importFile({ name: 'copy', file }, 'ana');
    const shared = await approvedVersion(local.registry, 'churn', 0.1);
    const draft = await approvedVersion(local.registry, 'churn', 0.12, false);
    const approvedOnly = await approvedVersion(local.registry, 'churn', 0.15);
    const sha = (version: number) => local.registry.store.version('churn', version).sha256!;

    const diff = diffAgainstLocal(local.registry, [
      { name: 'churn', versions: [entry(1, copy.sha256!), entry(2, sha(shared)), entry(3, 'f'.repeat(64))], aliases: { champion: 2 } },
      { name: 'elsewhere', versions: [entry(1, 'e'.repeat(64))], aliases: {} },
    ]);

    expect(diff).toHaveLength(2);
    expect(diff[0]).toMatchObject({ name: 'churn', aliases: { champion: 2 } });
    expect(diff[0].versions.map((version) => [version.version, version.local, version.local_versions])).toEqual([
      [1, true, [{ name: 'copy', version: copy.version }]],
      [2, true, [{ name: 'churn', version: shared }]],
      [3, false, []],
    ]);
    expect(diff[0].local_only).toEqual([
      { version: draft, sha256: sha(draft), approval: 'not_submitted' },
      { version: approvedOnly, sha256: sha(approvedOnly), approval: 'approved' },
    ]);
    expect(diff[1]).toMatchObject({ name: 'elsewhere', versions: [{ local: false, local_versions: [] }], local_only: [] });
  });
});
