import { readFile } from 'node:fs/promises';
import type { RunRow } from '../api/contract.js';
import { keyValuePairs, metricPairs, parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';
import { resolveExperiment, withTracking } from './workspace-option.js';

const usage = `mlwb runs list --experiment EXP
  mlwb runs search --experiment EXP [--filter "metrics.acc > 0.9"] [--order-by "metrics.acc DESC"] [--max-results N]
  mlwb runs show RUN_ID
  mlwb runs log --experiment EXP [--run RUN_ID] [--name NAME] [--param K=V] [--metric K=V[@STEP]] [--tag K=V] [--file values.json] [--status FINISHED]`;

const options = {
  experiment: { type: 'string', short: 'e', multiple: true },
  filter: { type: 'string' },
  'order-by': { type: 'string', multiple: true },
  'max-results': { type: 'string' },
  run: { type: 'string' },
  name: { type: 'string' },
  param: { type: 'string', multiple: true },
  metric: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  file: { type: 'string' },
  status: { type: 'string' },
} as const;

interface LogFile {
  params?: Record<string, unknown>;
  metrics?: Record<string, number | Array<{ value: number; step?: number }>>;
  tags?: Record<string, unknown>;
}

export async function runsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, options);
  const output = createOutput(values.json);
  const verb = requirePositional(positionals, 0, 'a verb', usage);
  await withTracking(values, async (tracking) => {
    const experimentIds = () => {
      if (!values.experiment?.length) throw new UsageError(`--experiment is required. Usage: ${usage}`);
      return values.experiment.map((reference) => resolveExperiment(tracking, reference));
    };
    switch (verb) {
      case 'list':
      case 'search': {
        const maxResults = values['max-results'] === undefined ? 100 : Number(values['max-results']);
        if (!Number.isInteger(maxResults) || maxResults < 1) throw new UsageError(`--max-results must be a positive integer, got '${values['max-results']}'`);
        const page = tracking.search({ experimentIds: experimentIds(), filter: values.filter, orderBy: values['order-by'], maxResults });
        output.result(page, () => renderRuns(page.runs, page.total));
        return;
      }
      case 'show': {
        const detail = tracking.runDetail(requirePositional(positionals, 1, 'RUN_ID', usage));
        output.result(detail, () => renderRun(detail.run));
        return;
      }
      case 'log': {
        const fromFile = values.file ? await readLogFile(values.file) : {};
        const params = [...Object.entries(fromFile.params ?? {}).map(([key, value]) => ({ key, value: String(value) })), ...keyValuePairs(values.param, 'param')];
        const tags = [...Object.entries(fromFile.tags ?? {}).map(([key, value]) => ({ key, value: String(value) })), ...keyValuePairs(values.tag, 'tag')];
        const now = Date.now();
        const metrics = [
          ...Object.entries(fromFile.metrics ?? {}).flatMap(([key, value]) =>
            Array.isArray(value) ? value.map((point, index) => ({ key, value: point.value, step: point.step ?? index, timestamp: now })) : [{ key, value, step: 0, timestamp: now }],
          ),
          ...metricPairs(values.metric),
        ];
        const runId = values.run ?? tracking.runs.create({ experimentId: experimentIds()[0], runName: values.name, user: tracking.workspace.user }).run_id;
        tracking.runs.logBatch(runId, { params, metrics, tags });
        const status = values.status ?? (values.run ? undefined : 'FINISHED');
        if (status) tracking.runs.update(runId, { status, endTime: Date.now() });
        const [run] = tracking.rows([tracking.runs.get(runId)]);
        output.result({ run }, () => `Logged ${params.length} params, ${metrics.length} metrics, ${tags.length} tags to run ${run.run_name} (${run.run_id})`);
        return;
      }
      default:
        throw new UsageError(`Unknown verb '${verb}'. Usage: ${usage}`);
    }
  });
}

async function readLogFile(file: string): Promise<LogFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --file ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected an object with params, metrics and tags');
    return parsed as LogFile;
  } catch (error) {
    throw new UsageError(`--file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function renderRuns(runs: RunRow[], total: number): string {
  if (runs.length === 0) return 'No runs match.';
  const metricKeys = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].slice(0, 4);
  const rows = runs.map((run) => [run.run_id, run.run_name, run.status, new Date(run.start_time).toISOString(), ...metricKeys.map((key) => formatValue(run.metrics[key]))]);
  return `${table(['RUN ID', 'NAME', 'STATUS', 'STARTED', ...metricKeys], rows)}\n${runs.length} of ${total} runs`;
}

function renderRun(run: RunRow): string {
  const section = (title: string, entries: Record<string, unknown>) =>
    Object.keys(entries).length === 0 ? '' : `\n${title}\n${Object.entries(entries).map(([key, value]) => `  ${key}: ${formatValue(value)}`).join('\n')}`;
  return `${run.run_name} (${run.run_id})\n  status: ${run.status}\n  experiment: ${run.experiment_id}\n  user: ${run.user_id}\n  started: ${new Date(run.start_time).toISOString()}${
    run.end_time ? `\n  ended: ${new Date(run.end_time).toISOString()}` : ''
  }${section('params', run.params)}${section('metrics', run.metrics)}${section('tags', run.tags)}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  return value === undefined ? '' : String(value);
}
