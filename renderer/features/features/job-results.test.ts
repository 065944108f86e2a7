import { describe, expect, it } from 'vitest';
import { formatUtc, localInputFromEpoch, materializeOutcome, materializeTotals, sampleRepoPath, trainingSetOutcome, utcFromLocalInput } from './job-results';

describe('the materialize window', () => {
  it('reads a datetime-local value as UTC, whatever the browser zone', () => {
    expect(utcFromLocalInput('2024-06-01T12:30')).toBe('2024-06-01T12:30:00Z');
    expect(utcFromLocalInput('2024-06-01T12:30:15')).toBe('2024-06-01T12:30:15Z');
    expect(utcFromLocalInput('')).toBeNull();
    expect(utcFromLocalInput('2024-13-45T99:00')).toBeNull();
  });

  it('prefills from epoch milliseconds in UTC and prints times with the zone named', () => {
    expect(localInputFromEpoch(Date.UTC(2024, 5, 30, 23, 5))).toBe('2024-06-30T23:05');
    expect(formatUtc(Date.UTC(2024, 5, 30, 23, 5, 9))).toBe('2024-06-30 23:05:09 UTC');
    expect(formatUtc('2024-06-01T00:00:00Z')).toBe('2024-06-01 00:00:00 UTC');
  });
});

describe('job results', () => {
  it('reads the saved dataset of a historical retrieval, for the link to it', () => {
    const outcome = trainingSetOutcome({
      repo_version: 2,
      row_count: 3,
      columns: [{ name: 'customer_id', type: 'string' }, { name: 'total_spend', type: 'float' }],
      preview: [['C1', 1.5]],
      lineage: {},
      dataset: { version: { name: 'churn_training', version: 4 }, created: true },
    });
    expect(outcome).toEqual({ rowCount: 3, columns: ['customer_id', 'total_spend'], preview: [['C1', 1.5]], repoVersion: 2, dataset: { name: 'churn_training', version: 4, created: true } });
    expect(trainingSetOutcome({ row_count: 0, columns: [], preview: [], dataset: null })?.dataset).toBeNull();
    expect(trainingSetOutcome(null)).toBeNull();
  });

  it('adds up a materialization over its views', () => {
    const views = materializeOutcome({
      repo_version: 1,
      views: [
        { feature_view: 'a', start: 0, end: 1, rows_scanned: 10, keys_written: 4, keys_skipped_older: 1 },
        { feature_view: 'b', start: 0, end: 1, rows_scanned: 5, keys_written: 5, keys_skipped_older: 0 },
      ],
    })!;
    expect(views.map((view) => view.feature_view)).toEqual(['a', 'b']);
    expect(materializeTotals(views)).toEqual({ scanned: 15, written: 9, skipped: 1 });
  });
});

describe('sampleRepoPath', () => {
  it('suggests the churn repo under the workspace with its own separator', () => {
    expect(sampleRepoPath('/home/ada/.local/share/ml-workbench')).toBe('/home/ada/.local/share/ml-workbench/samples/churn/feature_repo');
    expect(sampleRepoPath('/tmp/ws/')).toBe('/tmp/ws/samples/churn/feature_repo');
    expect(sampleRepoPath('C:\\Users\\ada\\wb')).toBe('C:\\Users\\ada\\wb\\samples\\churn\\feature_repo');
  });
});
