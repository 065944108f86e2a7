// Inference server: single-row v2 infer throughput against a bare node:http server (same wrk load), p50/p99 at 1,000 requests/s, batch_predict of 1,000 rows, and sticky candidates through a 10 → 20 → 50 % ramp.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../support/core-process.js';
import { createReport } from '../support/report.js';
import { measureLatency } from '../support/stats.js';
import { startBareServer, type BareServer } from './bare-server.js';
import { closedLoop, fixedRate, postJson } from './node-load.js';
import { customers, holdoutRecords, v2InferBodies, type ChurnRecord, type TensorMetadata } from './payloads.js';
import { hotSpots, mainThreadProfile } from './profile-summary.js';
import { measureRamp } from './ramp.js';
import { deployRollout, sampleRuns, startSampleCore, type ServingCore } from './sample-core.js';
import { describePerRequest, threadTimes } from './thread-cpu.js';
import { runWrk, wrkVersion, type LoadOptions, type LoadResult } from './wrk.js';

const phases = ['throughput', 'latency', 'batch', 'ramp'] as const;
type Phase = (typeof phases)[number];

const usage = `Usage: npm run bench -- serving [--quick] [--profile-core] [--only ${phases.join('|')}]
  --quick          short phases and 2,000 ramp customers: a smoke run
  --profile-core   run the core with --cpu-prof and print its main thread's hot spots at the end
  --only PHASE     run one phase (with --profile-core: a profile of that phase alone)`;

