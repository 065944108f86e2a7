// Data validation: a 25-expectation Great-Expectations-style suite over 1,000,000 churn rows, against the same checks written in pandas, in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Table } from '../../core/datasets/table.js';
import type { ExpectationSuite, JsonObject } from '../../core/validation/model.js';
import { validateTable } from '../../core/validation/validate.js';
import { parseQuickOption } from '../support/options.js';
import { createReport, type Report } from '../support/report.js';
import { median } from '../support/stats.js';
import { churnSuite, churnTable } from './suite.js';

const usage = `Usage: npm run bench -- validation [--quick]
  --quick   100,000 rows instead of 1,000,000: a smoke run`;
const python = '/usr/bin/python3';
const repeats = 3;

function parseOptions(): { quick: boolean } {
  return parseQuickOption('validation', usage);
}

interface PandasRun {
  seconds: number;
  figures: JsonObject[];
  version: string;
}

function runPandas(table: Table, suite: ExpectationSuite, report: Report): PandasRun | string {
  if (!existsSync(python)) return `${python} is not installed`;
  if (spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' }).status !== 0) return 'python3-pandas is not installed';
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlwb-bench-validation-'));
  try {
    for (const column of table.columns) {
      if ('values' in column) writeFileSync(path.join(folder, `${column.name}.f64`), Buffer.from(column.values.buffer, column.values.byteOffset, column.values.byteLength));
      else {
        writeFileSync(path.join(folder, `${column.name}.i32`), Buffer.from(column.codes.buffer, column.codes.byteOffset, column.codes.byteLength));
        writeFileSync(path.join(folder, `${column.name}.json`), JSON.stringify(column.dictionary));
      }
    }
    const meta = { rows: table.rowCount, repeats, columns: table.columns.map((column) => [column.name, column.type]), suite: suite.expectations.map(({ type, kwargs }) => ({ type, kwargs })) };
    writeFileSync(path.join(folder, 'meta.json'), JSON.stringify(meta));
    report.note('pandas: the same 25 checks, vectorised');
    const run = spawnSync(python, [path.join(import.meta.dirname, 'peer.py'), folder], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) return `pandas run failed: ${run.stderr.trim().split('\n').pop()}`;
    const parsed = JSON.parse(run.stdout.trim().split('\n').pop()!) as { seconds: number; figures: JsonObject[]; pandas: string };
    return { seconds: parsed.seconds, figures: parsed.figures, version: parsed.pandas };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Every unexpected count and observed value pandas computed must match ours, or the baseline measured something else. */
function disagreements(ours: ReturnType<typeof validateTable>, theirs: JsonObject[]): string[] {
  const problems: string[] = [];
  const close = (left: unknown, right: unknown): boolean => {
    if (typeof left === 'number' && typeof right === 'number') return Math.abs(left - right) <= 1e-9 * Math.max(1, Math.abs(right));
    if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, index) => close(item, right[index]));
    if (left && right && typeof left === 'object' && typeof right === 'object') return Object.keys(right).every((key) => close((left as JsonObject)[key], (right as JsonObject)[key]));
    return left === right;
  };
  ours.results.forEach((result, index) => {
    for (const [key, value] of Object.entries(theirs[index])) {
      if (key === 'success') continue;
      if (!close(result.result[key], value)) problems.push(`${result.expectation_config.type}(${JSON.stringify(result.expectation_config.kwargs.column ?? '')}) ${key}: ours ${JSON.stringify(result.result[key])}, pandas ${JSON.stringify(value)}`);
    }
  });
  return problems;
}

async function main(): Promise<void> {
  const { quick } = parseOptions();
  const report = createReport('validation', { quick });
  const rows = quick ? 100_000 : 1_000_000;
  report.note(`generating ${rows.toLocaleString('en')} churn rows`);
  const table = churnTable(rows);
  const suite = churnSuite(rows);

  const times: number[] = [];
  let result: ReturnType<typeof validateTable> | undefined;
  for (let run = 0; run < repeats; run++) {
    const start = performance.now();
    result = validateTable(table, suite, { resultFormat: 'SUMMARY' });
    times.push((performance.now() - start) / 1000);
  }
  const failedToRun = result!.results.filter((entry) => entry.exception_info.raised_exception);
  if (failedToRun.length > 0) throw new Error(`expectations raised: ${failedToRun.map((entry) => entry.exception_info.exception_message).join('; ')}`);
  report.note(`workbench: ${result!.statistics.successful_expectations}/${result!.statistics.evaluated_expectations} expectations passed; runs ${times.map((time) => time.toFixed(3)).join(', ')} s`);

  const pandas = runPandas(table, suite, report);
  let exitCode = 0;
  const workload = `${rows.toLocaleString('en')} churn rows (resources/samples/churn, seed 42) × 10 columns, 25 expectations (nulls, unique, regex, lengths, ranges, sets, mean/median/stdev/sum/quantiles/min/max, distinct set, mode, table shape), result_format SUMMARY, in process on a typed-array Table; median of ${repeats}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}`;
  if (typeof pandas === 'string') {
    report.emit({ metric: 'suite_25_seconds', value: median(times), unit: 's', baseline: null, baselineReason: pandas, target: 3, better: 'lower', workload });
  } else {
    const problems = disagreements(result!, pandas.figures);
    for (const problem of problems) report.note(`disagreement: ${problem}`);
    if (problems.length > 0) exitCode = 1;
    report.emit({ metric: 'suite_25_seconds', value: median(times), unit: 's', baseline: pandas.seconds, baselineLabel: `pandas ${pandas.version}: the same checks hand-written (isin, between, str.contains, duplicated(keep=False), str.len, mean/median/std/quantile(nearest)/mode), data already in a DataFrame, median of ${repeats}; figures cross-checked${problems.length > 0 ? ` (${problems.length} DISAGREE)` : ' (all agree)'}`, target: 3, better: 'lower', workload });
  }
  process.exitCode = exitCode;
}

await main();
