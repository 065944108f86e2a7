import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ValidationError } from '../api/errors.js';
import type { WorkerPool } from '../workers/pool.js';

const staleTempMs = 6 * 60 * 60 * 1000;

export interface StoredObject {
  sha256: string;
  size: number;
}

/**
 * Content-addressed bytes under `<workspace>/artifacts/sha256/ab/abcdef…`. Writes go to a temp
 * file, are fsynced, hashed on the worker pool (large uploads must not stall the event loop),
 * then renamed into place, so a crash never leaves a partial object under its final name.
 */
export class ArtifactStore {
  private readonly objects: string;
  private readonly temp: string;

  constructor(
    root: string,
    private readonly pool: WorkerPool,
  ) {
    this.objects = path.join(root, 'sha256');
    this.temp = path.join(root, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.objects, { recursive: true });
    await mkdir(this.temp, { recursive: true });
    // Leftovers of interrupted uploads. Only old ones: another process (the server, a CLI
    // command) may be writing a temp file in this workspace right now.
    const cutoff = Date.now() - staleTempMs;
    for (const name of await readdir(this.temp)) {
      const file = path.join(this.temp, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(file, { recursive: true, force: true });
    }
  }

  objectPath(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ValidationError(`Not a sha256 digest: ${sha256}`);
    return path.join(this.objects, sha256.slice(0, 2), sha256);
  }

  async putStream(source: Readable): Promise<StoredObject> {
    const tempFile = path.join(this.temp, randomBytes(12).toString('hex'));
    try {
      await pipeline(source, createWriteStream(tempFile, { highWaterMark: 1 << 20 }));
      const handle = await open(tempFile, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const stored = await this.pool.run('hashFile', { file: tempFile });
      const finalPath = this.objectPath(stored.sha256);
      await mkdir(path.dirname(finalPath), { recursive: true });
      await rename(tempFile, finalPath); // identical content may already be there: same bytes either way
      await syncDirectory(path.dirname(finalPath));
      return stored;
    } finally {
      await rm(tempFile, { force: true });
    }
  }

  async putBuffer(bytes: Buffer): Promise<StoredObject> {
    const { Readable } = await import('node:stream');
    return this.putStream(Readable.from([bytes]));
  }

  async size(sha256: string): Promise<number> {
    return (await stat(this.objectPath(sha256))).size;
  }

  openRead(sha256: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.objectPath(sha256), { highWaterMark: 1 << 20, ...range });
  }
}

async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
