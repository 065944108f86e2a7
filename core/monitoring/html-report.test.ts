// The HTML report as a user opens it: one self-contained file (nothing fetched), every column in
// the table and with a chart, names escaped, and small even for a million rows per side.
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../datasets/table.js';
import { datasetDrift } from './dataset-drift.js';
import { dataQuality } from './data-quality.js';
import { renderDriftHtml } from './html-report.js';
import { driftReportDocument } from './report-document.js';
import { createRandom } from '../../resources/samples/churn/generate.js';

const hostile = `<img src=x onerror="alert('x')"> & "quotes"`;

function syntheticTable(rows: number, seed: number, shift: number): Table {
  const random = createRandom(seed);
  const numeric = (name: string, scale: number): Column => ({ name, type: 'numeric', values: Float64Array.from({ length: rows }, () => (random() + random() + random()) * scale + shift) });
  const categories = (name: string, count: number, skew: number): Column => {
    const dictionary = Array.from({ length: count }, (_, index) => `${name}-${index}`);
    return { name, type: 'categorical', dictionary, codes: Int32Array.from({ length: rows }, () => Math.floor(random() ** (1 + skew) * count)) };
  };
  return { rowCount: rows, columns: [numeric('spend', 100), numeric('visits', 10), numeric(hostile, 1), categories('plan', 4, shift), categories('customer', 50_000, 0)] };
}

function render(rows: number): string {
  const reference = syntheticTable(rows, 1, 0);
  const current = syntheticTable(rows, 2, 0.3);
  const drift = datasetDrift(reference, current);
  const quality = dataQuality(reference, current);
  const document = driftReportDocument({
    drift,
    quality,
    target: null,
    prediction: null,
    reference: { label: 'reference <v1>', sha256: 'a'.repeat(64), rows },
    current: { label: 'current', sha256: 'b'.repeat(64), rows },
    settings: {},
    durationMs: 1,
    referenceCached: false,
  });
  return renderDriftHtml(document);
}

function parse(html: string) {
  const window = new Window();
  return new window.DOMParser().parseFromString(html, 'text/html');
}

describe('renderDriftHtml', () => {
  it('renders every column in the sortable table and as a chart, with names escaped', () => {
    const html = render(5000);
    const page = parse(html);
    const names = ['spend', 'visits', hostile, 'plan', 'customer'];
    const tableNames = [...page.querySelectorAll('#columns tbody tr')].map((row) => row.getAttribute('data-column'));
    expect(tableNames.sort()).toEqual([...names].sort());
    expect(page.querySelectorAll('section.column svg').length).toBe(names.length);
    expect(page.querySelectorAll('img').length).toBe(0);
    expect([...page.querySelectorAll('section.column h3')].some((heading) => heading.textContent.startsWith(hostile))).toBe(true);
    expect(page.querySelector('title')!.textContent).toBe('Drift report: current against reference <v1>');
    expect(page.querySelectorAll('#quality tbody tr').length).toBeGreaterThan(5);
    expect(page.querySelectorAll('th[data-key="score"]').length).toBe(1);
    expect(html).toContain('prefers-color-scheme:dark');
  });

  it('opens offline: no external scripts, styles, images or fonts', () => {
    const html = render(2000);
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|url\(|@import|https?:\/\//i);
    const page = parse(html);
    expect(page.querySelectorAll('script').length).toBe(1);
    expect(page.querySelectorAll('style').length).toBe(1);
  });

  it('stays under 2 MB for a million rows per side, 50,000 categories included', () => {
    const html = render(1_000_000);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    expect(html).toContain('The 20 most frequent of 50,000 categories.');
  }, 60_000);
});
