import { describe, expect, it } from 'vitest';
import { pointInTimeJoin } from './pit-task.js';
import type { ResolvedFeatureView } from './resolved-view.js';
import { columnValues, tableOf, textColumn, timeColumn } from './table-fixtures.js';

describe('pointInTimeJoin (worker task)', () => {
  it('answers the same after its input and output cross a thread boundary by structured clone', async () => {
    const view: ResolvedFeatureView = {
      name: 'customer_profile',
      joinKeys: ['customer_id'],
      ttlMs: 0,
      timestampField: 'event_timestamp',
      fieldMapping: {},
      features: ['region'],
      online: true,
      table: tableOf(textColumn('customer_id', ['C1', 'C2']), timeColumn('event_timestamp', ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z']), textColumn('region', ['north', 'south'])),
    };
    const entities = tableOf(textColumn('customer_id', ['C2', 'C1', 'C2']), timeColumn('event_timestamp', ['2024-01-03T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z']));
    const request = structuredClone({ entityTable: entities, featureViews: [view], features: ['customer_profile:region'], fullFeatureNames: true });
    const result = structuredClone(await pointInTimeJoin(request));
    expect(columnValues(result, 'customer_profile__region')).toEqual(['south', 'north', null]);
  });

  it('rejects with the named error the pool carries across threads', async () => {
    const entities = tableOf(textColumn('customer_id', ['C1']));
    await expect(pointInTimeJoin({ entityTable: entities, featureViews: [], features: ['x:y'] })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
  });
});
