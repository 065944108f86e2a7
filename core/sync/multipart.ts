// Resumable multipart upload of one large file. Finished parts are journaled in the workspace
// (sync_uploads) as they land; a later push asks the server which parts it holds (ListParts, and
// ListMultipartUploads when there is no journal), falls back to the journal on servers that do
// not implement those calls (s3rver), keeps only parts whose ETag is the MD5 of the same local
// bytes, and uploads the rest.
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Sqlite } from '../workspace/database.js';
import type { S3Bucket } from './s3-bucket.js';

export const defaultPartSize = 8 * 1024 * 1024;

export interface PartRecord {
  number: number;
  etag: string;
}

interface JournalRow {
  upload_id: string;
  sha256: string;
  part_size: number;
  parts: string;
}

/** Uploads in progress, per remote and key: enough to resume where the server cannot say. */
export class UploadJournal {
  constructor(
    private readonly db: Sqlite,
    private readonly remote: string,
  ) {}

  find(key: string): { uploadId: string; sha256: string; partSize: number; parts: PartRecord[] } | undefined {
    const row = this.db.prepare('SELECT upload_id, sha256, part_size, parts FROM sync_uploads WHERE remote = ? AND key = ?').get(this.remote, key) as JournalRow | undefined;
    return row ? { uploadId: row.upload_id, sha256: row.sha256, partSize: row.part_size, parts: JSON.parse(row.parts) as PartRecord[] } : undefined;
  }

  start(key: string, uploadId: string, sha256: string, partSize: number): void {
    this.db.prepare('INSERT OR REPLACE INTO sync_uploads (remote, key, upload_id, sha256, part_size, parts, started_time) VALUES (?, ?, ?, ?, ?, ?, ?)').run(this.remote, key, uploadId, sha256, partSize, '[]', Date.now());
  }

  addPart(key: string, part: PartRecord): void {
    this.db
      .prepare(`UPDATE sync_uploads SET parts = json_insert(parts, '$[#]', json(?)) WHERE remote = ? AND key = ?`)
      .run(JSON.stringify(part), this.remote, key);
  }

  finish(key: string): void {
    this.db.prepare('DELETE FROM sync_uploads WHERE remote = ? AND key = ?').run(this.remote, key);
  }
}

export interface MultipartOptions {
  partSize: number;
  concurrency: number;
  signal?: AbortSignal;
  onBytes(bytes: number): void;
}

export interface MultipartResult {
  parts: number;
  resumedParts: number;
  uploadedBytes: number;
}

export async function uploadMultipart(
  bucket: S3Bucket,
  journal: UploadJournal,
  file: { path: string; size: number; sha256: string; key: string; contentType: string },
  options: MultipartOptions,
): Promise<MultipartResult> {
  const partCount = Math.max(1, Math.ceil(file.size / options.partSize));
  const handle = await open(file.path, 'r');
  try {
    const readPart = async (number: number): Promise<Buffer> => {
      const start = (number - 1) * options.partSize;
      const length = Math.min(options.partSize, file.size - start);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, start);
      return buffer;
    };
    for (let attempt = 0; ; attempt++) {
      const resumed = await findResumable(bucket, journal, file, options.partSize);
      let uploadId = resumed?.uploadId;
      const done = new Map<number, string>();
      if (uploadId) {
        for (const part of resumed!.parts) {
          if (part.number < 1 || part.number > partCount) continue;
          // An ETag is the MD5 of the part's bytes (no SSE-KMS here): a part of other content is uploaded again.
          if (part.etag.replace(/"/g, '') === createHash('md5').update(await readPart(part.number)).digest('hex')) done.set(part.number, part.etag);
        }
      } else {
        const created = await send(bucket, `starting the upload of ${file.key}`, () =>
          bucket.client.send(new CreateMultipartUploadCommand({ Bucket: bucket.bucket, Key: file.key, ContentType: file.contentType }), { abortSignal: options.signal }),
        );
        uploadId = created.UploadId!;
        journal.start(file.key, uploadId, file.sha256, options.partSize);
      }
      const resumedParts = done.size;
      for (const number of done.keys()) options.onBytes(Math.min(options.partSize, file.size - (number - 1) * options.partSize));
      const missing = Array.from({ length: partCount }, (_, index) => index + 1).filter((number) => !done.has(number));
      let uploadedBytes = 0;
      const worker = async () => {
        for (let number = missing.shift(); number !== undefined; number = missing.shift()) {
          const body = await readPart(number);
          const response = await send(bucket, `uploading part ${number} of ${file.key}`, () =>
            bucket.client.send(new UploadPartCommand({ Bucket: bucket.bucket, Key: file.key, UploadId: uploadId, PartNumber: number, Body: body, ContentLength: body.length }), { abortSignal: options.signal }),
          );
          const etag = response.ETag ?? '';
          done.set(number, etag);
          journal.addPart(file.key, { number, etag });
          uploadedBytes += body.length;
          options.onBytes(body.length);
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(1, missing.length)) }, worker));
      try {
        await bucket.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket.bucket,
            Key: file.key,
            UploadId: uploadId,
            MultipartUpload: { Parts: [...done].sort(([left], [right]) => left - right).map(([PartNumber, ETag]) => ({ PartNumber, ETag })) },
          }),
          { abortSignal: options.signal },
        );
      } catch (error) {
        // The server forgot the upload (expired, aborted by a lifecycle rule): start over once.
        const name = (error as { name?: string }).name;
        if (attempt === 0 && resumedParts > 0 && (name === 'NoSuchUpload' || name === 'InvalidPart')) {
          journal.finish(file.key);
          continue;
        }
        throw bucket.explain(error, `completing the upload of ${file.key}`);
      }
      journal.finish(file.key);
      return { parts: partCount, resumedParts, uploadedBytes };
    }
  } finally {
    await handle.close();
  }
}

