// Registry and governance: import + scan of a 200 MB ONNX model, a full governance check on 100,000 rows, and audit verification of 100,000 entries.
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspectModel } from '../../core/onnx/inspect.js';
import { scanModelFile } from '../../core/onnx/scan.js';
import { RegistryService } from '../../core/registry/registry-service.js';
import { TrackingService } from '../../core/tracking/service.js';
import { openWorkspace } from '../../core/workspace/workspace.js';
import { parseQuickOption } from '../support/options.js';
import { createReport, type Report } from '../support/report.js';
import { measureAuditVerify } from './audit.js';
import { measureGovernanceCheck } from './governance.js';
import { writeLargeOnnxModel } from './large-model.js';

const usage = `Usage: npm run bench -- registry [--quick]
  --quick   every size 10× smaller: a smoke run`;

function parseOptions(): { quick: boolean } {
  return parseQuickOption('registry', usage);
}

/** Peak resident memory above the level when sampling started, sampled every 10 ms. */
function sampleMemory(): () => number {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) - start;
  };
}

async function importFigures(report: Report, megabytes: number, temporary: string): Promise<void> {
  const file = path.join(temporary, 'large.onnx');
  report.note(`import: writing a ${megabytes} MB ONNX model`);
  await writeLargeOnnxModel(file, megabytes);
  const size = (await stat(file)).size;

  // Baseline: what a registry without a streaming scanner does — read the whole file and decode it.
  const baselineMemory = sampleMemory();
  const baselineStart = performance.now();
  inspectModel(await readFile(file));
  const baselineSeconds = (performance.now() - baselineStart) / 1000;
  const baselinePeak = baselineMemory();

  const workspace = await openWorkspace(path.join(temporary, 'workspace'), { user: 'bench' });
  try {
    const registry = new RegistryService(new TrackingService(workspace));
    registry.policies.current(); // seed the policy outside the timed part
    report.note('import: timing import (copy + streamed sha256 + scan + onnxruntime load)');
    const memory = sampleMemory();
    const start = performance.now();
    const version = await registry.importFile({ name: 'large', file }, 'bench');
    const seconds = (performance.now() - start) / 1000;
    const peak = memory();
    const workload = `${(size / 2 ** 20).toFixed(0)} MiB ONNX (one MatMul, float initializer) imported from a file: stored, hashed, scanned, loaded by onnxruntime-node (in a worker thread)`;
    if (version.sha256 === null) throw new Error('the imported version has no sha256');
    report.emit({ metric: 'import_scan_seconds', value: seconds, unit: 's', baseline: baselineSeconds, baselineLabel: 'read the whole file and decode it with onnx-proto (no store, no load)', target: 5, better: 'lower', workload });
    report.note(`import: whole import peaked at +${(peak / 2 ** 20).toFixed(0)} MiB RSS, most of it onnxruntime holding the weights while it proves the model loads`);

    // The part that must stay bounded whatever the model's size: storing, hashing and scanning.
    const streamedMemory = sampleMemory();
    const stored = await workspace.artifacts.putStream(createReadStream(file));
    const scan = await scanModelFile(workspace.artifacts.objectPath(stored.sha256));
    const streamedPeak = streamedMemory();
    if (scan.inputs[0]?.name !== 'X') throw new Error('the scan did not read the model');
    report.emit({
      metric: 'store_hash_scan_peak_rss_mb',
      value: streamedPeak / 2 ** 20,
      unit: 'MiB',
      baseline: baselinePeak / 2 ** 20,
      baselineLabel: 'peak RSS growth of reading and decoding the whole file',
      target: 64,
      better: 'lower',
      workload: `${(size / 2 ** 20).toFixed(0)} MiB ONNX stored (temp file + fsync + rename), sha256 on the worker pool, structure scanned with positioned reads`,
    });
  } finally {
    await workspace.close();
  }
}

async function main(): Promise<void> {
  const { quick } = parseOptions();
  const report = createReport('registry', { quick });
  const scale = quick ? 10 : 1;
  const temporary = await mkdtemp(path.join(os.tmpdir(), 'mlwb-bench-registry-'));
  try {
    await importFigures(report, 200 / scale, temporary);

    report.note('governance: training a candidate and a champion, then timing one full check');
    const governance = await measureGovernanceCheck(100_000 / scale);
    report.emit({
      metric: 'governance_check_seconds',
      value: governance.seconds,
      unit: 's',
      baseline: null,
      baselineReason: 'no peer tool runs these governance checks; the issue sets an absolute bound',
      target: 5,
      better: 'lower',
      workload: `${governance.rows} evaluation rows, GBDT candidate + champion scored, bias over region and customer_segment, ${governance.checks} checks (${governance.failed} failed)`,
    });

    report.note('audit: appending entries, then timing verify');
    const audit = await measureAuditVerify(100_000 / scale);
    report.emit({
      metric: 'audit_verify_seconds',
      value: audit.seconds,
      unit: 's',
      baseline: audit.appendSeconds,
      baselineLabel: 'appending the same entries in one transaction',
      target: 2,
      better: 'lower',
      workload: `${audit.entries} hash-chained audit entries`,
    });
    report.note(`results in ${report.file}`);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

await main();
