// What the compare view can plot: the params and metrics the chosen runs have, as per-run values.
import type { MetricSummary, RunRow } from '../../../core/api/contract';
import { fromWire } from '../../api/wire-number';

/** The compare view draws 2 to 50 runs; the runs table enables its Compare button in this range. */
export const compareLimits = { min: 2, max: 50 };

export interface CompareRun {
  runId: string;
  name: string;
  color: string;
  run: RunRow;
  metrics: MetricSummary[];
}

export interface ColumnOption {
  /** `metric:<key>` or `param:<key>`. */
  id: string;
  kind: 'metric' | 'param';
  key: string;
}

/** Keys every run has come first, so the default choice is one all runs can be drawn for. */
function keysByCoverage(keyLists: string[][]): string[] {
  const counts = new Map<string, number>();
  for (const keys of keyLists) for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => {
    const shared = Number(counts.get(b) === keyLists.length) - Number(counts.get(a) === keyLists.length);
    return shared || a.localeCompare(b);
  });
}

export function metricKeys(runs: readonly CompareRun[]): string[] {
  return keysByCoverage(runs.map((run) => Object.keys(run.run.metrics)));
}

export function paramKeys(runs: readonly CompareRun[]): string[] {
  return keysByCoverage(runs.map((run) => Object.keys(run.run.params)));
}

/** Params whose value is not the same in every run: the ones that explain a difference. */
export function varyingParamKeys(runs: readonly CompareRun[]): string[] {
  return paramKeys(runs).filter((key) => new Set(runs.map((run) => run.run.params[key] ?? null)).size > 1);
}

export function columnOptions(runs: readonly CompareRun[]): ColumnOption[] {
  return [
    ...metricKeys(runs).map((key): ColumnOption => ({ id: `metric:${key}`, kind: 'metric', key })),
    ...paramKeys(runs).map((key): ColumnOption => ({ id: `param:${key}`, kind: 'param', key })),
  ];
}

export function metricValue(run: CompareRun, key: string): number | null {
  const value = fromWire(run.run.metrics[key]);
  return value !== null && Number.isFinite(value) ? value : null;
}

/** Metric values as numbers; params as numbers when they parse, else as category strings. */
export function columnValues(runs: readonly CompareRun[], option: ColumnOption): Array<number | string | null> {
  if (option.kind === 'metric') return runs.map((run) => metricValue(run, option.key));
  const raw = runs.map((run) => run.run.params[option.key] ?? null);
  const numeric = raw.every((value) => value === null || (value.trim() !== '' && Number.isFinite(Number(value))));
  return numeric ? raw.map((value) => (value === null ? null : Number(value))) : raw;
}

export function optionLabel(option: ColumnOption): string {
  return `${option.kind === 'metric' ? 'metrics' : 'params'}.${option.key}`;
}
