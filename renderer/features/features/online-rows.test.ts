import { describe, expect, it } from 'vitest';
import type { OnlineFeaturesResponse } from '../../../core/api/features-contract';
import { onlineRows, statusBadge, statusCounts } from './online-rows';

const response: OnlineFeaturesResponse = {
  metadata: { feature_names: ['customer_id', 'total_spend', 'region'] },
  results: [
    { values: ['C1', 'C9'], statuses: ['PRESENT', 'PRESENT'], event_timestamps: ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'] },
    { values: [12.5, null], statuses: ['PRESENT', 'NOT_FOUND'], event_timestamps: ['2024-06-01T00:00:00Z', '1970-01-01T00:00:00Z'] },
    { values: ['north', null], statuses: ['OUTSIDE_MAX_AGE', 'NOT_FOUND'], event_timestamps: ['2023-01-01T00:00:00Z', '1970-01-01T00:00:00Z'] },
  ],
};

describe('onlineRows', () => {
  it('gives one row per entity and feature, the join keys taken out as the entity', () => {
    expect(onlineRows(response, 1)).toEqual([
      { entity: 'C1', feature: 'total_spend', value: '12.5', status: 'PRESENT', eventTimestamp: '2024-06-01T00:00:00Z' },
      { entity: 'C1', feature: 'region', value: 'north', status: 'OUTSIDE_MAX_AGE', eventTimestamp: '2023-01-01T00:00:00Z' },
      { entity: 'C9', feature: 'total_spend', value: 'null', status: 'NOT_FOUND', eventTimestamp: '' },
      { entity: 'C9', feature: 'region', value: 'null', status: 'NOT_FOUND', eventTimestamp: '' },
    ]);
  });

  it('names each key when an entity has several', () => {
    const twoKeys: OnlineFeaturesResponse = {
      metadata: { feature_names: ['store', 'item', 'sales'] },
      results: [
        { values: [1], statuses: ['PRESENT'], event_timestamps: [''] },
        { values: ['a'], statuses: ['PRESENT'], event_timestamps: [''] },
        { values: [3], statuses: ['PRESENT'], event_timestamps: ['2024-01-01T00:00:00Z'] },
      ],
    };
    expect(onlineRows(twoKeys, 2)[0].entity).toBe('store=1, item=a');
  });
});

describe('statusBadge', () => {
  it('maps each Feast status to a tone and words', () => {
    expect(statusBadge('PRESENT')).toMatchObject({ tone: 'badge-success', label: 'Present' });
    expect(statusBadge('NOT_FOUND')).toMatchObject({ tone: 'badge-danger', label: 'Not found' });
    expect(statusBadge('OUTSIDE_MAX_AGE')).toMatchObject({ tone: 'badge-warning', label: 'Outside max age' });
    expect(statusBadge('SOMETHING_NEW')).toMatchObject({ tone: '', label: 'SOMETHING_NEW' });
  });

  it('counts rows per status in a fixed order', () => {
    expect(statusCounts(onlineRows(response, 1))).toEqual([
      ['PRESENT', 1],
      ['NOT_FOUND', 2],
      ['OUTSIDE_MAX_AGE', 1],
    ]);
  });
});
