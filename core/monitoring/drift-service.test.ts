// A full report on the churn sample as a user makes it: two imported dataset versions (the
// generator's drift knob at 0 and 0.5), columns on the worker pool, the reference profile cached,
// and CSV files compared straight from disk.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnRowsToCsv, generateChurnRows } from '../../resources/samples/churn/generate.js';
import { DatasetService } from '../datasets/dataset-service.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { runDriftReport } from './drift-service.js';
import { ReferenceProfileCache } from './profile-cache.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'drift-service-'));
const referenceCsv = path.join(directory, 'reference.csv');
const driftedCsv = path.join(directory, 'drifted.csv');
let workspace: Workspace;

beforeAll(async () => {
  workspace = await openWorkspace(path.join(directory, 'workspace'), { user: 'tester', poolSize: 2 });
  writeFileSync(referenceCsv, churnRowsToCsv(generateChurnRows({ rows: 5000, seed: 11, drift: 0 })));
  writeFileSync(driftedCsv, churnRowsToCsv(generateChurnRows({ rows: 5000, seed: 12, drift: 0.5 })));
  const datasets = new DatasetService(workspace);
  const csv = (rows: number, seed: number, drift: number) => Readable.from([churnRowsToCsv(generateChurnRows({ rows, seed, drift }))]);
  await datasets.import({ source: csv(5000, 11, 0), fileName: 'churn.csv', name: 'churn', user: 'tester' });
  await datasets.import({ source: csv(5000, 13, 0), fileName: 'churn.csv', name: 'churn', user: 'tester' });
  await datasets.import({ source: csv(5000, 12, 0.5), fileName: 'churn_drifted.csv', name: 'churn_drifted', user: 'tester' });
}, 60_000);
afterAll(async () => {
  await workspace?.close();
  rmSync(directory, { recursive: true, force: true });
});

// At drift 0.5 the generator moves spend, activity and recency strongly; the segment mix moves
// less (Jensen-Shannon 0.086 against the 0.1 threshold) and regions not at all.
const driftedFeatures = ['total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase'];

describe('runDriftReport', () => {
  it('flags the columns the generator drifts, not region, with target drift and data quality', async () => {
    const report = await runDriftReport({ reference: { dataset: 'churn', version: 1 }, current: { dataset: 'churn_drifted' }, target: 'target' }, workspace, { cache: new ReferenceProfileCache() });
    const drifted = report.drift.columns.filter((column) => column.drifted).map((column) => column.column);
    expect(drifted).toEqual(expect.arrayContaining(driftedFeatures));
    expect(drifted).not.toContain('region');
    expect(drifted).not.toContain('customer_id');
    const score = (name: string) => report.drift.columns.find((column) => column.column === name)!.score;
    expect(score('customer_segment')).toBeGreaterThan(4 * score('region'));
    expect(report.drift.columns.map((column) => column.column)).toEqual(['customer_id', 'total_spend', 'transaction_count', 'avg_transaction_amount', 'days_since_last_purchase', 'customer_segment', 'region', 'target']);
    expect(report.drift.skipped.map((entry) => entry.column)).toEqual(['event_timestamp', 'registration_date']);
    expect(report.target).toMatchObject({ type: 'cat', outcome: { column: 'target', type: 'cat' } });
    const { workbench, metrics, tests } = report.document;
    expect(workbench.summary).toMatchObject({ dataset_drift: true, number_of_columns: 8, target_drift: expect.any(Boolean), quality_failed: expect.any(Number) });
    expect(workbench.reference).toMatchObject({ label: 'churn:v1', rows: 5000 });
    expect(workbench.current).toMatchObject({ label: 'churn_drifted:v1', rows: 5000 });
    expect(metrics.map((metric) => metric.metric)).toEqual(['DatasetDriftMetric', 'DataDriftTable', 'ColumnDriftMetric']);
    expect(tests.find((test) => test.id === 'out_of_range' && test.column === 'days_since_last_purchase')?.status).toBe('FAIL');
    expect(tests.find((test) => test.id === 'new_categories' && test.column === 'region')?.status).toBe('SUCCESS');
  });

  it('does not flag two samples of the same population, and reuses the cached reference profile', async () => {
    const cache = new ReferenceProfileCache();
    const first = await runDriftReport({ reference: { dataset: 'churn', version: 1 }, current: { dataset: 'churn', version: 2 } }, workspace, { cache });
    const second = await runDriftReport({ reference: { dataset: 'churn', version: 1 }, current: { dataset: 'churn', version: 2 } }, workspace, { cache });
    expect(first.drift.datasetDrift).toBe(false);
    expect(first.drift.columns.filter((column) => column.drifted).map((column) => column.column)).toEqual([]);
    expect([first.document.workbench.reference_profile_cached, second.document.workbench.reference_profile_cached]).toEqual([false, true]);
    expect(second.drift).toEqual(first.drift);
  });

  it('applies per-column, per-type and global overrides and drift_share', async () => {
    const report = await runDriftReport(
      {
        reference: { dataset: 'churn', version: 1 },
        current: { dataset: 'churn_drifted' },
        columns: ['total_spend', 'region', 'customer_segment'],
        settings: { perColumn: { total_spend: { test: 'ks', threshold: 0.01 } }, perType: { cat: { test: 'psi' } }, driftShare: 0.9 },
      },
      workspace,
      { cache: new ReferenceProfileCache() },
    );
    expect(report.drift.columns.map((column) => [column.column, column.test, column.threshold])).toEqual([
      ['total_spend', 'ks', 0.01],
      ['customer_segment', 'psi', 0.1],
      ['region', 'psi', 0.1],
    ]);
    expect(report.drift.columns.map((column) => column.drifted)).toEqual([true, false, false]);
    expect(report.drift).toMatchObject({ driftShare: 0.9, numberOfDriftedColumns: 1, datasetDrift: false });
  });

  it('compares CSV files streamed through the importer, equal to the imported versions', async () => {
    const fromFiles = await runDriftReport({ reference: { file: referenceCsv }, current: { file: driftedCsv } }, workspace, { cache: new ReferenceProfileCache() });
    const fromDatasets = await runDriftReport({ reference: { dataset: 'churn', version: 1 }, current: { dataset: 'churn_drifted' } }, workspace, { cache: new ReferenceProfileCache() });
    expect(fromFiles.drift.columns).toEqual(fromDatasets.drift.columns);
    expect(fromFiles.document.workbench.reference).toMatchObject({ label: 'reference.csv', sha256: fromDatasets.document.workbench.reference.sha256 });
  });

  it('names what is wrong: unknown target column, missing file, unknown dataset', async () => {
    await expect(runDriftReport({ reference: { dataset: 'churn' }, current: { dataset: 'churn_drifted' }, target: 'label' }, workspace)).rejects.toThrow("The target column 'label' is not in the reference data (churn:v2).");
    await expect(runDriftReport({ reference: { file: path.join(directory, 'nope.csv') }, current: { dataset: 'churn' } }, workspace)).rejects.toThrow('The reference file does not exist');
    await expect(runDriftReport({ reference: { dataset: 'nothing' }, current: { dataset: 'churn' } }, workspace)).rejects.toThrow("No dataset named 'nothing'");
  });
});
