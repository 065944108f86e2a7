// Feast's columnar online response turned into one table row per entity and feature, each with
// its status: the lookup's table and badges read from here.
import type { OnlineFeaturesResponse } from '../../../core/api/features-contract';

export type OnlineStatus = OnlineFeaturesResponse['results'][number]['statuses'][number];
type Cell = OnlineFeaturesResponse['results'][number]['values'][number];

export interface OnlineRow {
  /** The entity row's join-key values, as sent. */
  entity: string;
  feature: string;
  value: string;
  status: OnlineStatus;
  /** ISO 8601 UTC; empty when the store holds nothing for the key. */
  eventTimestamp: string;
}

const badges: Record<OnlineStatus, { tone: string; label: string; hint: string }> = {
  PRESENT: { tone: 'badge-success', label: 'Present', hint: 'The online store holds a value within the view’s ttl.' },
  NULL_VALUE: { tone: '', label: 'Null value', hint: 'The latest row for this key has no value for the feature.' },
  NOT_FOUND: { tone: 'badge-danger', label: 'Not found', hint: 'Nothing materialized for this key: check the key or materialize a window that covers it.' },
  OUTSIDE_MAX_AGE: { tone: 'badge-warning', label: 'Outside max age', hint: 'The stored value is older than the view’s ttl.' },
};

/** The badge of a status; an unknown status (a newer core) still shows, untoned. */
export function statusBadge(status: string): { tone: string; label: string; hint: string } {
  return badges[status as OnlineStatus] ?? { tone: '', label: status, hint: '' };
}

export function formatOnlineValue(value: Cell | undefined): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? value : String(value);
}

/**
 * The response lists the join keys first (one result each) and then the features; `joinKeyCount`
 * says how many leading results are keys.
 */
export function onlineRows(response: OnlineFeaturesResponse, joinKeyCount: number): OnlineRow[] {
  const names = response.metadata.feature_names;
  const keyResults = response.results.slice(0, joinKeyCount);
  const rowCount = response.results[0]?.values.length ?? 0;
  const rows: OnlineRow[] = [];
  for (let row = 0; row < rowCount; row++) {
    const entity = keyResults.map((result, index) => (joinKeyCount > 1 ? `${names[index]}=` : '') + formatOnlineValue(result.values[row])).join(', ');
    for (let index = joinKeyCount; index < response.results.length; index++) {
      const result = response.results[index];
      rows.push({
        entity,
        feature: names[index] ?? `feature ${index}`,
        value: formatOnlineValue(result.values[row]),
        status: result.statuses[row],
        // Feast answers the epoch for a missing key; a date there would only mislead.
        eventTimestamp: result.statuses[row] === 'NOT_FOUND' ? '' : (result.event_timestamps[row] ?? ''),
      });
    }
  }
  return rows;
}

/** Rows per status, for the summary above the table. */
export function statusCounts(rows: readonly OnlineRow[]): Array<[OnlineStatus, number]> {
  const counts = new Map<OnlineStatus, number>();
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  return (Object.keys(badges) as OnlineStatus[]).filter((status) => counts.has(status)).map((status) => [status, counts.get(status)!]);
}
