// Deployments that take only entity keys (issue 7 item 4, the churn flow customer_id → features →
// model): each record's key is looked up in the online store and the view's latest values are
// merged in before scoring. The online store is the source of truth for feature fields: a value
// the caller sends for a feature field is replaced by the stored one; other fields (ids, request-
// time inputs the model takes directly) come from the request. A feature that cannot be served
// fresh answers a 4xx naming the entity and the feature rather than scoring on a guess.
import { NotFoundError, ValidationError } from '../api/errors.js';
import type { OnlineOptions } from '../features/feature-service.js';
import type { OnlineResponse } from '../features/online-store.js';
import type { DeploymentFeatures } from './types.js';

/** What serving needs of the feature store (FeatureService satisfies it). */
export interface OnlineFeatureReader {
  getOnline(options: OnlineOptions): OnlineResponse;
}

export interface EnrichedRecords {
  records: Record<string, unknown>[];
  /** The fetched feature names: allowed in records even where the model does not take them. */
  featureNames: string[];
}

export function enrichRecords(reader: OnlineFeatureReader | undefined, config: DeploymentFeatures, records: readonly unknown[]): EnrichedRecords {
  if (!reader) throw new ValidationError('This deployment reads features from the online store, but the server has no feature store.');
  const { entityKey } = config;
  const keys = records.map((record, row) => {
    const value = record !== null && typeof record === 'object' && !Array.isArray(record) ? (record as Record<string, unknown>)[entityKey] : undefined;
    if (value === undefined || value === null || value === '') {
      throw new ValidationError(`Record ${row} has no '${entityKey}': this deployment takes the entity key and reads its features from the online store.`, { field: entityKey, row });
    }
    return value;
  });
  const response = reader.getOnline({
    ...(config.service ? { service: config.service } : { features: config.features ?? [] }),
    entities: { [entityKey]: keys },
  });
  const names = response.metadata.feature_names;
  const featureColumns = names.map((name, column) => ({ name, column })).filter(({ name }) => name !== entityKey);
  const enriched = records.map((record, row) => {
    const merged: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    for (const { name, column } of featureColumns) {
      const result = response.results[column];
      const status = result.statuses[row];
      if (status === 'NOT_FOUND') {
        throw new NotFoundError(`No online value of feature '${name}' for ${entityKey} '${String(keys[row])}': the entity is not in the online store (materialize its feature view, or check the key).`, { entity: keys[row], feature: name, status });
      }
      if (status === 'OUTSIDE_MAX_AGE' && !config.allowStale) {
        throw new ValidationError(`The online value of feature '${name}' for ${entityKey} '${String(keys[row])}' is older than its view's ttl (stored at ${result.event_timestamps[row]}): materialize again, or allow stale features on this deployment.`, { entity: keys[row], feature: name, status });
      }
      merged[name] = result.values[row];
    }
    return merged;
  });
  return { records: enriched, featureNames: featureColumns.map(({ name }) => name) };
}
