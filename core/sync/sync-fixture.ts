// Test set-up for sync: a real s3rver on loopback over a temp folder with one bucket, and a
// workspace holding an ONNX version approved under its current policy.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { writeLargeOnnxModel } from '../../bench/registry/large-model.js';
import { RegistryService } from '../registry/registry-service.js';
import { TrackingService } from '../tracking/service.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { RemoteStore, s3Config } from './remote-store.js';

export const bucketName = 'team-models';

export interface S3Fixture {
  endpoint: string;
  /** Where s3rver keeps the bucket's objects on disk. */
  directory: string;
  close(): Promise<void>;
}

/** s3rver accepts the fixed key pair S3RVER / S3RVER; the SDK's default chain reads it from the environment. */
export async function startS3rver(): Promise<S3Fixture> {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.AWS_REGION = 'us-east-1';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlwb-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  client.destroy();
  return {
    endpoint,
    directory,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface SyncWorkspace {
  workspace: Workspace;
  registry: RegistryService;
  remotes: RemoteStore;
  close(): Promise<void>;
}

export async function openSyncWorkspace(root: string, user: string): Promise<SyncWorkspace> {
  const workspace = await openWorkspace(root, { user, poolSize: 1 });
  const registry = new RegistryService(new TrackingService(workspace));
  return { workspace, registry, remotes: new RemoteStore(workspace.db), close: () => workspace.close() };
}

export function addS3Remote(remotes: RemoteStore, name: string, endpoint: string, user: string) {
  return remotes.add(name, { kind: 's3', config: s3Config({ s3: `s3://${bucketName}/shared`, endpoint, pathStyle: true }) }, user);
}

/**
 * Imports a `megabytes`-sized ONNX model as the next version of `name` and records an approval of
 * it under the current policy, as a reviewer's decision would.
 */
export async function approvedVersion(registry: RegistryService, name: string, megabytes: number, approve = true): Promise<number> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'mlwb-model-')), 'model.onnx');
  await writeLargeOnnxModel(file, megabytes);
  const row = await registry.importFile({ name, file }, 'ana');
  await rm(path.dirname(file), { recursive: true, force: true });
  if (approve) {
    registry.write(() => {
      const review = registry.reviews.insert({ name, version: row.version, revision: row.revision, policyVersion: registry.policies.current().version, sha256: row.sha256, user: 'ana' });
      registry.reviews.saveChecks(review.review_id, [{ name: 'security', category: 'security', verdict: 'pass', summary: 'Only standard operators.', inputs: {}, numbers: {}, duration_ms: 3 }]);
      registry.reviews.finish(review.review_id, { state: 'approved', decidedBy: 'ben', comment: 'Looks right.' });
      registry.audit.append({ actor: 'ben', action: 'review.approve', entityType: 'model_version', entityId: `${name}/${row.version}`, after: { review_id: review.review_id } });
    });
  }
  return row.version;
}
