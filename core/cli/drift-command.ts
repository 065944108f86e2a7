import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { driftSettingsSchema } from '../api/monitoring-contract.js';
import { parseVersion } from '../datasets/dataset-routes.js';
import { validateDatasetName } from '../datasets/dataset-store.js';
import type { ColumnDrift } from '../monitoring/column-drift.js';
import { runDriftReport, type DriftSource } from '../monitoring/drift-service.js';
import { driftSettingsFromJson } from '../monitoring/drift-routes.js';
import { renderDriftHtml } from '../monitoring/html-report.js';
import { isDriftTestId, type DriftColumnType, type DriftSettings, type DriftTestId } from '../monitoring/test-selection.js';
import { resolveWorkspaceDir } from '../workspace/paths.js';
import { openWorkspace } from '../workspace/workspace.js';
import { keyValuePairs, parseCommand, requirePositional } from './args.js';
import { createOutput, table, UsageError } from './output.js';

const usage = `mlwb drift [report] --reference NAME[:VERSION]|FILE --current NAME[:VERSION]|FILE
    [--config SETTINGS.yaml|.json] [--target COLUMN] [--prediction COLUMN] [--column COLUMN]...
    [--test TEST | --test COLUMN=TEST | --test type:num|cat=TEST]...
    [--threshold X | --threshold COLUMN=X | --threshold type:num|cat=X]...
    [--drift-share X] [--html OUT.html] [--json]

  FILE is a CSV or Parquet file; anything else names a stored dataset (latest version by default).
  --config is a YAML or JSON file of drift settings (the API's settings object); flags override it:
    test: wasserstein            # every column (default: Evidently's rule per column)
    threshold: 0.2
    per_type:                    # num, cat or text
      num: { test: ks, threshold: 0.01 }
      cat: { test: psi }
    per_column:
      region: { test: chisquare, threshold: 0.05 }
    drift_share: 0.3             # dataset drift when this share of columns drifted (default 0.5)
  Per column wins over per type, which wins over global; tests: ks, chisquare, z, wasserstein, psi,
  jensenshannon, kl_div, hellinger, TVD, anderson, cramer_von_mises, ed, mannw, t_test, ...`;

const columnTypes: readonly DriftColumnType[] = ['num', 'cat', 'text'];

/** NAME[:VERSION] of a stored dataset, or a CSV/Parquet file when such a file exists. */
async function parseSource(text: string, flag: string): Promise<DriftSource> {
  const info = await stat(text).catch(() => null);
  if (info?.isFile()) return { file: path.resolve(text) };
  if (/[\\/]/.test(text) || /\.(csv|tsv|txt|parquet|pq)$/i.test(text)) throw new UsageError(`--${flag}: no such file: ${text}`);
  const colon = text.lastIndexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  try {
    return { dataset: validateDatasetName(name), version: colon < 0 ? undefined : parseVersion(text.slice(colon + 1)) };
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`);
  }
}

function parseTest(text: string, flag: string): DriftTestId {
  if (!isDriftTestId(text)) throw new UsageError(`--${flag}: unknown test '${text}'`);
  return text;
}

function parseNumber(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} expects a number, got '${text}'`);
  return value;
}

/** Global (no '='), per type (type:num=…) and per column (COLUMN=…) choices of test and threshold. */
export function settingsFromFlags(tests: string[] = [], thresholds: string[] = [], driftShare?: string): DriftSettings {
  const settings: DriftSettings = {};
  const apply = (items: string[], flag: string, set: (target: { test?: DriftTestId; threshold?: number }, value: string) => void, setGlobal: (value: string) => void) => {
    for (const item of items) {
      if (!item.includes('=')) {
        setGlobal(item);
        continue;
      }
      const [{ key, value }] = keyValuePairs([item], flag);
      if (key.startsWith('type:')) {
        const type = key.slice(5) as DriftColumnType;
        if (!columnTypes.includes(type)) throw new UsageError(`--${flag} ${item}: the type must be one of ${columnTypes.join(', ')}`);
        settings.perType ??= {};
        set((settings.perType[type] ??= {}), value);
      } else {
        settings.perColumn ??= {};
        set((settings.perColumn[key] ??= {}), value);
      }
    }
  };
  apply(tests, 'test', (target, value) => (target.test = parseTest(value, 'test')), (value) => (settings.test = parseTest(value, 'test')));
  apply(thresholds, 'threshold', (target, value) => (target.threshold = parseNumber(value, 'threshold')), (value) => (settings.threshold = parseNumber(value, 'threshold')));
  if (driftShare !== undefined) {
    const share = parseNumber(driftShare, 'drift-share');
    if (!(share > 0 && share <= 1)) throw new UsageError(`--drift-share must be in (0, 1], got ${driftShare}`);
    settings.driftShare = share;
  }
  return settings;
}