async function send<Result>(bucket: S3Bucket, doing: string, request: () => Promise<Result>): Promise<Result> {
  try {
    return await request();
  } catch (error) {
    throw bucket.explain(error, doing);
  }
}

/** The upload to continue and the parts the server (or, where it cannot say, the journal) holds. */
async function findResumable(bucket: S3Bucket, journal: UploadJournal, file: { key: string; sha256: string }, partSize: number): Promise<{ uploadId: string; parts: PartRecord[] } | undefined> {
  const journaled = journal.find(file.key);
  if (journaled && (journaled.sha256 !== file.sha256 || journaled.partSize !== partSize)) journal.finish(file.key);
  else if (journaled) {
    const listed = await listParts(bucket, file.key, journaled.uploadId);
    if (listed === 'gone') journal.finish(file.key);
    else return { uploadId: journaled.uploadId, parts: listed === 'unsupported' ? journaled.parts : listed };
  }
  const uploadId = await newestUpload(bucket, file.key);
  if (!uploadId) return undefined;
  const listed = await listParts(bucket, file.key, uploadId);
  if (listed === 'gone' || listed === 'unsupported') return undefined;
  journal.start(file.key, uploadId, file.sha256, partSize);
  for (const part of listed) journal.addPart(file.key, part);
  return { uploadId, parts: listed };
}

async function newestUpload(bucket: S3Bucket, key: string): Promise<string | undefined> {
  try {
    const response = await bucket.client.send(new ListMultipartUploadsCommand({ Bucket: bucket.bucket, Prefix: key }));
    const uploads = (response.Uploads ?? []).filter((upload) => upload.Key === key && upload.UploadId);
    uploads.sort((left, right) => (right.Initiated?.getTime() ?? 0) - (left.Initiated?.getTime() ?? 0));
    return uploads[0]?.UploadId;
  } catch (error) {
    if (unsupported(error)) return undefined;
    throw bucket.explain(error, `listing unfinished uploads of ${key}`);
  }
}

async function listParts(bucket: S3Bucket, key: string, uploadId: string): Promise<PartRecord[] | 'gone' | 'unsupported'> {
  const parts: PartRecord[] = [];
  let marker: string | undefined;
  try {
    for (;;) {
      const page = await bucket.client.send(new ListPartsCommand({ Bucket: bucket.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
      for (const part of page.Parts ?? []) if (part.PartNumber && part.ETag) parts.push({ number: part.PartNumber, etag: part.ETag });
      if (!page.IsTruncated) return parts;
      marker = page.NextPartNumberMarker;
    }
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchUpload') return 'gone';
    if (unsupported(error)) return 'unsupported';
    throw bucket.explain(error, `listing the uploaded parts of ${key}`);
  }
}

/** Servers without ListMultipartUploads / ListParts answer 501 NotImplemented or 405. */
function unsupported(error: unknown): boolean {
  const problem = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return problem.name === 'NotImplemented' || problem.name === 'MethodNotAllowed' || problem.$metadata?.httpStatusCode === 501 || problem.$metadata?.httpStatusCode === 405;
}
