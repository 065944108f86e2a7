// One audit entry's before → after as a line a person scans: which fields changed and how.
import { formatCheckValue } from './check-values';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const maxValueLength = 40;
const maxChanges = 4;

function short(value: unknown): string {
  const text = value === undefined ? '∅' : formatCheckValue(value);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * "state: pending_review → approved; comment: ∅ → looks good". Creations and deletions read as
 * such; more than a few changed fields end in "+N more" (the full values are in the entry's title).
 */
export function auditChangeSummary(before: unknown, after: unknown): string {
  const absent = (value: unknown) => value === null || value === undefined;
  if (absent(before) && absent(after)) return '';
  if (absent(before)) return isRecord(after) ? `created (${Object.keys(after).join(', ')})` : `created: ${short(after)}`;
  if (absent(after)) return 'deleted';
  if (!isRecord(before) || !isRecord(after)) return `${short(before)} → ${short(after)}`;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !same(before[key], after[key]));
  if (keys.length === 0) return 'no field changed';
  const shown = keys.slice(0, maxChanges).map((key) => `${key}: ${short(before[key])} → ${short(after[key])}`);
  return keys.length > maxChanges ? `${shown.join('; ')}; +${keys.length - maxChanges} more` : shown.join('; ');
}
