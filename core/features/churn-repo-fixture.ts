// The churn sample as the sample project lays it out, for the feature store's end-to-end tests:
// `<root>/churn/churn-reference.csv` with the sample repo copied to `<root>/churn/feature_repo/`,
// so the repo's `path: ../churn-reference.csv` resolves as it does for users.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { churnRowsToCsv, generateChurnRows, type ChurnRow } from '../../resources/samples/churn/generate.js';
import { repositoryRoot } from '../testing/core-process.js';

export interface ChurnRepoFixture {
  root: string;
  repoDir: string;
  rows: ChurnRow[];
  /** Writes an entity table CSV next to the data and returns its path. */
  entityFile(name: string, rows: readonly { customer_id: string; event_timestamp: string; label?: number }[]): string;
}

export function churnRepoFixture(rowCount = 200): ChurnRepoFixture {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mlwb-features-'));
  const sampleDir = path.join(root, 'churn');
  mkdirSync(sampleDir);
  const rows = generateChurnRows({ rows: rowCount, seed: 7 });
  writeFileSync(path.join(sampleDir, 'churn-reference.csv'), churnRowsToCsv(rows));
  const repoDir = path.join(sampleDir, 'feature_repo');
  cpSync(path.join(repositoryRoot, 'resources/samples/churn/feature_repo'), repoDir, { recursive: true });
  return {
    root,
    repoDir,
    rows,
    entityFile(name, entityRows) {
      const file = path.join(root, name);
      writeFileSync(file, ['customer_id,event_timestamp,label', ...entityRows.map((row) => `${row.customer_id},${row.event_timestamp},${row.label ?? 0}`)].join('\n') + '\n');
      return file;
    },
  };
}

/** ISO time `seconds` after (or before, when negative) `iso`, second precision. */
export function shiftIso(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z');
}
