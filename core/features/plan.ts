// `mlwb features plan`: what `apply` would change, object by object and field by field, so a
// reviewer sees a TTL or schema change before it reaches training sets and the online store.
import type { FeatureRepo } from './definitions.js';

export type ObjectKind = 'entity' | 'source' | 'feature view' | 'feature service';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ObjectPlan {
  added: string[];
  changed: { name: string; fields: FieldChange[] }[];
  removed: string[];
}

export interface RepoPlan {
  entities: ObjectPlan;
  sources: ObjectPlan;
  feature_views: ObjectPlan;
  feature_services: ObjectPlan;
  hasChanges: boolean;
}

// Derived or positional fields: `ttlMs` follows `ttl`, and an object moving between files is no change.
const ignoredFields = new Set(['origin', 'ttlMs']);

/** `current` null = nothing applied yet. Objects are matched by name within their kind. */
export function planRepo(current: FeatureRepo | null, next: FeatureRepo): RepoPlan {
  const plan = {
    entities: diffObjects(current?.entities ?? [], next.entities),
    sources: diffObjects(current?.sources ?? [], next.sources),
    feature_views: diffObjects(current?.feature_views ?? [], next.feature_views),
    feature_services: diffObjects(current?.feature_services ?? [], next.feature_services),
  };
  const hasChanges = Object.values(plan).some((part) => part.added.length + part.changed.length + part.removed.length > 0);
  return { ...plan, hasChanges };
}

function diffObjects<T extends { name: string }>(before: readonly T[], after: readonly T[]): ObjectPlan {
  const plan: ObjectPlan = { added: [], changed: [], removed: [] };
  for (const next of after) {
    const previous = before.find((object) => object.name === next.name);
    if (!previous) {
      plan.added.push(next.name);
      continue;
    }
    const fields = diffFields(previous as Record<string, unknown>, next as Record<string, unknown>);
    if (fields.length > 0) plan.changed.push({ name: next.name, fields });
  }
  for (const previous of before) if (!after.some((object) => object.name === previous.name)) plan.removed.push(previous.name);
  return plan;
}

function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => !ignoredFields.has(name)).sort();
  const changes: FieldChange[] = [];
  for (const field of names) {
    if (canonical(before[field]) !== canonical(after[field])) changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
  }
  return changes;
}

/** JSON with sorted keys and undefined dropped, so `{a, b}` equals `{b, a}` and a missing tag map equals none. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([, inner]) => inner !== undefined).sort(([left], [right]) => left.localeCompare(right)));
    }
    return item;
  });
}

/** Feast-style lines: `Created entity customer`, `Updated feature view x: ttl 30d → 7d`, `Deleted …`. */
export function describePlan(plan: RepoPlan): string[] {
  const lines: string[] = [];
  const kinds: [ObjectKind, ObjectPlan][] = [
    ['entity', plan.entities],
    ['source', plan.sources],
    ['feature view', plan.feature_views],
    ['feature service', plan.feature_services],
  ];
  for (const [kind, part] of kinds) {
    for (const name of part.added) lines.push(`Created ${kind} ${name}`);
    for (const { name, fields } of part.changed) {
      lines.push(`Updated ${kind} ${name}: ${fields.map((change) => `${change.field} ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`).join('; ')}`);
    }
    for (const name of part.removed) lines.push(`Deleted ${kind} ${name}`);
  }
  if (lines.length === 0) lines.push('No changes: the registry already matches the repo');
  return lines;
}