function parseOptions(): { quick: boolean; profileCore: boolean; only: Phase | null } {
  try {
    const { values } = parseArgs({
      options: { quick: { type: 'boolean', default: false }, 'profile-core': { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', default: false } },
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    if (values.only !== undefined && !phases.includes(values.only as Phase)) throw new Error(`--only takes one of ${phases.join(', ')}, got '${values.only}'`);
    return { quick: values.quick, profileCore: values['profile-core'], only: (values.only as Phase | undefined) ?? null };
  } catch (error) {
    process.stderr.write(`bench serving: ${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
}

const options = parseOptions();
const scale = options.quick
  ? { warmupSeconds: 1, throughputSeconds: 3, rateSeconds: 2, batchRepetitions: 10, rampCustomers: 2_000 }
  : { warmupSeconds: 3, throughputSeconds: 10, rateSeconds: 10, batchRepetitions: 30, rampCustomers: 10_000 };
const connections = 64;
const rate = 1_000;
const batchRows = 1_000;
const rampPercents = [10, 20, 50];
const rampCount = scale.rampCustomers.toLocaleString('en-US');
/** Distinct customers (bodies) the single-row load rotates through. */
const loadCustomers = 1_000;

const report = createReport('serving', { quick: options.quick });
const temporary = mkdtempSync(path.join(os.tmpdir(), 'mlwb-bench-serving-'));
process.on('exit', () => rmSync(temporary, { recursive: true, force: true }));
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

const cores = os.cpus().length;
const machine = () => `${cores} CPUs, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`;
const wrk = wrkVersion();
const generator = wrk ? `wrk ${wrk}, 1 thread` : 'node:http keep-alive Agent in the benchmark process (wrk not installed)';

function load(target: LoadOptions): Promise<LoadResult> {
  return wrk ? runWrk(target, temporary) : closedLoop(target);
}

/** Both arms must answer among the rotated customers, or the load would not exercise the rollout. */
async function checkArms(inferUrl: string, bodies: readonly string[]): Promise<string> {
  const variants = new Map<string, number>();
  let answer = '';
  for (const body of bodies.slice(0, 200)) {
    const { body: parsed } = await postJson<{ parameters?: { variant?: string } }>(inferUrl, body);
    answer ||= JSON.stringify(parsed);
    const variant = parsed.parameters?.variant ?? 'none';
    variants.set(variant, (variants.get(variant) ?? 0) + 1);
  }
  if (!variants.has('stable') || !variants.has('candidate')) throw new Error(`the first 200 customers did not reach both arms: ${JSON.stringify(Object.fromEntries(variants))}`);
  return answer;
}

function percent(value: number, of: number): string {
  return `${((100 * value) / of).toFixed(1)} %`;
}

async function throughputFigure(core: ServingCore, inferUrl: string, bare: BareServer, bodies: readonly string[], answer: string): Promise<void> {
  const bodyBytes = Buffer.byteLength(bodies[0]);
  const answerBytes = Buffer.byteLength(answer);
  const measured = async (label: string, url: string, pid: number) => {
    report.note(`throughput: ${label}, ${scale.warmupSeconds} s warm-up then ${scale.throughputSeconds} s, ${connections} connections (${generator})`);
    await load({ url, bodies, connections, seconds: scale.warmupSeconds });
    const before = threadTimes(pid);
    const result = await load({ url, bodies, connections, seconds: scale.throughputSeconds });
    const cpu = describePerRequest(pid, before, threadTimes(pid), result.requests);
    report.note(`throughput: ${label} ${result.requestsPerSecond.toFixed(0)} requests/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.errors} errors${cpu ? `; ${cpu}` : ''}`);
    if (result.errors > 0) {
      report.note(`throughput: WARNING ${label} had ${result.errors} failed requests; the figure is not valid`);
      process.exitCode = 1;
    }
    return result;
  };
  const baseline = await measured('bare node:http', bare.url, bare.pid);
  // A second reference, not the target's: the same bare server decoding each body as JSON shows
  // how much of the gap a server pays just for looking at what it is sent.
  const parsing = await startBareServer(answer, { parse: true });
  let parsed: LoadResult;
  try {
    parsed = await measured('bare node:http + JSON.parse of the body', parsing.url, parsing.pid);
  } finally {
    await parsing.stop();
  }
  const ours = await measured('v2 infer', inferUrl, core.pid);
  report.note(`throughput: v2 infer at ${percent(ours.requestsPerSecond, baseline.requestsPerSecond)} of the bare server, ${percent(ours.requestsPerSecond, parsed.requestsPerSecond)} of the bare server that parses the body`);
  report.emit({
    metric: 'v2_infer_requests_per_second',
    value: ours.requestsPerSecond,
    unit: 'requests/s',
    baseline: baseline.requestsPerSecond,
    baselineLabel: `bare node:http server in its own process answering a constant ${answerBytes}-byte JSON body (a real infer answer), same generator, connections and bodies`,
    target: 0.5 * baseline.requestsPerSecond,
    better: 'higher',
    workload: `single-row POST /v2/models/churn/infer (sample GBDT v1 stable, LR v2 candidate at 10 % sticky on customer_id, prediction log on), ${bodyBytes}-byte bodies rotating over ${loadCustomers} holdout customers as routing_key; generator ${generator}; ${connections} keep-alive connections; ${scale.throughputSeconds} s after ${scale.warmupSeconds} s warm-up; ${cores} cores shared by generator and server; target = 50 % of the baseline`,
  });
}

async function latencyFigures(inferUrl: string, bare: BareServer, bodies: readonly string[]): Promise<void> {
  const measured = async (label: string, url: string) => {
    await fixedRate({ url, bodies, rate, seconds: 1 });
    const result = await fixedRate({ url, bodies, rate, seconds: scale.rateSeconds });
    report.note(
      `latency: ${label} at ${result.achievedPerSecond.toFixed(0)}/s: p50 ${result.p50Ms.toFixed(3)} ms, p99 ${result.p99Ms.toFixed(3)} ms, max ${result.maxMs.toFixed(2)} ms, generator lag up to ${result.maxSendLagMs.toFixed(2)} ms, ${result.errors} errors`,
    );
    if (result.errors > 0) process.exitCode = 1;
    return result;
  };
  report.note(`latency: open loop at ${rate}/s for ${scale.rateSeconds} s (1 s warm-up), bare server then v2 infer`);
  const baseline = await measured('bare node:http', bare.url);
  const ours = await measured('v2 infer', inferUrl);
  const workload = `single-row POST /v2/models/churn/infer, open loop at ${rate} requests/s for ${scale.rateSeconds} s after 1 s warm-up (sends on a timer, not on answers; node:http keep-alive Agent in the benchmark process); each latency from the request's write to the end of its answer; achieved ${ours.achievedPerSecond.toFixed(0)}/s; ${cores} cores shared`;
  const baselineLabel = `bare node:http server (constant JSON body) at the same rate with the same generator`;
  report.emit({ metric: 'v2_infer_p50_ms_at_1000_rps', value: ours.p50Ms, unit: 'ms', baseline: baseline.p50Ms, baselineLabel, target: 1, better: 'lower', workload });
  report.emit({ metric: 'v2_infer_p99_ms_at_1000_rps', value: ours.p99Ms, unit: 'ms', baseline: baseline.p99Ms, baselineLabel, target: 2, better: 'lower', workload });
}

async function batchFigure(core: ServingCore, records: readonly ChurnRecord[]): Promise<void> {
  const body = JSON.stringify(records.slice(0, batchRows));
  const url = `${core.inferenceUrl}/deployments/churn/batch_predict`;
  report.note(`batch: ${batchRows} rows (${(body.length / 1024).toFixed(0)} KiB), median of ${scale.batchRepetitions} after 5 warm-up`);
  const ours = await measureLatency(
    async () => {
      const { body: answer } = await postJson<{ predictions: unknown[] }>(url, body);
      if (answer.predictions.length !== batchRows) throw new Error(`batch_predict answered ${answer.predictions.length} predictions for ${batchRows} rows`);
    },
    { warmup: 5, repetitions: scale.batchRepetitions },
  );
  const floor = await measureLatency(() => JSON.stringify(JSON.parse(body)), { warmup: 5, repetitions: scale.batchRepetitions });
  report.note(`batch: median ${ours.median.toFixed(2)} ms (p95 ${ours.p95.toFixed(2)}), floor ${floor.median.toFixed(2)} ms`);
  report.emit({
    metric: 'batch_predict_1000_rows_median_ms',
    value: ours.median,
    unit: 'ms',
    baseline: floor.median,
    baselineLabel: 'JSON.parse + JSON.stringify of the same request body in the benchmark process (the floor)',
    target: 10,
    better: 'lower',
    workload: `POST /deployments/churn/batch_predict with ${batchRows} holdout records (${body.length} bytes, ISO dates, customer_id as sticky key; rows split over both arms), one client (fetch, keep-alive), sequential; body serialised before the clock, answer read and parsed; median of ${scale.batchRepetitions} after 5 warm-up`,
  });
}

async function rampFigures(core: ServingCore, records: readonly ChurnRecord[]): Promise<void> {
  report.note(`ramp: ${rampCount} customers through ${rampPercents.join(' → ')} %`);
  const { steps, transitions } = await measureRamp(core, customers(records, scale.rampCustomers), rampPercents);
  const shares = steps.map((step) => `${step.percent} %: ${step.candidates.size} in the candidate`).join(', ');
  report.note(`ramp: ${shares}`);
  for (const transition of transitions) {
    report.emit({
      metric: `ramp_${transition.from}_to_${transition.to}_retained_percent`,
      value: transition.retainedPercent,
      unit: '%',
      baseline: null,
      baselineReason: 'the bound is absolute: a ramp-up keeps every earlier candidate (reference §5, bucket < canaryBps)',
      target: 99.99,
      better: 'higher',
      workload: `${rampCount} customers scored through /deployments/churn/batch_predict (1,000 per request) at ${transition.from} % and again after PATCH percents [${transition.to}]; share of the ${transition.membersBefore} candidates at ${transition.from} % still answered by the candidate (${transition.lost} lost); ${shares}; target 99.99 means 100 % at these sizes`,
    });
  }
}

report.note(`${options.quick ? 'quick' : 'full'} run on ${machine()}; generator ${generator}; temporary files in ${temporary}`);
const profileDirectory = options.profileCore ? path.join(repositoryRoot, 'bench/results/profiles', path.basename(report.file, '.jsonl')) : undefined;
const core = await startSampleCore({
  workspace: path.join(temporary, 'workspace'),
  token: randomBytes(16).toString('hex'),
  nodeFlags: profileDirectory ? ['--cpu-prof', '--cpu-prof-dir', profileDirectory] : [],
});
report.note(`core on ${core.url}, inference on ${core.inferenceUrl} (pid ${core.pid}); training the sample`);
let bare: BareServer | undefined;
try {
  await deployRollout(core, await sampleRuns(core, report.note), rampPercents[0]);
  const metadata = (await (await fetch(`${core.inferenceUrl}/v2/models/churn`)).json()) as { inputs: TensorMetadata[] };
  const records = holdoutRecords(core.workspace);
  const bodies = v2InferBodies(records.slice(0, loadCustomers), metadata.inputs);
  const inferUrl = `${core.inferenceUrl}/v2/models/churn/infer`;
  const answer = await checkArms(inferUrl, bodies);
  bare = await startBareServer(answer);
  report.note(`deployed churn v1 (gbdt) + v2 (lr) at 10 % sticky on customer_id; bare server on ${bare.url}; ${machine()}`);
  const runs = (phase: Phase) => options.only === null || options.only === phase;
  if (runs('throughput')) await throughputFigure(core, inferUrl, bare, bodies, answer);
  if (runs('latency')) await latencyFigures(inferUrl, bare, bodies);
  if (runs('batch')) await batchFigure(core, records);
  if (runs('ramp')) await rampFigures(core, records);
  report.note(`results in ${path.relative(repositoryRoot, report.file)}; ${machine()}`);
} catch (error) {
  report.note(`FAILED: ${(error as Error).stack ?? String(error)}\ncore output:\n${core.output().slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await bare?.stop();
  await core.stop();
}

if (profileDirectory) {
  const file = mainThreadProfile(profileDirectory, core.pid);
  if (!file) report.note(`profile: no main-thread profile for pid ${core.pid} in ${profileDirectory}`);
  else {
    const { busyMs, spots } = hotSpots(file, 20);
    report.note(`profile: ${path.relative(repositoryRoot, file)}; main thread busy ${(busyMs / 1000).toFixed(1)} s over the whole run (training runs in workers); top self time:`);
    for (const spot of spots) report.note(`  ${spot.percent.toFixed(1).padStart(5)} %  ${spot.selfMs.toFixed(0).padStart(6)} ms  ${spot.function}  ${spot.location}`);
  }
}
