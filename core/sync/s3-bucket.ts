// One S3 remote as the sync code uses it: small objects in and out, listings, and errors turned
// into messages that name the remote. Credentials are the SDK's default chain (AWS_ACCESS_KEY_ID /
// AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_PROFILE, ~/.aws/credentials or
// AWS_SHARED_CREDENTIALS_FILE), read when a request is signed and never copied anywhere.
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { CancelledError, ForbiddenError, NotFoundError, WorkbenchError } from '../api/errors.js';
import { describeRemote, type Remote } from './remote-store.js';

type S3Remote = Extract<Remote, { kind: 's3' }>;

/** Attempts per request: the SDK backs off exponentially between them (unreachable target). */
const maxAttempts = 4;

export class S3Bucket {
  readonly client: S3Client;
  readonly name: string;
  readonly bucket: string;
  readonly prefix: string;

  constructor(readonly remote: S3Remote) {
    const { config } = remote;
    this.name = describeRemote(remote);
    this.bucket = config.bucket;
    this.prefix = config.prefix;
    this.client = new S3Client({
      region: config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      endpoint: config.endpoint ?? undefined,
      forcePathStyle: config.path_style,
      maxAttempts,
      // Checksums only where S3 requires them: S3-compatible servers (MinIO, s3rver, Ceph) store
      // the aws-chunked framing of streamed uploads otherwise (TOOLCHAIN item 7). Integrity is
      // ours anyway: every file is listed in the version's `checksums`.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** A key under the remote's prefix. */
  key(relative: string): string {
    return this.prefix ? `${this.prefix}/${relative}` : relative;
  }

  async getText(key: string, signal?: AbortSignal): Promise<string | null> {
    const body = await this.getStream(key, signal);
    if (!body) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The object's bytes, or null when there is no such key. */
  async getStream(key: string, signal?: AbortSignal): Promise<Readable | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
      return response.Body as Readable;
    } catch (error) {
      if (isMissing(error)) return null;
      throw this.explain(error, `reading ${key}`);
    }
  }

  async put(key: string, body: Buffer | string, contentType: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }), { abortSignal: signal });
    } catch (error) {
      throw this.explain(error, `writing ${key}`);
    }
  }

  async exists(key: string, signal?: AbortSignal): Promise<{ size: number } | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw this.explain(error, `checking ${key}`);
    }
  }

  /** Keys one level below `prefix` (S3's common prefixes for the delimiter '/'). */
  async folders(prefix: string, signal?: AbortSignal): Promise<string[]> {
    const folders: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }), { abortSignal: signal });
        for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix.slice(prefix.length).replace(/\/$/, ''));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.explain(error, `listing ${prefix}`);
    }
    return folders;
  }

  /** A failed request as one of core's named errors, naming this remote and never a credential. */
  explain(error: unknown, doing: string): Error {
    if (error instanceof WorkbenchError) return error;
    const problem = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
    if (problem.name === 'AbortError') return new CancelledError(`Cancelled while ${doing} on ${this.name}.`);
    const status = problem.$metadata?.httpStatusCode;
    if (status === 403 || problem.name === 'InvalidAccessKeyId' || problem.name === 'SignatureDoesNotMatch' || problem.name === 'AccessDenied') {
      return new ForbiddenError(
        `S3 remote '${this.remote.name}' (${this.name}) refused the request (403 ${problem.name ?? 'Forbidden'}) while ${doing}: check the credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE or ~/.aws/credentials, and that they may use bucket '${this.bucket}'.`,
        { remote: this.remote.name },
      );
    }
    if (problem.name === 'CredentialsProviderError') {
      return new ForbiddenError(`No AWS credentials for S3 remote '${this.remote.name}' (${this.name}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a ~/.aws/credentials file.`, { remote: this.remote.name });
    }
    if (problem.name === 'NoSuchBucket') return new NotFoundError(`Bucket '${this.bucket}' of remote '${this.remote.name}' does not exist (${this.name}).`, { remote: this.remote.name });
    if (error instanceof S3ServiceException) return new WorkbenchError('INTERNAL_ERROR', `S3 remote '${this.remote.name}' (${this.name}) failed while ${doing}: ${status ?? ''} ${problem.name}: ${problem.message}`.replace(/\s+/g, ' '), { remote: this.remote.name });
    // Connection refused, DNS, TLS: the SDK already retried with backoff.
    return new WorkbenchError('INTERNAL_ERROR', `S3 remote '${this.remote.name}' (${this.name}) is unreachable after ${maxAttempts} attempts while ${doing}: ${problem.code ?? problem.name ?? ''} ${problem.message ?? String(error)}`.replace(/\s+/g, ' ').trim(), { remote: this.remote.name });
  }

  destroy(): void {
    this.client.destroy();
  }
}

export function isMissing(error: unknown): boolean {
  const problem = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return problem.name === 'NoSuchKey' || problem.name === 'NotFound' || problem.$metadata?.httpStatusCode === 404 && problem.name !== 'NoSuchBucket';
}
