// Resumable uploads of model files to a team registry. Chunks are appended to
// `<workspace>/team-uploads/<sha256>.part` only at the offset the server already holds, each
// fsynced before it is acknowledged, with the TOTAL first announced kept beside it in
// `<sha256>.json`; so an interrupted push resumes from `received`. When the last byte lands the
// file is hashed (on the worker pool) and a different digest discards it.
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { ConflictError, ValidationError, WorkbenchError } from '../api/errors.js';
import { teamChunkLimit, type TeamUploadResponse } from '../api/team-contract.js';
import type { Workspace } from '../workspace/workspace.js';

interface StagedInfo {
  total: number;
  /** Set once the bytes were hashed and matched the name. */
  complete: boolean;
}

const shaPattern = /^[0-9a-f]{64}$/;

export function parseSha256(value: string): string {
  if (!shaPattern.test(value)) throw new ValidationError(`'${value}' is not a sha256 digest (64 lowercase hex characters).`, { field: 'sha256' });
  return value;
}

/** `bytes START-END/TOTAL`, END inclusive. */
export function parseContentRange(header: string | undefined): { start: number; end: number; total: number } {
  const match = header === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (!match) throw new ValidationError(`Missing or invalid Content-Range header: expected 'bytes START-END/TOTAL', got ${header === undefined ? 'none' : `'${header}'`}.`, { header: 'Content-Range' });
  const [start, end, total] = match.slice(1).map(Number);
  if (end < start || end >= total) throw new ValidationError(`Invalid Content-Range header '${header}': START ≤ END < TOTAL is required.`, { header: 'Content-Range' });
  return { start, end, total };
}

export class TeamUploads {
  readonly folder: string;
  /** One chunk at a time per digest: appends to the same file never interleave. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly workspace: Workspace) {
    this.folder = path.join(workspace.paths.root, 'team-uploads');
  }

  partFile(sha256: string): string {
    return path.join(this.folder, `${parseSha256(sha256)}.part`);
  }

  private infoFile(sha256: string): string {
    return path.join(this.folder, `${sha256}.json`);
  }

  private async info(sha256: string): Promise<StagedInfo | undefined> {
    try {
      return JSON.parse(await readFile(this.infoFile(sha256), 'utf8')) as StagedInfo;
    } catch {
      return undefined;
    }
  }

  private async writeInfo(sha256: string, info: StagedInfo): Promise<void> {
    const temp = `${this.infoFile(sha256)}.tmp`;
    await writeFile(temp, JSON.stringify(info));
    await rename(temp, this.infoFile(sha256));
  }

  private storedSize(sha256: string): Promise<number | undefined> {
    return stat(this.workspace.artifacts.objectPath(sha256)).then(
      (info) => info.size,
      () => undefined,
    );
  }

  async status(sha256: string): Promise<TeamUploadResponse> {
    parseSha256(sha256);
    const stored = await this.storedSize(sha256);
    if (stored !== undefined) return { sha256, received: stored, size: stored, complete: true };
    const info = await this.info(sha256);
    if (!info) return { sha256, received: 0, size: null, complete: false };
    const received = await stat(this.partFile(sha256)).then((part) => part.size, () => 0);
    return { sha256, received, size: info.total, complete: info.complete && received === info.total };
  }

  /** The staged file of a complete, verified upload, or undefined. */
  async completeFile(sha256: string): Promise<string | undefined> {
    const info = await this.info(sha256);
    return info?.complete && existsSync(this.partFile(sha256)) ? this.partFile(sha256) : undefined;
  }

  /**
   * Removes the staged bytes of uploads nobody has added to for `maxAgeMs` (a push abandoned for
   * good), so the folder does not grow forever; returns the digests dropped.
   */
  async forgetStale(maxAgeMs: number, now = Date.now()): Promise<string[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const dropped: string[] = [];
    for (const name of names) {
      const match = /^([0-9a-f]{64})\.part$/.exec(name);
      if (!match) continue;
      const modified = await stat(path.join(this.folder, name)).then((info) => info.mtimeMs, () => now);
      if (now - modified < maxAgeMs) continue;
      await this.discard(match[1]);
      dropped.push(match[1]);
    }
    return dropped;
  }

  async discard(sha256: string): Promise<void> {
    await rm(this.partFile(sha256), { force: true });
    await rm(this.infoFile(sha256), { force: true });
  }

  /** Appends one chunk (the request body) at `Content-Range`'s START. */
  putChunk(sha256: string, request: IncomingMessage): Promise<TeamUploadResponse> {
    parseSha256(sha256);
    const tooLarge = Number(request.headers['content-length'] ?? 0) > teamChunkLimit;
    const range = tooLarge ? undefined : parseContentRange(request.headers['content-range']);
    const length = range ? range.end - range.start + 1 : 0;
    if (!range || length > teamChunkLimit) {
      throw new WorkbenchError('REQUEST_TOO_LARGE', `A chunk may hold at most ${teamChunkLimit} bytes; send the file in smaller Content-Range pieces.`, { limit: teamChunkLimit });
    }
    const previous = this.locks.get(sha256) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.append(sha256, range, length, request));
    this.locks.set(sha256, next);
    void next.finally(() => {
      if (this.locks.get(sha256) === next) this.locks.delete(sha256);
    }).catch(() => undefined);
    return next;
  }

  private async append(sha256: string, range: { start: number; total: number }, length: number, request: IncomingMessage): Promise<TeamUploadResponse> {
    const current = await this.status(sha256);
    if (current.complete) return current;
    if (current.size !== null && current.size !== range.total) {
      throw new ValidationError(`Content-Range TOTAL ${range.total} differs from the ${current.size} bytes first announced for ${sha256}.`, { header: 'Content-Range', size: current.size });
    }
    if (range.start !== current.received) {
      throw new ConflictError(`This upload holds ${current.received} bytes of ${sha256}; the next chunk must start there, not at ${range.start}.`, { received: current.received }, 'RESOURCE_CONFLICT');
    }
    await mkdir(this.folder, { recursive: true });
    if (current.size === null) await this.writeInfo(sha256, { total: range.total, complete: false });
    const file = this.partFile(sha256);
    const handle = await open(file, 'a');
    let written = 0;
    try {
      for await (const chunk of request) {
        written += (chunk as Buffer).length;
        if (written > length) throw new ValidationError(`The body holds more bytes than Content-Range announces (${length}).`, { header: 'Content-Range' });
        await handle.write(chunk as Buffer);
      }
      if (written !== length) throw new ValidationError(`The body holds ${written} bytes but Content-Range announces ${length}.`, { header: 'Content-Range' });
      await handle.sync();
    } catch (error) {
      // A cut or malformed chunk leaves nothing behind: the file ends where it did before.
      await handle.truncate(range.start).catch(() => undefined);
      throw error;
    } finally {
      await handle.close();
    }
    const received = range.start + length;
    if (received < range.total) return { sha256, received, size: range.total, complete: false };
    const hashed = await this.workspace.pool.run('hashFile', { file });
    if (hashed.sha256 !== sha256) {
      await this.discard(sha256);
      throw new ValidationError(`The uploaded bytes have sha256 ${hashed.sha256}, not ${sha256}; the upload was discarded.`, { sha256: hashed.sha256, expected: sha256 });
    }
    await this.writeInfo(sha256, { total: range.total, complete: true });
    return { sha256, received, size: range.total, complete: true };
  }
}
