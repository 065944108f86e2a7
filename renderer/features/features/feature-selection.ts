// Feature references (`view:feature`) as the training-set builder and the online lookup pick
// them: grouped by view for the checklist, expanded from a service, and the join keys they need.
import type { EntityDefinition, FeatureServiceDefinition, FeatureViewDefinition } from '../../../core/api/features-contract';

export interface FeatureChoice {
  /** `view:feature`, as the API takes it. */
  ref: string;
  name: string;
  /** Feast dtype; empty when the schema is inferred from the source. */
  dtype: string;
}

export interface FeatureGroup {
  view: string;
  features: FeatureChoice[];
}

export function featureRef(view: string, feature: string): string {
  return `${view}:${feature}`;
}

/** `view:feature` → its parts; the feature name is after the last colon. */
export function splitFeatureRef(ref: string): { view: string; feature: string } {
  const colon = ref.lastIndexOf(':');
  return colon < 0 ? { view: '', feature: ref } : { view: ref.slice(0, colon), feature: ref.slice(colon + 1) };
}

/** One group per view, in repo order, each with its schema's features in schema order. */
export function featureGroups(views: readonly FeatureViewDefinition[]): FeatureGroup[] {
  return views
    .map((view) => ({ view: view.name, features: view.schema.map((field) => ({ ref: featureRef(view.name, field.name), name: field.name, dtype: field.dtype ?? '' })) }))
    .filter((group) => group.features.length > 0);
}

/** A service's entries as references; an entry without `features` takes its whole view. */
export function serviceRefs(service: FeatureServiceDefinition, views: readonly FeatureViewDefinition[]): string[] {
  return service.features.flatMap((entry) => {
    const names = entry.features ?? views.find((view) => view.name === entry.feature_view)?.schema.map((field) => field.name) ?? [];
    return names.map((name) => featureRef(entry.feature_view, name));
  });
}

/** The output column of a reference: `feature`, or `view__feature` with full feature names. */
export function outputName(ref: string, fullFeatureNames: boolean): string {
  const { view, feature } = splitFeatureRef(ref);
  return fullFeatureNames ? `${view}__${feature}` : feature;
}

/**
 * Output names that two references would share (Feast's FeatureNameCollisionError): the builder
 * warns before the core refuses.
 */
export function collidingNames(refs: readonly string[], fullFeatureNames: boolean): string[] {
  const seen = new Set<string>();
  const colliding = new Set<string>();
  for (const ref of refs) {
    const name = outputName(ref, fullFeatureNames);
    if (seen.has(name)) colliding.add(name);
    seen.add(name);
  }
  return [...colliding];
}

/** Toggles one reference, keeping the selection in checklist order. */
export function toggleRef(selected: readonly string[], ref: string, order: readonly string[]): string[] {
  const next = new Set(selected);
  if (next.has(ref)) next.delete(ref);
  else next.add(ref);
  return order.filter((candidate) => next.has(candidate));
}

/** Selects or clears every feature of one view. */
export function toggleGroup(selected: readonly string[], group: FeatureGroup, order: readonly string[]): string[] {
  const refs = group.features.map((feature) => feature.ref);
  const all = refs.every((ref) => selected.includes(ref));
  const next = new Set(selected);
  for (const ref of refs) {
    if (all) next.delete(ref);
    else next.add(ref);
  }
  return order.filter((candidate) => next.has(candidate));
}

export interface JoinKey {
  name: string;
  /** The entity's value_type (Feast's ValueType name), when the repo declares one. */
  valueType: string | undefined;
}

/** The join keys of the views the references read, in first-mention order. */
export function requiredJoinKeys(refs: readonly string[], views: readonly FeatureViewDefinition[], entities: readonly EntityDefinition[]): JoinKey[] {
  const keys: JoinKey[] = [];
  const viewNames = [...new Set(refs.map((ref) => splitFeatureRef(ref).view))];
  for (const viewName of viewNames) {
    const view = views.find((candidate) => candidate.name === viewName);
    for (const entityName of view?.entities ?? []) {
      const entity = entities.find((candidate) => candidate.name === entityName);
      for (const key of entity?.join_keys ?? [entityName]) {
        if (!keys.some((known) => known.name === key)) keys.push({ name: key, valueType: entity?.value_type });
      }
    }
  }
  return keys;
}

export type EntityValue = string | number | boolean;

const numericTypes = /^(Int32|Int64|Float32|Float64|Double|Float|UnixTimestamp)$/i;

/**
 * Comma- or line-separated key values. The online store keeps the number 1 and the string "1"
 * apart, so the entity's value_type decides; without one, values that all read as numbers are
 * sent as numbers (what a numeric CSV column was stored as), anything else as strings.
 */
export function parseEntityValues(text: string, valueType: string | undefined): { values: EntityValue[]; error: string | null } {
  const tokens = text
    .split(/[,\n]/)
    .map((token) => token.trim())
    .filter((token) => token !== '');
  const isNumber = (token: string) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(token);
  if (valueType !== undefined && /^bool$/i.test(valueType)) {
    const bad = tokens.find((token) => !/^(true|false)$/i.test(token));
    if (bad !== undefined) return { values: [], error: `"${bad}" is not true or false` };
    return { values: tokens.map((token) => token.toLowerCase() === 'true'), error: null };
  }
  if (valueType !== undefined && numericTypes.test(valueType)) {
    const bad = tokens.find((token) => !isNumber(token));
    if (bad !== undefined) return { values: [], error: `"${bad}" is not a number (the entity's value type is ${valueType})` };
    return { values: tokens.map(Number), error: null };
  }
  if (valueType === undefined && tokens.length > 0 && tokens.every(isNumber)) return { values: tokens.map(Number), error: null };
  return { values: tokens, error: null };
}
