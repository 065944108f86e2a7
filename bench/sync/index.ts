// Sync to S3: push and verified pull of a 200 MB approved model version through a loopback s3rver against plain AWS SDK multipart upload / GetObject + sha256, and listing 1,000 models × 10 versions.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- sync-fixture imports s3rver, whose types are this ambient declaration outside bench/tsconfig.json
/// <reference path="../../core/sync/s3rver.d.ts" />
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { versionDetail } from '../../core/registry/registry-views.js';
import { indexJson, type IndexVersion, type ModelIndex } from '../../core/sync/layout.js';
import { defaultPartSize } from '../../core/sync/multipart.js';
import { pullVersion, remoteList } from '../../core/sync/pull.js';
import { pushVersion } from '../../core/sync/push.js';
import { s3Config } from '../../core/sync/remote-store.js';
import { approvedVersion, bucketName, openSyncWorkspace, type SyncWorkspace } from '../../core/sync/sync-fixture.js';
import { parseQuickOption } from '../support/options.js';
import { createReport, type Report } from '../support/report.js';
import { startS3rverProcess, type S3rverProcess } from './s3rver-process.js';

const usage = `Usage: npm run bench -- sync [--quick]
  --quick   every size 10× smaller (a 20 MB model, 100 models × 10 versions): a smoke run`;

/** Push's defaults, used by the baseline too. */
const partSize = defaultPartSize;
const concurrency = 4;
const rounds = 3;
const mib = 2 ** 20;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { seconds: (performance.now() - start) / 1000, result };
}

/** The baseline upload: CreateMultipartUpload, parts read from the file and sent `concurrency` at a time, CompleteMultipartUpload. */
async function plainMultipartUpload(client: S3Client, file: string, size: number, key: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucketName, Key: key, ContentType: 'application/octet-stream' }));
    const partCount = Math.max(1, Math.ceil(size / partSize));
    const queue = Array.from({ length: partCount }, (_, index) => index + 1);
    const etags = new Map<number, string>();
    const worker = async () => {
      for (let number = queue.shift(); number !== undefined; number = queue.shift()) {
        const start = (number - 1) * partSize;
        const body = Buffer.alloc(Math.min(partSize, size - start));
        await handle.read(body, 0, body.length, start);
        const response = await client.send(new UploadPartCommand({ Bucket: bucketName, Key: key, UploadId: created.UploadId, PartNumber: number, Body: body, ContentLength: body.length }));
        etags.set(number, response.ETag ?? '');
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, partCount) }, worker));
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucketName,
        Key: key,
        UploadId: created.UploadId,
        MultipartUpload: { Parts: [...etags].sort(([left], [right]) => left - right).map(([PartNumber, ETag]) => ({ PartNumber, ETag })) },
      }),
    );
  } finally {
    await handle.close();
  }
}

/** The baseline download: one GetObject streamed through sha256. */
async function plainDownload(client: S3Client, key: string): Promise<string> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of response.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function addRemote(workspace: SyncWorkspace, name: string, endpoint: string) {
  return workspace.remotes.add(name, { kind: 's3', config: s3Config({ s3: `s3://${bucketName}/${name}`, endpoint, pathStyle: true }) }, 'bench');
}

