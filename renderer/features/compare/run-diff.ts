// The diff table's model: one row per param or metric key, flagged when the runs disagree.
import type { RunRow, WireNumber } from '../../../core/api/contract';
import { fromWire } from '../../api/wire-number';
import { formatMetric } from '../../ui/format';

export interface DiffRow {
  section: 'params' | 'metrics';
  key: string;
  /** Comparable value per run; null where the run lacks the key. */
  values: Array<string | null>;
  /** What the cell shows. */
  display: string[];
  differs: boolean;
}

/** Any disagreement counts, including a key one run has and another lacks. */
export function valuesDiffer(values: ReadonlyArray<string | null>): boolean {
  return values.some((value) => value !== values[0]);
}

/** Metric values compare as numbers, so 0.5 and 0.50 agree and 'NaN' equals 'NaN'. */
export function canonicalMetric(value: WireNumber | undefined): string | null {
  const number = fromWire(value);
  return number === null ? null : String(number);
}

function sortedKeys(records: Array<Record<string, unknown>>): string[] {
  return [...new Set(records.flatMap((record) => Object.keys(record)))].sort((a, b) => a.localeCompare(b));
}

export function buildDiffRows(runs: readonly RunRow[]): DiffRow[] {
  const params = sortedKeys(runs.map((run) => run.params)).map((key): DiffRow => {
    const values = runs.map((run) => run.params[key] ?? null);
    return { section: 'params', key, values, display: values.map((value) => value ?? '—'), differs: valuesDiffer(values) };
  });
  const metrics = sortedKeys(runs.map((run) => run.metrics)).map((key): DiffRow => {
    const values = runs.map((run) => canonicalMetric(run.metrics[key]));
    return {
      section: 'metrics',
      key,
      values,
      display: runs.map((run) => formatMetric(fromWire(run.metrics[key]))),
      differs: valuesDiffer(values),
    };
  });
  return [...params, ...metrics];
}
