import { describe, expect, it } from 'vitest';
import type { RepoPlan } from '../../../core/api/features-contract';
import { ApiError } from '../../api/api-error';
import { formatPlanValue, planSections, planSummary, repoFailure } from './plan-diff';

const empty = { added: [], changed: [], removed: [] };

const plan: RepoPlan = {
  entities: { added: ['customer'], changed: [], removed: [] },
  sources: empty,
  feature_views: {
    added: [],
    changed: [
      {
        name: 'customer_activity',
        fields: [
          { field: 'schema', before: [{ name: 'total_spend', dtype: 'Float64' }, { name: 'region', dtype: 'String' }], after: [{ name: 'total_spend', dtype: 'Float32' }, { name: 'tenure', dtype: 'Int64' }] },
          { field: 'ttl', before: '30d', after: '7d' },
          { field: 'tags', before: null, after: { team: 'growth' } },
        ],
      },
    ],
    removed: ['old_view'],
  },
  feature_services: empty,
  hasChanges: true,
};

describe('planSections', () => {
  it('lists only the kinds that change, added before changed before removed', () => {
    const sections = planSections(plan);
    expect(sections.map((section) => section.label)).toEqual(['Entities', 'Feature views']);
    expect(sections[1].entries.map((entry) => [entry.change, entry.name])).toEqual([
      ['changed', 'customer_activity'],
      ['removed', 'old_view'],
    ]);
  });

  it('breaks a schema change down to the columns retyped, added and dropped, with before → after', () => {
    const fields = planSections(plan)[1].entries[0].fields;
    expect(fields).toEqual([
      { field: 'schema.total_spend', before: 'Float64', after: 'Float32' },
      { field: 'schema.tenure', before: '—', after: 'Int64' },
      { field: 'schema.region', before: 'String', after: '—' },
      { field: 'ttl', before: '30d', after: '7d' },
      { field: 'tags', before: '—', after: 'team=growth' },
    ]);
  });

  it('shows a reordered schema rather than an empty change', () => {
    const reordered = planSections({
      ...plan,
      entities: empty,
      feature_views: { added: [], removed: [], changed: [{ name: 'v', fields: [{ field: 'schema', before: [{ name: 'a' }, { name: 'b' }], after: [{ name: 'b' }, { name: 'a' }] }] }] },
    });
    expect(reordered[0].entries[0].fields).toEqual([{ field: 'schema (order)', before: 'a, b', after: 'b, a' }]);
  });
});

describe('formatPlanValue', () => {
  it('reads values as written: bare strings, joined lists, service entries, absent as a dash', () => {
    expect(formatPlanValue('30d')).toBe('30d');
    expect(formatPlanValue(['customer_id'])).toBe('customer_id');
    expect(formatPlanValue([{ feature_view: 'a' }, { feature_view: 'b', features: ['x', 'y'] }])).toBe('a (all), b: x, y');
    expect(formatPlanValue(undefined)).toBe('—');
    expect(formatPlanValue(false)).toBe('false');
  });
});

describe('planSummary', () => {
  it('counts every kind together, and says so when nothing changes', () => {
    expect(planSummary(plan)).toBe('1 to add, 1 to change, 1 to remove');
    expect(planSummary({ entities: empty, sources: empty, feature_views: empty, feature_services: empty, hasChanges: false })).toMatch(/^No changes/);
  });
});

describe('repoFailure', () => {
  it('places each problem at file:line:column with its field, and keeps the headline to one line', () => {
    const error = new ApiError(400, 'VALIDATION_ERROR', 'The feature repo has 1 problem:\nviews.yaml:4:10: feature_views[0].ttl: bad', {
      problems: [{ file: 'views.yaml', line: 4, column: 10, field: 'feature_views[0].ttl', message: 'ttl "7x" is not a duration' }],
    });
    expect(repoFailure(error)).toEqual({
      message: 'The feature repo has 1 problem:',
      problems: [{ location: 'views.yaml:4:10', field: 'feature_views[0].ttl', message: 'ttl "7x" is not a duration' }],
    });
  });

  it('keeps a problem without a place (a missing folder) as the whole message', () => {
    expect(repoFailure(new ApiError(400, 'VALIDATION_ERROR', 'Feature repo folder /x does not exist', { directory: '/x' }))).toEqual({ message: 'Feature repo folder /x does not exist', problems: [] });
  });
});
