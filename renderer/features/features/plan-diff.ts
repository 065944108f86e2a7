// What `apply` would change, shaped for the plan panel: one entry per object, field changes as
// short before → after texts, and a schema change broken down to the columns that differ.
import type { RepoPlan } from '../../../core/api/features-contract';
import { ApiError } from '../../api/api-error';

export type ChangeKind = 'added' | 'changed' | 'removed';

export interface FieldDiff {
  field: string;
  before: string;
  after: string;
}

export interface PlanEntry {
  name: string;
  change: ChangeKind;
  fields: FieldDiff[];
}

export interface PlanSection {
  key: 'entities' | 'sources' | 'feature_views' | 'feature_services';
  label: string;
  entries: PlanEntry[];
}

const sections: ReadonlyArray<Pick<PlanSection, 'key' | 'label'>> = [
  { key: 'entities', label: 'Entities' },
  { key: 'sources', label: 'Data sources' },
  { key: 'feature_views', label: 'Feature views' },
  { key: 'feature_services', label: 'Feature services' },
];

/** Shown for a field that is absent on one side. */
export const absentValue = '—';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema field `{name, dtype}` reads as `name: dtype`; a service entry as `view: a, b`. */
function describeItem(value: unknown): string {
  if (isRecord(value) && typeof value.name === 'string' && Object.keys(value).every((key) => key === 'name' || key === 'dtype')) {
    return typeof value.dtype === 'string' ? `${value.name}: ${value.dtype}` : value.name;
  }
  if (isRecord(value) && typeof value.feature_view === 'string') {
    return Array.isArray(value.features) ? `${value.feature_view}: ${value.features.join(', ')}` : `${value.feature_view} (all)`;
  }
  return formatPlanValue(value);
}

/** One field value as a person reads it: bare strings and numbers, lists joined, maps as k=v. */
export function formatPlanValue(value: unknown): string {
  if (value === null || value === undefined) return absentValue;
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(describeItem).join(', ');
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
    return entries.length === 0 ? '{}' : entries.map(([key, inner]) => `${key}=${formatPlanValue(inner)}`).join(', ');
  }
  return JSON.stringify(value);
}

type SchemaField = { name: string; dtype?: unknown };

function isSchema(value: unknown): value is SchemaField[] {
  return Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.name === 'string');
}

/** A schema change as the columns added, retyped and dropped, in the new schema's order. */
function schemaDiffs(before: SchemaField[], after: SchemaField[]): FieldDiff[] {
  const dtype = (field: SchemaField | undefined) => (field === undefined ? absentValue : typeof field.dtype === 'string' ? field.dtype : 'inferred');
  const diffs: FieldDiff[] = [];
  for (const field of after) {
    const previous = before.find((candidate) => candidate.name === field.name);
    if (!previous || dtype(previous) !== dtype(field)) diffs.push({ field: `schema.${field.name}`, before: dtype(previous), after: dtype(field) });
  }
  for (const field of before) {
    if (!after.some((candidate) => candidate.name === field.name)) diffs.push({ field: `schema.${field.name}`, before: dtype(field), after: absentValue });
  }
  // Same columns and types in another order: still a change the reviewer should see.
  if (diffs.length === 0) diffs.push({ field: 'schema (order)', before: before.map((field) => field.name).join(', '), after: after.map((field) => field.name).join(', ') });
  return diffs;
}

export function fieldDiffs(changes: ReadonlyArray<{ field: string; before: unknown; after: unknown }>): FieldDiff[] {
  return changes.flatMap((change) =>
    change.field === 'schema' && isSchema(change.before) && isSchema(change.after)
      ? schemaDiffs(change.before, change.after)
      : [{ field: change.field, before: formatPlanValue(change.before), after: formatPlanValue(change.after) }],
  );
}

/** Sections in Feast's apply order; empty sections are left out. */
export function planSections(plan: RepoPlan): PlanSection[] {
  return sections
    .map(({ key, label }) => {
      const part = plan[key];
      const entries: PlanEntry[] = [
        ...part.added.map((name) => ({ name, change: 'added' as const, fields: [] })),
        ...part.changed.map(({ name, fields }) => ({ name, change: 'changed' as const, fields: fieldDiffs(fields) })),
        ...part.removed.map((name) => ({ name, change: 'removed' as const, fields: [] })),
      ];
      return { key, label, entries };
    })
    .filter((section) => section.entries.length > 0);
}

/** "2 to add, 1 to change, 0 to remove", counted over every kind of object. */
export function planSummary(plan: RepoPlan): string {
  let added = 0;
  let changed = 0;
  let removed = 0;
  for (const { key } of sections) {
    added += plan[key].added.length;
    changed += plan[key].changed.length;
    removed += plan[key].removed.length;
  }
  if (added + changed + removed === 0) return 'No changes: the registry already matches the repo';
  return `${added} to add, ${changed} to change, ${removed} to remove`;
}

export interface RepoProblem {
  /** `file:line:column`, or empty when the problem has no place (a missing folder). */
  location: string;
  field: string;
  message: string;
}

export interface RepoFailure {
  message: string;
  problems: RepoProblem[];
}

/**
 * A failed plan or apply. A repo with mistakes answers 400 with `details.problems`, each with
 * file, line, column and field; the headline keeps only the message's first line, since the
 * rest repeats the problems.
 */
export function repoFailure(error: unknown): RepoFailure {
  const message = error instanceof Error ? error.message : String(error);
  const raw = error instanceof ApiError && Array.isArray(error.details.problems) ? error.details.problems : [];
  const problems: RepoProblem[] = raw.filter(isRecord).map((problem) => {
    const file = typeof problem.file === 'string' ? problem.file : '';
    const place = file ? [file, problem.line, problem.column].filter((part) => part !== undefined && part !== null && part !== '').join(':') : '';
    return { location: place, field: typeof problem.field === 'string' ? problem.field : '', message: typeof problem.message === 'string' ? problem.message : String(problem.message) };
  });
  return { message: problems.length > 0 ? message.split('\n')[0] : message, problems };
}
