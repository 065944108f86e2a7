// The headline figure: a full data-drift + quality report (runDriftReport, as the API and
// `mlwb drift` run it: columns across a 2-thread worker pool, quality on the pool) on two stored
// dataset versions of 50 numeric + 10 categorical columns, with peak memory sampled meanwhile.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatasetColumnSchema } from '../../core/api/contract.js';
import { columnStats } from '../../core/datasets/column-stats.js';
import { writeColumnarFile } from '../../core/datasets/columnar-file.js';
import { DatasetStore } from '../../core/datasets/dataset-store.js';
import type { Table } from '../../core/datasets/table.js';
import { runDriftReport, type DriftReport } from '../../core/monitoring/drift-service.js';
import { ReferenceProfileCache } from '../../core/monitoring/profile-cache.js';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace.js';

/** Registers `table` as a dataset version straight from its columnar form (no CSV parse to time). */
export async function storeTable(workspace: Workspace, table: Table, name: string): Promise<void> {
  const file = path.join(workspace.paths.artifacts, 'tmp', `${name}.mlwbcol`);
  await writeColumnarFile(table, file);
  const stored = await workspace.artifacts.putStream(createReadStream(file));
  rmSync(file, { force: true });
  const schema: DatasetColumnSchema[] = table.columns.map((column) => ({ name: column.name, type: column.type, inferred_type: column.type, overridden: false, source_type: 'string' }));
  new DatasetStore(workspace.db).register({
    name,
    sourceSha256: stored.sha256,
    sourceSize: stored.size,
    sourcePath: `${name}.mlwbcol`,
    sourceFormat: 'csv',
    columnarSha256: stored.sha256,
    columnarSize: stored.size,
    rowCount: table.rowCount,
    typeOverrides: {},
    schema,
    stats: table.columns.map(columnStats),
    warnings: [],
    user: 'bench',
  });
}

export interface FullReportTiming {
  seconds: number;
  cachedSeconds: number;
  peakRssBytes: number;
  report: DriftReport;
}

/**
 * Stores both tables in a fresh workspace, frees nothing the caller still holds, and times one
 * cold report (reference profiled inside) and one with the reference profile cached.
 */
export async function timeFullReport(reference: Table, current: Table, poolSize: number): Promise<FullReportTiming> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bench-drift-full-'));
  const workspace = await openWorkspace(path.join(directory, 'workspace'), { user: 'bench', poolSize });
  try {
    await storeTable(workspace, reference, 'reference');
    await storeTable(workspace, current, 'current');
    const cache = new ReferenceProfileCache();
    // Start every pool thread (module load), as a running core has them.
    const warm = path.join(directory, 'workspace', 'workbench.db');
    await Promise.all(Array.from({ length: poolSize }, () => workspace.pool.run('hashFile', { file: warm })));
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      let start = performance.now();
      const report = await runDriftReport({ reference: { dataset: 'reference' }, current: { dataset: 'current' } }, workspace, { cache });
      const seconds = (performance.now() - start) / 1000;
      start = performance.now();
      await runDriftReport({ reference: { dataset: 'reference' }, current: { dataset: 'current' } }, workspace, { cache });
      const cachedSeconds = (performance.now() - start) / 1000;
      return { seconds, cachedSeconds, peakRssBytes: peak, report };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await workspace.close();
    rmSync(directory, { recursive: true, force: true });
  }
}
