// Turns a check's free-form `inputs` and `numbers` into rows a reviewer can read, and finds the
// per-group rates of a bias check for its chart. The core records these as plain JSON, so the
// readers accept what they find and skip what they do not understand.
import type { CheckResult } from '../../../core/api/registry-contract';
import { formatMetric } from '../../ui/format';

export interface ValueRow {
  key: string;
  value: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value as text: numbers to six significant digits, short lists inline, objects as JSON. */
export function formatCheckValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatMetric(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.length === 0 ? 'none' : value.map(formatCheckValue).join(', ');
  }
  return JSON.stringify(value);
}

/**
 * Rows for a key → value table, sorted as recorded. Nested objects are flattened one level
 * ("champion.roc_auc"); `skip` names keys shown elsewhere (a bias check's groups, as a chart).
 */
export function checkValueRows(values: Record<string, unknown>, skip: readonly string[] = []): ValueRow[] {
  const rows: ValueRow[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (skip.includes(key)) continue;
    if (isRecord(value) && Object.values(value).every((inner) => !isRecord(inner) && !Array.isArray(inner))) {
      for (const [innerKey, inner] of Object.entries(value)) rows.push({ key: `${key}.${innerKey}`, value: formatCheckValue(inner) });
    } else {
      rows.push({ key, value: formatCheckValue(value) });
    }
  }
  return rows;
}

export interface GroupRates {
  group: string;
  size: number | null;
  /** Share of the group the model predicts positive (demographic parity compares these). */
  positiveRate: number | null;
  /** True positive rate within the group (equal opportunity compares these). */
  truePositiveRate: number | null;
  /** False when the group is below the policy's min_group_size (reported, not compared). */
  compared: boolean;
}

function firstNumber(record: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

const sizeKeys = ['size', 'count', 'rows', 'n'];
const positiveRateKeys = ['positive_rate', 'predicted_positive_rate', 'selection_rate'];
const truePositiveRateKeys = ['tpr', 'true_positive_rate', 'recall'];

function readGroup(name: string, record: Record<string, unknown>, minimumSize: number | null): GroupRates {
  const label = typeof record.group === 'string' || typeof record.group === 'number' ? String(record.group) : name;
  const size = firstNumber(record, sizeKeys);
  const tooSmall = minimumSize !== null && size !== null && size < minimumSize;
  return {
    group: label,
    size,
    positiveRate: firstNumber(record, positiveRateKeys),
    truePositiveRate: firstNumber(record, truePositiveRateKeys),
    compared: record.compared !== false && !tooSmall,
  };
}

/** `numbers.groups` of a bias check, as a list of records or a record keyed by group. */
export function biasGroups(check: Pick<CheckResult, 'name' | 'numbers' | 'inputs'>): GroupRates[] {
  if (!check.name.startsWith('bias.')) return [];
  const groups = check.numbers.groups;
  const minimumSize = typeof check.inputs.min_group_size === 'number' ? check.inputs.min_group_size : null;
  let rates: GroupRates[] = [];
  if (Array.isArray(groups)) {
    rates = groups.filter(isRecord).map((record, index) => readGroup(String(record.name ?? record.value ?? index), record, minimumSize));
  } else if (isRecord(groups)) {
    rates = Object.entries(groups)
      .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
      .map(([name, record]) => readGroup(name, record, minimumSize));
  }
  return rates.filter((rate) => rate.positiveRate !== null || rate.truePositiveRate !== null);
}

/** Checks in the order a reviewer should read them: failures and errors first, then by name. */
export function orderChecks(checks: readonly CheckResult[]): CheckResult[] {
  const rank: Record<CheckResult['verdict'], number> = { fail: 0, error: 1, pass: 2, skipped: 3 };
  return [...checks].sort((a, b) => (rank[a.verdict] ?? 4) - (rank[b.verdict] ?? 4) || a.name.localeCompare(b.name));
}
