// Tracking server: log-batch ingest, runs/search, metric history and runs-table first paint, each against a baseline measured in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot, startCore, type CoreProcess } from '../support/core-process.js';
import { createReport, type Report } from '../support/report.js';
import { median } from '../support/stats.js';
import { firstPaintUnavailable, measureFirstRowPaint } from './first-paint.js';
import { measureDownsampledHistory, measureFullHistory, seedHistoryRun } from './history.js';
import { measureHttpIngest } from './ingest.js';
import { ingestBatches } from './ingest-data.js';
import { formatCount, scaleFor, type Scale } from './scale.js';
import { measureInProcessSearch } from './search-in-process.js';
import { searchFilter, searchOrderBy, seedSearchExperiment } from './search-data.js';
import { measureHttpSearch } from './search.js';
import { measureSqliteFloor } from './sqlite-floor.js';

const usage = `Usage: npm run bench -- tracking [--quick] [--profile-core]
  --quick          every data size 10× smaller: a smoke run
  --profile-core   run the core with --cpu-prof; profiles land in bench/results/profiles/`;

function parseOptions(): { quick: boolean; profileCore: boolean } {
  try {
    const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'profile-core': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return { quick: values.quick, profileCore: values['profile-core'] };
  } catch (error) {
    process.stderr.write(`bench tracking: ${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
}

async function ingestFigures(core: CoreProcess, scale: Scale, temporary: string, report: Report): Promise<void> {
  const { points, pointsPerRequest, targetSeconds } = scale.ingest;
  const batches = ingestBatches(scale.ingest);
  report.note(`ingest: SQLite floor, ${formatCount(points)} rows in transactions of ${formatCount(pointsPerRequest)}`);
  const floorSeconds = measureSqliteFloor(batches, temporary);
  report.note(`ingest: floor took ${floorSeconds.toFixed(2)} s; now over HTTP`);
  const seconds = await measureHttpIngest(core, batches, report);
  const workload = `${formatCount(points)} points (${scale.ingest.keys} keys) to one run via runs/log-batch, ${formatCount(pointsPerRequest)} per request, one client, sequential`;
  const baselineLabel = `better-sqlite3 inserts of the same rows into the core's metrics table, one transaction per ${formatCount(pointsPerRequest)}`;
  report.emit({ metric: 'log_batch_ingest_seconds', value: seconds, unit: 's', baseline: floorSeconds, baselineLabel, target: targetSeconds, better: 'lower', workload });
  report.emit({
    metric: 'log_batch_ingest_points_per_second',
    value: points / seconds,
    unit: 'points/s',
    baseline: points / floorSeconds,
    baselineLabel,
    target: points / targetSeconds,
    better: 'higher',
    workload,
  });
}

async function searchFigures(core: CoreProcess, scale: Scale, report: Report): Promise<string> {
  const { runs, paramsPerRun, metricsPerRun, pageSize, seedConcurrency, targetMs } = scale.search;
  report.note(`search: seeding ${formatCount(runs)} runs × ${paramsPerRun} params × ${metricsPerRun} metrics, ${seedConcurrency} requests in flight`);
  const started = Date.now();
  const experimentId = await seedSearchExperiment(core, scale.search, report);
  report.note(`search: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; measuring`);
  const http = await measureHttpSearch(core, experimentId, scale);
  const inProcess = await measureInProcessSearch(path.join(core.workspace, 'workbench.db'), experimentId, scale);
  if (http.runIds.length === 0 || http.runIds.join() !== inProcess.runIds.join()) {
    report.note(`search: WARNING the core returned ${http.runIds.length} runs and the in-process query ${inProcess.runIds.length}, not the same page; the baseline does not answer the same question`);
    process.exitCode = 1;
  }
  const workload = `runs/search over ${formatCount(runs)} runs × ${paramsPerRun} params × ${metricsPerRun} metrics: filter "${searchFilter}", order by "${searchOrderBy}", first page of ${pageSize} (${http.runIds.length} returned); ${scale.latency.repetitions} sequential requests after ${scale.latency.warmup} warm-up`;
  const baselineLabel = 'the same query and page data in-process with better-sqlite3 on the same database file (read-only)';
  for (const [name, value, baseline] of [
    ['median', http.latency.median, inProcess.latency.median],
    ['p95', http.latency.p95, inProcess.latency.p95],
  ] as const) {
    report.emit({ metric: `runs_search_${name}_ms`, value, unit: 'ms', baseline, baselineLabel, target: targetMs, better: 'lower', workload });
  }
  return experimentId;
}

async function historyFigures(core: CoreProcess, scale: Scale, report: Report): Promise<void> {
  const { points, maxPoints, targetMs } = scale.history;
  report.note(`history: logging one ${formatCount(points)}-point metric`);
  const runId = await seedHistoryRun(core, scale.history);
  report.note('history: measuring downsampled and full reads');
  const downsampled = await measureDownsampledHistory(core, runId, scale);
  const full = await measureFullHistory(core, runId, scale);
  const workload = `POST /api/metrics/history: one ${formatCount(points)}-point metric downsampled (LTTB) to ${formatCount(maxPoints)}; ${scale.latency.repetitions} sequential requests after ${scale.latency.warmup} warm-up`;
  const baselineLabel = `MLflow GET metrics/get-history of all ${formatCount(points)} points`;
  for (const [name, value, baseline] of [
    ['median', downsampled.median, full.median],
    ['p95', downsampled.p95, full.p95],
  ] as const) {
    report.emit({ metric: `metric_history_downsampled_${name}_ms`, value, unit: 'ms', baseline, baselineLabel, target: targetMs, better: 'lower', workload });
  }
}

async function firstPaintFigure(core: CoreProcess, experimentId: string, scale: Scale, report: Report): Promise<void> {
  const { loads, targetMs } = scale.paint;
  const workload = `Chromium (headless), fresh context per load: navigation start to the first visible [data-testid=run-row] of an experiment with ${formatCount(scale.search.runs)} runs; median of ${loads} loads after 1 warm-up`;
  const common = {
    metric: 'runs_table_first_paint_median_ms',
    unit: 'ms',
    baseline: null,
    baselineReason: 'no peer UI is measured in this run; runs_search_* is the API time of a page of this experiment',
    target: targetMs,
    better: 'lower' as const,
    workload,
  };
  const unavailable = firstPaintUnavailable();
  if (unavailable) {
    report.note(`first paint: SKIPPED, ${unavailable}`);
    report.emit({ ...common, value: null, skipped: unavailable });
    return;
  }
  const pageUrl = `${core.url}/#/experiments/${encodeURIComponent(experimentId)}?token=${encodeURIComponent(core.token)}`;
  try {
    const samples = await measureFirstRowPaint(pageUrl, loads, report.note);
    report.emit({ ...common, value: median(samples) });
  } catch (error) {
    const reason = `failed: ${(error as Error).message}`;
    report.note(`first paint: ${reason}`);
    report.emit({ ...common, value: null, skipped: reason });
    process.exitCode = 1;
  }
}

const options = parseOptions();
const scale = scaleFor(options.quick);
const report = createReport('tracking', { quick: options.quick });
const temporary = mkdtempSync(path.join(os.tmpdir(), 'mlwb-bench-'));
process.on('exit', () => rmSync(temporary, { recursive: true, force: true }));
// Exiting (rather than dying by the signal) runs the exit hooks that stop the core and clean up.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

// Other work on the machine shows up in latencies; the load average says how busy it was.
const machine = () => `${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`;

const profileDirectory = options.profileCore ? path.join(repositoryRoot, 'bench/results/profiles', path.basename(report.file, '.jsonl')) : undefined;
report.note(`${options.quick ? 'quick (10× smaller) run' : 'full run'} on ${machine()}; temporary files in ${temporary}`);
const core = await startCore({
  workspace: path.join(temporary, 'workspace'),
  token: randomBytes(16).toString('hex'),
  nodeFlags: profileDirectory ? ['--cpu-prof', '--cpu-prof-dir', profileDirectory] : [],
});
report.note(`core listening on ${core.url} (pid ${core.pid})`);
try {
  await ingestFigures(core, scale, temporary, report);
  const experimentId = await searchFigures(core, scale, report);
  await historyFigures(core, scale, report);
  await firstPaintFigure(core, experimentId, scale, report);
} catch (error) {
  report.note(`FAILED: ${(error as Error).stack ?? String(error)}\ncore output (last part):\n${core.output()}`);
  process.exitCode = 1;
} finally {
  await core.stop();
}
report.note(`done on ${machine()}; figures written to ${path.relative(repositoryRoot, report.file)}`);
if (profileDirectory) report.note(`core CPU profile in ${path.relative(repositoryRoot, profileDirectory)} (open in Chrome DevTools → Performance)`);
