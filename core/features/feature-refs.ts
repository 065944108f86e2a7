// Feature references (`view:feature`, or a feature service) resolved to the columns a retrieval
// produces, with Feast's output naming and collision rules (reference P14).
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { FeatureServiceDefinition } from './definitions.js';

export interface FeatureRef {
  view: string;
  feature: string;
}

/**
 * `view:feature`; Feast's versioned form `view@v2:feature` is parsed and refused unless it names
 * the latest version, because v1 keeps one version per view (reference §1).
 */
export function parseFeatureRef(text: string): FeatureRef {
  const match = /^([^:@\s]+)(?:@([^:\s]+))?:([^:\s]+)$/.exec(text);
  if (!match) throw new ValidationError(`Feature reference "${text}" is not of the form view:feature`, { reference: text });
  const [, view, version, feature] = match;
  if (version !== undefined && version !== 'latest') {
    throw new ValidationError(`Feature reference "${text}" asks for version ${version}; only the latest version of a feature view can be read`, { reference: text });
  }
  return { view, feature };
}

/** The minimum a retrieval needs to know about a view to name and check its features. */
export interface ViewFeatures {
  name: string;
  features: readonly string[];
}

export interface SelectedView {
  view: string;
  /** Requested features of this view, in request order, with their output column names. */
  features: { feature: string; output: string }[];
}

export type FeatureSelection = readonly string[] | FeatureServiceDefinition;

/**
 * Groups the requested features by view (views in first-mention order) and names the output
 * columns: `feature`, or `view__feature` with full names. Two requested features with the same
 * output name, or one that would overwrite a column the caller keeps (entity table columns, join
 * keys), are refused: Feast's FeatureNameCollisionError, extended to entity columns (P14).
 */
export function selectFeatures(
  selection: FeatureSelection,
  views: readonly ViewFeatures[],
  options: { fullFeatureNames: boolean; reservedColumns: readonly string[] },
): SelectedView[] {
  const refs: FeatureRef[] = Array.isArray(selection) ? selection.map((text) => parseFeatureRef(text)) : serviceRefs(selection as FeatureServiceDefinition, views);
  if (refs.length === 0) throw new ValidationError('No features requested: give at least one view:feature reference or a feature service');
  const byView = new Map<string, SelectedView>();
  const outputs = new Map<string, string>();
  for (const column of options.reservedColumns) outputs.set(column, `the entity column "${column}"`);
  for (const ref of refs) {
    const view = views.find((candidate) => candidate.name === ref.view);
    if (!view) throw new NotFoundError(`Feature view "${ref.view}" does not exist (known: ${views.map((candidate) => candidate.name).join(', ') || 'none'})`, { view: ref.view });
    if (!view.features.includes(ref.feature)) {
      throw new NotFoundError(`Feature view "${ref.view}" has no feature "${ref.feature}" (it has ${view.features.join(', ')})`, { view: ref.view, feature: ref.feature });
    }
    const output = options.fullFeatureNames ? `${ref.view}__${ref.feature}` : ref.feature;
    const taken = outputs.get(output);
    if (taken !== undefined) {
      const hint = options.fullFeatureNames ? '' : '; request full feature names (view__feature) to keep both';
      throw new ValidationError(`Feature name collision: "${ref.view}:${ref.feature}" would be named "${output}", like ${taken}${hint}`, {
        reason: 'feature_name_collision',
        column: output,
      });
    }
    outputs.set(output, `"${ref.view}:${ref.feature}"`);
    let selected = byView.get(ref.view);
    if (!selected) byView.set(ref.view, (selected = { view: ref.view, features: [] }));
    selected.features.push({ feature: ref.feature, output });
  }
  return [...byView.values()];
}

function serviceRefs(service: FeatureServiceDefinition, views: readonly ViewFeatures[]): FeatureRef[] {
  return service.features.flatMap((entry) => {
    const features = entry.features ?? views.find((view) => view.name === entry.feature_view)?.features ?? [];
    if (entry.features === undefined && features.length === 0) {
      throw new NotFoundError(`Feature service "${service.name}" uses feature view "${entry.feature_view}", which does not exist`, { view: entry.feature_view });
    }
    return features.map((feature) => ({ view: entry.feature_view, feature }));
  });
}
