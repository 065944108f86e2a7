import type { Readable } from 'node:stream';
import type { ArtifactEntry } from '../api/contract.js';
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { ArtifactStore } from '../workspace/artifact-store.js';
import type { Sqlite } from '../workspace/database.js';

const proxyScheme = 'mlflow-artifacts:';

/**
 * A relative artifact path, normalised. `..`, absolute paths, drive letters and NUL bytes are
 * refused: an artifact name must never reach outside the run's folder.
 */
export function validateArtifactPath(value: string, field = 'path', options: { allowEmpty?: boolean } = {}): string {
  const path = value.replace(/\\/g, '/');
  if (path === '' || path === '.') {
    if (options.allowEmpty) return '';
    throw new ValidationError(`Parameter '${field}' must name a file.`, { field });
  }
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\0')) {
    throw new ValidationError(`Invalid artifact path '${value}': absolute paths are not allowed.`, { field });
  }
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new ValidationError(`Invalid artifact path '${value}': '..' is not allowed.`, { field });
  return parts.join('/');
}

/** The storage prefix of a run whose artifacts this workspace serves (`mlflow-artifacts:/1/<run>/artifacts`). */
export function storagePrefix(artifactUri: string): string | null {
  if (!artifactUri.startsWith(proxyScheme)) return null;
  return validateArtifactPath(artifactUri.slice(proxyScheme.length).replace(/^\/+/, ''), 'artifact_uri', { allowEmpty: true });
}

export function joinPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}

interface FileRow {
  path: string;
  sha256: string;
  size: number;
}

/** Files by path under the artifact root; bytes live once in the content-addressed store. */
export class ArtifactIndex {
  constructor(
    private readonly db: Sqlite,
    private readonly store: ArtifactStore,
  ) {}

  async put(path: string, source: Readable, user: string): Promise<{ sha256: string; size: number }> {
    const stored = await this.store.putStream(source);
    this.db
      .prepare(`INSERT INTO artifact_files (path, sha256, size, created_time, created_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, created_time = excluded.created_time, created_by = excluded.created_by`)
      .run(path, stored.sha256, stored.size, Date.now(), user);
    return stored;
  }

  file(path: string): FileRow {
    const row = this.db.prepare('SELECT path, sha256, size FROM artifact_files WHERE path = ?').get(path) as FileRow | undefined;
    if (!row) throw new NotFoundError(`Artifact '${path}' does not exist.`);
    return row;
  }

  open(path: string, range?: { start: number; end: number }): Readable {
    return this.store.openRead(this.file(path).sha256, range);
  }

  /** Immediate children of a directory, paths relative to `base` (MLflow's FileInfo shape). */
  list(directory: string, base: string): ArtifactEntry[] {
    const prefix = directory === '' ? '' : `${directory}/`;
    const rows = (
      prefix === ''
        ? this.db.prepare('SELECT path, size FROM artifact_files ORDER BY path').all()
        : this.db.prepare('SELECT path, size FROM artifact_files WHERE path > ? AND path < ? ORDER BY path').all(prefix, `${prefix}\uffff`)
    ) as Array<{ path: string; size: number }>;
    const relativeBase = base === '' ? '' : `${base}/`;
    const entries: ArtifactEntry[] = [];
    const seenDirectories = new Set<string>();
    for (const row of rows) {
      const rest = row.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      const childFull = prefix + (slash === -1 ? rest : rest.slice(0, slash));
      const relative = childFull.startsWith(relativeBase) ? childFull.slice(relativeBase.length) : childFull;
      if (slash === -1) entries.push({ path: relative, is_dir: false, file_size: row.size });
      else if (!seenDirectories.has(relative)) {
        seenDirectories.add(relative);
        entries.push({ path: relative, is_dir: true });
      }
    }
    return entries;
  }

  /** Removes a file, or everything under a directory. */
  remove(path: string): void {
    const removed = this.db.transaction(() => {
      const file = this.db.prepare('DELETE FROM artifact_files WHERE path = ?').run(path).changes;
      const folder = this.db.prepare('DELETE FROM artifact_files WHERE path > ? AND path < ?').run(`${path}/`, `${path}/\uffff`).changes;
      return file + folder;
    })();
    if (removed === 0) throw new NotFoundError(`Artifact '${path}' does not exist.`);
  }
}