async function transferFigures(report: Report, s3: S3rverProcess, root: string, megabytes: number): Promise<void> {
  const source = await openSyncWorkspace(path.join(root, 'source'), 'bench');
  try {
    report.note(`writing and importing a ${megabytes} MB ONNX model, approved under the current policy`);
    const name = 'bench-model';
    const version = await approvedVersion(source.registry, name, megabytes);
    const detail = versionDetail(source.registry, name, version).version;
    const size = detail.size!;
    const sha256 = detail.sha256!;
    const file = source.registry.workspace.artifacts.objectPath(sha256);
    const sizeText = `${(size / mib).toFixed(0)} MiB`;

    // Push and baseline alternate (which goes first swaps each round); each push goes to a fresh
    // prefix so none is a no-op, each baseline to a fresh key.
    const pushSeconds: number[] = [];
    const baselineSeconds: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const remote = addRemote(source, `push-${round}`, s3.endpoint);
      const push = async () => {
        const { seconds, result } = await timed(() => pushVersion(source.registry, source.remotes.get(remote.name), { name, version, user: 'bench', partSize, concurrency }));
        if (result.status !== 'pushed') throw new Error(`push ${round} answered ${result.status}`);
        pushSeconds.push(seconds);
      };
      const baseline = async () => {
        const { seconds } = await timed(() => plainMultipartUpload(s3.client, file, size, `baseline-${round}/model.onnx`));
        baselineSeconds.push(seconds);
      };
      if (round % 2 === 0) {
        await baseline();
        await push();
      } else {
        await push();
        await baseline();
      }
      report.note(`round ${round + 1}/${rounds}: push ${pushSeconds.at(-1)!.toFixed(2)} s, plain multipart ${baselineSeconds.at(-1)!.toFixed(2)} s`);
    }
    const pushRate = size / mib / median(pushSeconds);
    const uploadRate = size / mib / median(baselineSeconds);
    report.emit({
      metric: 'push_throughput_mib_per_s',
      value: pushRate,
      unit: 'MiB/s',
      baseline: uploadRate,
      baselineLabel: `plain @aws-sdk/client-s3 multipart upload of the same file (Create/UploadPart/Complete, ${partSize / mib} MiB parts, ${concurrency} in flight) to the same server`,
      target: 0.7 * uploadRate,
      better: 'higher',
      workload: `mlwb push of one approved ${sizeText} ONNX version (model.onnx in ${partSize / mib} MiB parts, ${concurrency} in flight, journaled; manifest, model card, governance record, checksums, index.json) to s3rver on loopback (child process, filesystem store); median of ${rounds}, alternating with the baseline; target 70% of the baseline`,
    });

    const remote = source.remotes.get('push-0');
    const pullSeconds: number[] = [];
    const downloadSeconds: number[] = [];
    const modelKey = `push-0/models/${name}/versions/${version}/model.onnx`;
    for (let round = 0; round < rounds; round++) {
      // A fresh workspace per round: every pull stores the model, none finds it already there.
      const target = await openSyncWorkspace(path.join(root, `target-${round}`), 'reader');
      try {
        const targetRemote = addRemote(target, 'push-0', s3.endpoint);
        if (targetRemote.kind !== 's3' || remote.kind !== 's3' || remote.config.prefix !== targetRemote.config.prefix) throw new Error('the pull remote differs from the push remote');
        const pull = async () => {
          const { seconds, result } = await timed(() => pullVersion(target.registry, target.remotes.get('push-0'), { name, version, user: 'reader' }));
          if (result.status !== 'pulled' || result.sha256 !== sha256) throw new Error(`pull ${round} answered ${result.status}`);
          pullSeconds.push(seconds);
        };
        const download = async () => {
          const { seconds, result } = await timed(() => plainDownload(s3.client, modelKey));
          if (result !== sha256) throw new Error('the plain download has another sha256 than the model');
          downloadSeconds.push(seconds);
        };
        if (round % 2 === 0) {
          await download();
          await pull();
        } else {
          await pull();
          await download();
        }
      } finally {
        await target.close();
      }
      report.note(`round ${round + 1}/${rounds}: pull ${pullSeconds.at(-1)!.toFixed(2)} s, plain GetObject + sha256 ${downloadSeconds.at(-1)!.toFixed(2)} s`);
    }
    const pullRate = size / mib / median(pullSeconds);
    const downloadRate = size / mib / median(downloadSeconds);
    report.emit({
      metric: 'pull_throughput_mib_per_s',
      value: pullRate,
      unit: 'MiB/s',
      baseline: downloadRate,
      baselineLabel: 'plain @aws-sdk/client-s3 GetObject of the same model.onnx streamed through sha256 (no other files, nothing stored)',
      target: 0,
      better: 'higher',
      workload: `mlwb pull of the same ${sizeText} version into a fresh workspace: index.json, checksums, every file downloaded and sha256-verified, then imported (stored, hashed, scanned, loaded by onnxruntime) with provenance; median of ${rounds}. Issue 8 sets no pull target: target 0, informational`,
    });
  } finally {
    await source.close();
  }
}

