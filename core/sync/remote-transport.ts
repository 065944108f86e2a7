// What pull and remote listing read from a remote, whatever kind it is: a model's index, the list
// of models, and one file of a version folder. An S3 bucket answers from its objects (layout.ts),
// a team registry over its HTTP API (team-client.ts); both hand back the same index document, so
// every check of a pull is the same for both.
import type { Readable } from 'node:stream';
import { emptyIndex, indexKey, modelsFolder, parseIndex, versionKey, type ModelIndex } from './layout.js';
import type { Remote } from './remote-store.js';
import { S3Bucket } from './s3-bucket.js';
import { TeamClient } from './team-client.js';

export interface RemoteModel {
  name: string;
  versions: ModelIndex['versions'];
  aliases: Record<string, number>;
}

export interface RemoteTransport {
  readonly remote: Remote;
  /** Where a model's versions are: the prefix of every version's provenance source. */
  modelLocation(name: string): string;
  /** Where one version is: its provenance source and the prefix of its files in messages. */
  versionLocation(name: string, version: number): string;
  /** The model's index; an empty one for a model the remote does not hold. */
  readIndex(name: string, signal?: AbortSignal): Promise<ModelIndex>;
  /** Every model with at least one version, names sorted, versions ascending. */
  listModels(signal?: AbortSignal): Promise<RemoteModel[]>;
  /** One file of a version folder, or null when the remote has no such file. */
  openFile(name: string, version: number, file: string, signal?: AbortSignal): Promise<Readable | null>;
  close(): void;
}

const listConcurrency = 16;

/** The transport for a remote, picked by its kind. */
export function openTransport(remote: Remote): RemoteTransport {
  return remote.kind === 'team' ? new TeamTransport(remote) : new S3Transport(remote);
}

export async function readText(stream: Readable | null): Promise<string | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

class S3Transport implements RemoteTransport {
  readonly bucket: S3Bucket;

  constructor(readonly remote: Extract<Remote, { kind: 's3' }>) {
    this.bucket = new S3Bucket(remote);
  }

  modelLocation(name: string): string {
    return `s3://${this.bucket.bucket}/${this.bucket.key(`models/${name}`)}`;
  }

  versionLocation(name: string, version: number): string {
    return `${this.modelLocation(name)}/versions/${version}`;
  }

  readIndex(name: string, signal?: AbortSignal): Promise<ModelIndex> {
    return readBucketIndex(this.bucket, name, signal);
  }

  async listModels(signal?: AbortSignal): Promise<RemoteModel[]> {
    const names = (await this.bucket.folders(this.bucket.key(modelsFolder()), signal)).sort();
    const models: RemoteModel[] = [];
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const index = await this.readIndex(name, signal);
        // A model folder without an index has no finished version yet.
        if (index.versions.length > 0) models.push({ name, versions: index.versions, aliases: index.aliases });
      }
    };
    await Promise.all(Array.from({ length: Math.min(listConcurrency, Math.max(1, names.length)) }, worker));
    return sortModels(models);
  }

  openFile(name: string, version: number, file: string, signal?: AbortSignal): Promise<Readable | null> {
    return this.bucket.getStream(this.bucket.key(versionKey(name, version, file)), signal);
  }

  close(): void {
    this.bucket.destroy();
  }
}

class TeamTransport implements RemoteTransport {
  readonly client: TeamClient;

  constructor(readonly remote: Extract<Remote, { kind: 'team' }>) {
    this.client = TeamClient.forRemote(remote);
  }

  modelLocation(name: string): string {
    return this.client.modelLocation(name);
  }

  versionLocation(name: string, version: number): string {
    return this.client.versionLocation(name, version);
  }

  readIndex(name: string, signal?: AbortSignal): Promise<ModelIndex> {
    return this.client.index(name, signal);
  }

  async listModels(signal?: AbortSignal): Promise<RemoteModel[]> {
    const { models } = await this.client.models(signal);
    return sortModels(models.filter((model) => model.versions.length > 0).map((model) => ({ name: model.name, versions: model.versions, aliases: model.aliases ?? {} })));
  }

  openFile(name: string, version: number, file: string, signal?: AbortSignal): Promise<Readable | null> {
    return this.client.file(name, version, file, signal);
  }

  close(): void {}
}

/** A bucket's index.json for `name`, or an empty index when there is none. */
export async function readBucketIndex(bucket: S3Bucket, name: string, signal?: AbortSignal): Promise<ModelIndex> {
  const key = bucket.key(indexKey(name));
  const text = await bucket.getText(key, signal);
  return text === null ? emptyIndex(name) : parseIndex(text, `s3://${bucket.bucket}/${key}`);
}

function sortModels(models: RemoteModel[]): RemoteModel[] {
  return models
    .map((model) => ({ ...model, versions: [...model.versions].sort((left, right) => left.version - right.version) }))
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}
