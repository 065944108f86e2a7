import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from './pool.js';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

describe('WorkerPool', () => {
  it('hashes files on worker threads, several at once, while the event loop stays free', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-pool-'));
    const files = Array.from({ length: 4 }, (_, index) => {
      const bytes = randomBytes(4 * 1024 * 1024 + index);
      const file = path.join(folder, `blob-${index}`);
      writeFileSync(file, bytes);
      return { file, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
    });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const results = await Promise.all(files.map((entry) => pool.run('hashFile', { file: entry.file })));
    clearInterval(ticker);
    expect(results).toEqual(files.map(({ sha256, size }) => ({ sha256, size })));
    expect(pool.threadCount).toBe(2);
    expect(ticks).toBeGreaterThan(0);
  });

  it('reports a failing task as a rejected promise and keeps working', async () => {
    await expect(pool.run('hashFile', { file: '/definitely/not/here' })).rejects.toThrow(/ENOENT/);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-pool-'));
    writeFileSync(path.join(folder, 'x'), 'abc');
    expect(await pool.run('hashFile', { file: path.join(folder, 'x') })).toEqual({ sha256: createHash('sha256').update('abc').digest('hex'), size: 3 });
  });
});
