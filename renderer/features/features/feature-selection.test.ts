import { describe, expect, it } from 'vitest';
import type { EntityDefinition, FeatureServiceDefinition, FeatureViewDefinition } from '../../../core/api/features-contract';
import { collidingNames, featureGroups, parseEntityValues, requiredJoinKeys, serviceRefs, toggleGroup, toggleRef } from './feature-selection';

function view(name: string, features: string[], entities = ['customer']): FeatureViewDefinition {
  return { name, source: 'src', entities, ttl: '30d', ttlMs: 1, schema: features.map((feature) => ({ name: feature, dtype: 'Float64' })), online: true, offline: true };
}

const views = [view('activity', ['total_spend', 'count']), view('profile', ['region', 'count']), view('empty', [])];
const entities: EntityDefinition[] = [{ name: 'customer', join_keys: ['customer_id'], value_type: 'String' }];

describe('featureGroups', () => {
  it('groups references by view in repo order, leaving out views without features', () => {
    const groups = featureGroups(views);
    expect(groups.map((group) => group.view)).toEqual(['activity', 'profile']);
    expect(groups[0].features).toEqual([
      { ref: 'activity:total_spend', name: 'total_spend', dtype: 'Float64' },
      { ref: 'activity:count', name: 'count', dtype: 'Float64' },
    ]);
  });
});

describe('selection', () => {
  const order = featureGroups(views).flatMap((group) => group.features.map((feature) => feature.ref));

  it('toggles one feature and keeps checklist order', () => {
    expect(toggleRef(['profile:region'], 'activity:count', order)).toEqual(['activity:count', 'profile:region']);
    expect(toggleRef(['activity:count', 'profile:region'], 'activity:count', order)).toEqual(['profile:region']);
  });

  it('selects a whole view, and clears it when all of it was selected', () => {
    const group = featureGroups(views)[0];
    expect(toggleGroup(['activity:count'], group, order)).toEqual(['activity:total_spend', 'activity:count']);
    expect(toggleGroup(['activity:total_spend', 'activity:count', 'profile:region'], group, order)).toEqual(['profile:region']);
  });

  it('expands a service: a bare view takes all its features, a listed one only those', () => {
    const service: FeatureServiceDefinition = { name: 'churn', features: [{ feature_view: 'activity' }, { feature_view: 'profile', features: ['region'] }] };
    expect(serviceRefs(service, views)).toEqual(['activity:total_spend', 'activity:count', 'profile:region']);
  });

  it('flags output names two features share, unless full feature names tell them apart', () => {
    expect(collidingNames(['activity:count', 'profile:count'], false)).toEqual(['count']);
    expect(collidingNames(['activity:count', 'profile:count'], true)).toEqual([]);
  });

  it('names the join keys the chosen views need, once each', () => {
    expect(requiredJoinKeys(['activity:count', 'profile:region'], views, entities)).toEqual([{ name: 'customer_id', valueType: 'String' }]);
    expect(requiredJoinKeys([], views, entities)).toEqual([]);
  });
});

describe('parseEntityValues', () => {
  it('splits on commas and lines, trimming blanks, and keeps string keys strings', () => {
    expect(parseEntityValues(' C001, C002 ,\nC003,', 'String')).toEqual({ values: ['C001', 'C002', 'C003'], error: null });
    expect(parseEntityValues('1001, 1002', 'String')).toEqual({ values: ['1001', '1002'], error: null });
  });

  it('sends numbers for numeric value types and refuses what is not one', () => {
    expect(parseEntityValues('1, 2.5', 'Int64')).toEqual({ values: [1, 2.5], error: null });
    expect(parseEntityValues('1, x', 'Int64').error).toMatch(/"x" is not a number/);
  });

  it('without a value type, sends numbers only when every value is one', () => {
    expect(parseEntityValues('7, 8', undefined).values).toEqual([7, 8]);
    expect(parseEntityValues('7, C8', undefined).values).toEqual(['7', 'C8']);
  });
});
