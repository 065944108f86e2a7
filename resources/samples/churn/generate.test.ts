import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { churnColumns, churnRowsToCsv, customerSegments, generateChurnRows, regions, type ChurnRow } from './generate.js';

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const column = <K extends keyof ChurnRow>(rows: ChurnRow[], key: K) => rows.map((row) => row[key]);

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs. */
function ksStatistic(first: number[], second: number[]): number {
  const a = [...first].sort((x, y) => x - y);
  const b = [...second].sort((x, y) => x - y);
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    largest = Math.max(largest, Math.abs(i / a.length - j / b.length));
  }
  return largest;
}

/** Area under the ROC curve of a score against 0/1 labels (rank-sum form, ties averaged). */
function auc(scores: number[], labels: number[]): number {
  const order = scores.map((_, index) => index).sort((x, y) => scores[x] - scores[y]);
  const ranks = new Array<number>(scores.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    for (let k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  const positives = labels.filter((label) => label === 1).length;
  const positiveRanks = labels.reduce((sum, label, index) => sum + (label === 1 ? ranks[index] : 0), 0);
  return (positiveRanks - (positives * (positives + 1)) / 2) / (positives * (labels.length - positives));
}

describe('generateChurnRows', () => {
  it('is reproducible: the same seed gives the same rows', () => {
    expect(generateChurnRows({ rows: 500, seed: 7, drift: 0.4 })).toEqual(generateChurnRows({ rows: 500, seed: 7, drift: 0.4 }));
  });

  it('gives different data for a different seed', () => {
    const first = generateChurnRows({ rows: 200, seed: 1 });
    const second = generateChurnRows({ rows: 200, seed: 2 });
    expect(column(first, 'total_spend')).not.toEqual(column(second, 'total_spend'));
    // Ids are positional, so the same customers exist in both: useful for joins across versions.
    expect(column(first, 'customer_id')).toEqual(column(second, 'customer_id'));
  });

  it('writes well-formed, mutually consistent values in every row', () => {
    const rows = generateChurnRows({ rows: 5_000, seed: 3, drift: 1 });
    expect(rows).toHaveLength(5_000);
    expect(rows[0].customer_id).toBe('C000001');
    expect(rows[4_999].customer_id).toBe('C005000');
    for (const row of rows) {
      expect(row.event_timestamp).toMatch(/^2024-0[4-6]-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(row.registration_date).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(Date.parse(`${row.registration_date}T00:00:00Z`)).toBeLessThan(Date.parse(row.event_timestamp));
      expect(Number.isInteger(row.transaction_count) && row.transaction_count >= 1).toBe(true);
      expect(row.total_spend).toBeGreaterThan(0);
      expect(Math.round(row.total_spend * 100)).toBeCloseTo(row.total_spend * 100, 6);
      expect(Math.abs(row.avg_transaction_amount - row.total_spend / row.transaction_count)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Number.isInteger(row.days_since_last_purchase) && row.days_since_last_purchase >= 0).toBe(true);
      const tenureDays = (Date.parse(row.event_timestamp) - Date.parse(`${row.registration_date}T00:00:00Z`)) / 86_400_000;
      expect(row.days_since_last_purchase).toBeLessThanOrEqual(Math.ceil(tenureDays));
      expect(customerSegments).toContain(row.customer_segment);
      expect(regions).toContain(row.region);
      expect([0, 1]).toContain(row.target);
    }
    expect(new Set(column(rows, 'customer_segment')).size).toBe(customerSegments.length);
    expect(new Set(column(rows, 'region')).size).toBe(regions.length);
  });

  it('churns 15–25 % of customers in the reference population', () => {
    for (const seed of [1, 2, 3]) {
      const rate = mean(column(generateChurnRows({ rows: 10_000, seed }), 'target'));
      expect(rate).toBeGreaterThan(0.15);
      expect(rate).toBeLessThan(0.25);
    }
  });

  it('makes churn learnable from recency, activity and segment', () => {
    const rows = generateChurnRows({ rows: 10_000, seed: 11 });
    const labels = column(rows, 'target');
    expect(auc(column(rows, 'days_since_last_purchase'), labels)).toBeGreaterThan(0.65);
    expect(auc(column(rows, 'transaction_count').map((count) => -count), labels)).toBeGreaterThan(0.65);
    const churnBySegment = (segment: string) => mean(rows.filter((row) => row.customer_segment === segment).map((row) => row.target));
    expect(churnBySegment('new')).toBeGreaterThan(churnBySegment('loyal'));
  });

  it('drifts: spend falls, recency and churn rise with the knob', () => {
    const reference = generateChurnRows({ rows: 10_000, seed: 5 });
    const drifted = generateChurnRows({ rows: 10_000, seed: 6, drift: 0.5 });
    expect(mean(column(drifted, 'days_since_last_purchase'))).toBeGreaterThan(1.3 * mean(column(reference, 'days_since_last_purchase')));
    expect(mean(column(drifted, 'total_spend'))).toBeLessThan(0.75 * mean(column(reference, 'total_spend')));
    expect(mean(column(drifted, 'target'))).toBeGreaterThan(mean(column(reference, 'target')));
    const newShare = (rows: ChurnRow[]) => rows.filter((row) => row.customer_segment === 'new').length / rows.length;
    expect(newShare(drifted)).toBeGreaterThan(newShare(reference) + 0.05);
  });

  it('shifts far enough for a KS test to flag drift at 0.3, and not at 0', () => {
    const rows = 5_000;
    // KS critical value at α = 0.05 for two samples of this size.
    const critical = 1.358 * Math.sqrt((2 * rows) / (rows * rows));
    const reference = generateChurnRows({ rows, seed: 100 });
    const sameDistribution = generateChurnRows({ rows, seed: 200 });
    const drifted = generateChurnRows({ rows, seed: 200, drift: 0.3 });
    for (const feature of ['days_since_last_purchase', 'total_spend'] as const) {
      expect(ksStatistic(column(reference, feature), column(sameDistribution, feature))).toBeLessThan(critical);
      expect(ksStatistic(column(reference, feature), column(drifted, feature))).toBeGreaterThan(critical);
    }
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateChurnRows({ rows: -1 })).toThrow(RangeError);
    expect(() => generateChurnRows({ rows: 1.5 })).toThrow(RangeError);
    expect(() => generateChurnRows({ rows: 10, seed: 0.5 })).toThrow(RangeError);
    expect(() => generateChurnRows({ rows: 10, drift: 1.2 })).toThrow(RangeError);
    expect(() => generateChurnRows({ rows: 10, drift: Number.NaN })).toThrow(RangeError);
  });
});

describe('churnRowsToCsv', () => {
  it('writes a header and one line per row in column order', () => {
    const rows = generateChurnRows({ rows: 3, seed: 9 });
    const lines = churnRowsToCsv(rows).trimEnd().split('\n');
    expect(lines[0]).toBe(churnColumns.join(','));
    expect(lines).toHaveLength(4);
    const first = lines[1].split(',');
    expect(first).toHaveLength(churnColumns.length);
    expect(first[0]).toBe('C000001');
    expect(Number(first[churnColumns.indexOf('total_spend')])).toBe(rows[0].total_spend);
  });
});

describe('command line', () => {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'generate.ts');
  const run = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('writes the CSV file asked for, identical to the library output', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'mlwb-churn-'));
    try {
      const out = path.join(directory, 'churn.csv');
      run(['--rows', '50', '--seed', '4', '--drift', '0.3', '--out', out]);
      expect(readFileSync(out, 'utf8')).toBe(churnRowsToCsv(generateChurnRows({ rows: 50, seed: 4, drift: 0.3 })));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('exits with status 2 and says what is wrong on bad input', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      run(['--rows', 'many']);
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toMatch(/--rows expects a number, got "many"/);
  });
});