function seededIndex(name: string, versions: number): ModelIndex {
  const entries: IndexVersion[] = Array.from({ length: versions }, (_, index) => ({
    version: index + 1,
    sha256: createHash('sha256').update(`${name}/${index + 1}`).digest('hex'),
    size: 1_000_000 + index,
    checksums_sha256: createHash('sha256').update(`${name}/${index + 1}/checksums`).digest('hex'),
    pushed_time: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    pushed_by: 'ana',
    source_workspace: { id: '00000000-0000-4000-8000-000000000000', host: 'bench', user: 'ana' },
    policy_version: 1,
  }));
  return { format: 'mlwb-model-index', format_version: 1, name, versions: entries, aliases: { champion: versions }, updated_time: entries.at(-1)!.pushed_time };
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(width, Math.max(1, queue.length)) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

async function listingFigures(report: Report, s3: S3rverProcess, root: string, models: number, versions: number): Promise<void> {
  const prefix = 'listing';
  const names = Array.from({ length: models }, (_, index) => `model-${String(index).padStart(4, '0')}`);
  report.note(`listing: seeding ${models} index.json files × ${versions} versions`);
  await inParallel(names, 16, async (name) => {
    await s3.client.send(new PutObjectCommand({ Bucket: bucketName, Key: `${prefix}/models/${name}/index.json`, Body: indexJson(seededIndex(name, versions)), ContentType: 'application/json' }));
  });
  const workspace = await openSyncWorkspace(path.join(root, 'listing'), 'reader');
  try {
    workspace.remotes.add('listing', { kind: 's3', config: s3Config({ s3: `s3://${bucketName}/${prefix}`, endpoint: s3.endpoint, pathStyle: true }) }, 'reader');
    const remote = workspace.remotes.get('listing');
    const list = async () => {
      const listed = await remoteList(remote);
      if (listed.length !== models || listed.some((model) => model.versions.length !== versions)) throw new Error(`remote list returned ${listed.length} models`);
    };
    // Floor: the same requests with the SDK and nothing else (one listing with the delimiter, then every index.json fetched and parsed, 16 in flight).
    const floor = async () => {
      const found: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: `${prefix}/models/`, Delimiter: '/', ContinuationToken: token }));
        for (const common of page.CommonPrefixes ?? []) found.push(common.Prefix!);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      let parsed = 0;
      await inParallel(found, 16, async (folder) => {
        const response = await s3.client.send(new GetObjectCommand({ Bucket: bucketName, Key: `${folder}index.json` }));
        JSON.parse(await response.Body!.transformToString());
        parsed++;
      });
      if (parsed !== models) throw new Error(`the floor read ${parsed} indexes`);
    };
    await list();
    await floor();
    const listSeconds: number[] = [];
    const floorSeconds: number[] = [];
    for (let round = 0; round < 5; round++) {
      listSeconds.push((await timed(list)).seconds);
      floorSeconds.push((await timed(floor)).seconds);
    }
    report.emit({
      metric: 'remote_list_seconds',
      value: median(listSeconds),
      unit: 's',
      baseline: median(floorSeconds),
      baselineLabel: 'floor: the same S3 requests with @aws-sdk/client-s3 alone (ListObjectsV2 with delimiter, then GetObject + JSON.parse of every index.json, 16 in flight)',
      target: 1,
      better: 'lower',
      workload: `remoteList (what mlwb remote list runs) over ${models} models × ${versions} versions on s3rver on loopback: one delimiter listing of models/, then each model's index.json (16 in flight), parsed and sorted; median of 5 after one warm-up`,
    });
  } finally {
    await workspace.close();
  }
}

async function main(): Promise<void> {
  const { quick } = parseQuickOption('sync', usage);
  const report = createReport('sync', { quick });
  const divisor = quick ? 10 : 1;
  const root = await mkdtemp(path.join(os.tmpdir(), 'mlwb-bench-sync-'));
  let s3: S3rverProcess | undefined;
  try {
    s3 = await startS3rverProcess(bucketName);
    report.note(`s3rver at ${s3.endpoint}`);
    await transferFigures(report, s3, root, 200 / divisor);
    await listingFigures(report, s3, root, 1000 / divisor, 10);
  } finally {
    await s3?.stop();
    await rm(root, { recursive: true, force: true });
  }
  report.note(`results in ${report.file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench sync: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