/** Drift settings from a YAML/JSON file in the API's shape; a bad field is a usage error naming it. */
export async function settingsFromFile(file: string): Promise<DriftSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--config: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = parseYaml(text) ?? {};
  } catch (error) {
    throw new UsageError(`--config ${file} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = driftSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new UsageError(`--config ${file}: ${problems.join('; ')}`);
  }
  return driftSettingsFromJson(parsed.data);
}

/** Flags over the config file: a flag replaces the same choice (global, per type or per column field). */
export function mergeSettings(base: DriftSettings, flags: DriftSettings): DriftSettings {
  const merged: DriftSettings = { ...base, ...flags };
  for (const key of ['perType', 'perColumn'] as const) {
    const names = new Set([...Object.keys(base[key] ?? {}), ...Object.keys(flags[key] ?? {})]);
    if (names.size === 0) continue;
    const choices: Record<string, { test?: DriftTestId; threshold?: number }> = {};
    for (const name of names) choices[name] = { ...(base[key] as Record<string, object> | undefined)?.[name], ...(flags[key] as Record<string, object> | undefined)?.[name] };
    (merged as Record<string, unknown>)[key] = choices;
  }
  return merged;
}

function formatScore(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential(2) : String(Number(value.toFixed(4)));
}

/** How far past its threshold a score is, whichever way the test points (> 1 means drifted, roughly). */
function severity(column: ColumnDrift): number {
  if (column.kind === 'p_value') return column.score === 0 ? Infinity : column.threshold / column.score;
  return column.threshold === 0 ? Infinity : column.score / column.threshold;
}

export async function driftCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, {
    reference: { type: 'string' },
    current: { type: 'string' },
    target: { type: 'string' },
    prediction: { type: 'string' },
    column: { type: 'string', multiple: true },
    test: { type: 'string', multiple: true },
    threshold: { type: 'string', multiple: true },
    'drift-share': { type: 'string' },
    html: { type: 'string' },
    config: { type: 'string' },
  });
  const output = createOutput(values.json);
  // `mlwb drift --reference A --current B` as the issue writes it; `mlwb drift report …` as well.
  if (positionals.length > 0) {
    const verb = requirePositional(positionals, 0, 'a verb', usage);
    if (verb !== 'report' || positionals.length > 1) throw new UsageError(`Unexpected argument '${positionals.find((item) => item !== 'report') ?? verb}'. Usage: ${usage}`);
  }
  if (!values.reference || !values.current) throw new UsageError(`--reference and --current are required. Usage: ${usage}`);
  const flags = settingsFromFlags(values.test, values.threshold, values['drift-share']);
  const settings = values.config ? mergeSettings(await settingsFromFile(values.config), flags) : flags;
  const reference = await parseSource(values.reference, 'reference');
  const current = await parseSource(values.current, 'current');

  const workspace = await openWorkspace(resolveWorkspaceDir(values.workspace), { user: values.user });
  try {
    const showProgress = process.stderr.isTTY && !values.json;
    const report = await runDriftReport({ reference, current, settings, target: values.target, prediction: values.prediction, columns: values.column }, workspace, {
      progress: showProgress ? (fraction, message) => process.stderr.write(`\r${Math.round(fraction * 100)}% ${message}\u001b[K`) : undefined,
    });
    if (showProgress) process.stderr.write('\r\u001b[K');
    if (values.html) await writeFile(values.html, renderDriftHtml(report.document));
    const { workbench } = report.document;
    const { summary } = workbench;
    output.result(report.document, () => {
      const roles = new Map([[values.target, 'target'], [values.prediction, 'prediction']]);
      const columns = [...report.drift.columns].sort((left, right) => Number(right.drifted) - Number(left.drifted) || severity(right) - severity(left));
      return [
        `Drift of ${workbench.current.label} (${workbench.current.rows} rows) against ${workbench.reference.label} (${workbench.reference.rows} rows)`,
        `Dataset drift: ${summary.dataset_drift ? 'YES' : 'no'} — ${summary.number_of_drifted_columns} of ${summary.number_of_columns} columns drifted (share ${formatScore(summary.share_of_drifted_columns)}, limit ${summary.drift_share})`,
        ...(workbench.target ? [`Target drift (${workbench.target}): ${summary.target_drift === null ? 'not tested' : summary.target_drift ? 'YES' : 'no'}`] : []),
        ...(workbench.prediction ? [`Prediction drift (${workbench.prediction}): ${summary.prediction_drift === null ? 'not tested' : summary.prediction_drift ? 'YES' : 'no'}`] : []),
        '',
        table(
          ['COLUMN', 'TYPE', 'TEST', 'THRESHOLD', 'SCORE', 'DRIFTED'],
          columns.map((column) => [roles.has(column.column) ? `${column.column} (${roles.get(column.column)})` : column.column, column.type, column.stattestName, formatScore(column.threshold), formatScore(column.score), column.drifted ? '* DRIFT' : '']),
        ),
        ...report.drift.skipped.map((entry) => `skipped ${entry.column}: ${entry.skipped}`),
        ...report.drift.missingInCurrent.map((column) => `missing in current: ${column}`),
        '',
        `Data quality: ${summary.quality_passed} passed, ${summary.quality_failed} failed`,
        ...report.quality.tests.filter((test) => test.status !== 'SUCCESS').map((test) => `  ${test.status === 'FAIL' ? 'fail' : 'error'}: ${test.description}`),
        ...(values.html ? ['', `HTML report: ${path.resolve(values.html)}`] : []),
      ].join('\n');
    });
  } finally {
    await workspace.close();
  }
}
