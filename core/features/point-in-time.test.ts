import { describe, expect, it } from 'vitest';
import { createRandom } from '../../resources/samples/churn/generate.js';
import { ValidationError } from '../api/errors.js';
import type { Table } from '../datasets/table.js';
import { getHistoricalFeatures } from './point-in-time.js';
import type { ResolvedFeatureView } from './resolved-view.js';
import { columnValues, numberColumn, tableOf, textColumn, timeColumn } from './table-fixtures.js';

const hour = 3_600_000;

// Reference §2.2: driver 1001, ttl 2 h, four source rows including a late correction (f3).
function driverStats(ttlMs: number): ResolvedFeatureView {
  return {
    name: 'driver_stats',
    joinKeys: ['driver_id'],
    ttlMs,
    timestampField: 'event_timestamp',
    createdTimestampColumn: 'created',
    fieldMapping: {},
    features: ['conv'],
    online: true,
    table: tableOf(
      numberColumn('driver_id', [1001, 1001, 1001, 1001]),
      timeColumn('event_timestamp', ['2024-01-01T10:00:00Z', '2024-01-01T11:00:00Z', '2024-01-01T11:00:00Z', '2024-01-01T13:00:00Z']),
      timeColumn('created', ['2024-01-01T10:05:00Z', '2024-01-01T11:01:00Z', '2024-01-01T12:30:00Z', '2024-01-01T13:00:00Z']),
      numberColumn('conv', [0.1, 0.2, 0.3, 0.4]),
    ),
  };
}

const goldenEntities = tableOf(
  numberColumn('driver_id', [1001, 1001, 1001, 1001, 1001, 1001, 1001, 1002]),
  timeColumn('event_timestamp', [
    '2024-01-01T09:00:00Z',
    '2024-01-01T10:00:00Z',
    '2024-01-01T12:00:00Z',
    '2024-01-01T12:00:00Z',
    '2024-01-01T13:00:00Z',
    '2024-01-01T15:00:00Z',
    '2024-01-01T15:00:00.000001Z',
    '2024-01-01T12:00:00Z',
  ]),
  textColumn('label', ['e1', 'e2', 'e3', "e3'", 'e4', 'e5', 'e6', 'e7']),
);

describe('getHistoricalFeatures: the reference worked example (§2.2)', () => {
  it('default: inclusive bounds, ttl window, created tie-break, duplicates kept, NULL when nothing matches', () => {
    const result = getHistoricalFeatures({ entityTable: goldenEntities, featureViews: [driverStats(2 * hour)], features: ['driver_stats:conv'] });
    expect(result.rowCount).toBe(8);
    expect(columnValues(result, 'label')).toEqual(['e1', 'e2', 'e3', "e3'", 'e4', 'e5', 'e6', 'e7']);
    expect(columnValues(result, 'conv')).toEqual([null, 0.1, 0.3, 0.3, 0.4, 0.4, null, null]);
  });

  it('filter_by_created_timestamp: a row created after t is invisible, created = t is visible', () => {
    const result = getHistoricalFeatures({ entityTable: goldenEntities, featureViews: [driverStats(2 * hour)], features: ['driver_stats:conv'], filterByCreatedTimestamp: true });
    expect(columnValues(result, 'conv')).toEqual([null, null, 0.2, 0.2, 0.4, 0.4, null, null]);
  });

  it('ttl 0: unlimited lookback', () => {
    const result = getHistoricalFeatures({ entityTable: goldenEntities, featureViews: [driverStats(0)], features: ['driver_stats:conv'] });
    expect(columnValues(result, 'conv')).toEqual([null, 0.1, 0.3, 0.3, 0.4, 0.4, 0.4, null]);
  });

  it('full feature names prefix the view with a double underscore and keep the entity columns first', () => {
    const result = getHistoricalFeatures({ entityTable: goldenEntities, featureViews: [driverStats(2 * hour)], features: ['driver_stats:conv'], fullFeatureNames: true });
    expect(result.columns.map((column) => column.name)).toEqual(['driver_id', 'event_timestamp', 'label', 'driver_stats__conv']);
  });
});

describe('getHistoricalFeatures: rules beyond the worked example', () => {
  const profile: ResolvedFeatureView = {
    name: 'profile',
    joinKeys: ['customer_id'],
    ttlMs: 0,
    timestampField: 'ts',
    fieldMapping: { cust: 'customer_id', observed_at: 'ts', seg: 'segment' },
    features: ['segment', 'conv'],
    online: true,
    table: tableOf(
      textColumn('cust', ['C1', 'C1', 'C2', 'C2']),
      timeColumn('observed_at', ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z']),
      textColumn('seg', ['new', 'loyal', 'regular', 'high_value']),
      numberColumn('conv', [1, 2, 3, 4]),
    ),
  };
  const entities = tableOf(textColumn('customer_id', ['C1', 'C2', 'C3', 'C1']), timeColumn('event_timestamp', ['2024-01-01T12:00:00Z', '2024-01-05T00:00:00Z', '2024-01-05T00:00:00Z', '2024-01-03T00:00:00Z']));

  it('applies field_mapping to keys, timestamp and features, and the last ingested row wins an exact tie (P10, P13)', () => {
    const result = getHistoricalFeatures({ entityTable: entities, featureViews: [profile], features: ['profile:segment'] });
    expect(result.rowCount).toBe(4);
    expect(columnValues(result, 'segment')).toEqual(['new', 'high_value', null, 'loyal']);
  });

  it('takes a feature service instead of references', () => {
    const service = { name: 'svc', features: [{ feature_view: 'profile' }] };
    const result = getHistoricalFeatures({ entityTable: entities, featureViews: [profile], features: service });
    expect(result.columns.map((column) => column.name)).toEqual(['customer_id', 'event_timestamp', 'segment', 'conv']);
  });

  it('rejects a feature name that two views share without full names, and one that overwrites an entity column', () => {
    const twin = { ...profile, name: 'profile_copy' };
    expect(() => getHistoricalFeatures({ entityTable: entities, featureViews: [profile, twin], features: ['profile:conv', 'profile_copy:conv'] })).toThrow(/collision/);
    const both = getHistoricalFeatures({ entityTable: entities, featureViews: [profile, twin], features: ['profile:conv', 'profile_copy:conv'], fullFeatureNames: true });
    expect(columnValues(both, 'profile_copy__conv')).toEqual([1, 4, null, 2]);
    const labelled = tableOf(...entities.columns, numberColumn('conv', [0, 0, 0, 0]));
    expect(() => getHistoricalFeatures({ entityTable: labelled, featureViews: [profile], features: ['profile:conv'] })).toThrow(/entity column "conv"/);
  });

  it('names what is wrong with the request', () => {
    const noTime = tableOf(textColumn('customer_id', ['C1']));
    expect(() => getHistoricalFeatures({ entityTable: noTime, featureViews: [profile], features: ['profile:conv'] })).toThrow(/no timestamp column/);
    const badTime = tableOf(textColumn('customer_id', ['C1', 'C2']), textColumn('event_timestamp', ['2024-01-01', 'yesterday']));
    expect(() => getHistoricalFeatures({ entityTable: badTime, featureViews: [profile], features: ['profile:conv'] })).toThrow(/row 2 holds "yesterday"/);
    const missingTime = tableOf(textColumn('customer_id', ['C1', 'C2']), timeColumn('event_timestamp', ['2024-01-01T00:00:00Z', null]));
    expect(() => getHistoricalFeatures({ entityTable: missingTime, featureViews: [profile], features: ['profile:conv'] })).toThrow(/Entity row 2/);
    const noKey = tableOf(textColumn('driver', ['C1']), timeColumn('event_timestamp', ['2024-01-01T00:00:00Z']));
    expect(() => getHistoricalFeatures({ entityTable: noKey, featureViews: [profile], features: ['profile:conv'] })).toThrow(/lacks the join key customer_id/);
    expect(() => getHistoricalFeatures({ entityTable: entities, featureViews: [profile], features: ['profile:nope'] })).toThrow(/no feature "nope"/);
    expect(() => getHistoricalFeatures({ entityTable: entities, featureViews: [profile], features: ['profile@v2:conv'] })).toThrow(ValidationError);
    const numericKeys = tableOf(numberColumn('customer_id', [1]), timeColumn('event_timestamp', ['2024-01-01T00:00:00Z']));
    expect(() => getHistoricalFeatures({ entityTable: numericKeys, featureViews: [profile], features: ['profile:conv'] })).toThrow(/numbers on one side and strings/);
  });

  it('ranks a NULL created timestamp below every real one, also when the source arrives out of order (P5)', () => {
    const view: ResolvedFeatureView = {
      ...driverStats(0),
      table: tableOf(
        numberColumn('driver_id', [7, 7, 7]),
        timeColumn('event_timestamp', ['2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z']),
        timeColumn('created', ['2024-01-02T00:00:00Z', '1970-01-01T00:00:00Z', null]),
        numberColumn('conv', [3, 1, 2]),
      ),
    };
    const entities = tableOf(numberColumn('driver_id', [7]), timeColumn('event_timestamp', ['2024-01-01T12:00:00Z']));
    expect(columnValues(getHistoricalFeatures({ entityTable: entities, featureViews: [view], features: ['driver_stats:conv'] }), 'conv')).toEqual([1]);
  });

  it('uses the only datetime column when event_timestamp is absent (P1)', () => {
    const renamed = tableOf(textColumn('customer_id', ['C1']), timeColumn('as_of', ['2024-01-03T00:00:00Z']));
    expect(columnValues(getHistoricalFeatures({ entityTable: renamed, featureViews: [profile], features: ['profile:conv'] }), 'conv')).toEqual([2]);
  });
});

/** Reference §2.3's oracle: O(n·m), straight from the rules. */
function bruteForce(entities: Table, view: ResolvedFeatureView, feature: string, filterByCreated: boolean): (number | null)[] {
  const keys = columnValues(entities, 'k');
  const times = columnValues(entities, 'event_timestamp') as number[];
  const sourceKeys = columnValues(view.table, 'k');
  const sourceTimes = columnValues(view.table, 'ts') as (number | null)[];
  const created = columnValues(view.table, 'created') as (number | null)[];
  const values = columnValues(view.table, feature) as (number | null)[];
  return keys.map((key, row) => {
    const time = times[row];
    let best = -1;
    for (let candidate = 0; candidate < sourceKeys.length; candidate++) {
      const ts = sourceTimes[candidate];
      if (key === null || sourceKeys[candidate] !== key || ts === null || ts > time) continue;
      if (view.ttlMs > 0 && ts < time - view.ttlMs) continue;
      if (filterByCreated && (created[candidate] === null || created[candidate]! > time)) continue;
      const rank = (index: number) => [sourceTimes[index]!, created[index] ?? -Infinity, index];
      const [a, b] = [rank(candidate), rank(best)];
      if (best < 0 || a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best = candidate;
    }
    return best < 0 ? null : values[best];
  });
}

describe('getHistoricalFeatures against the brute-force oracle on random data', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}`, () => {
      const random = createRandom(seed);
      const integer = (limit: number) => Math.floor(random() * limit);
      const numericKeys = seed % 2 === 0;
      const keyOf = (draw: number): string | number | null => (draw === 0 && seed % 3 === 0 ? null : numericKeys ? draw * 7 - 10 : `K${draw}`);
      const sourceRows = integer(120);
      const entityRows = 1 + integer(80);
      // Few distinct times and created stamps, so exact ties, the TTL edge and NULL created all occur.
      const time = () => integer(40) * 1000;
      const source = tableOf(
        numericKeys ? numberColumn('k', Array.from({ length: sourceRows }, () => keyOf(integer(8)) as number | null)) : textColumn('k', Array.from({ length: sourceRows }, () => keyOf(integer(8)) as string | null)),
        { name: 'ts', type: 'datetime', values: Float64Array.from({ length: sourceRows }, () => (random() < 0.03 ? NaN : time())) },
        { name: 'created', type: 'datetime', values: Float64Array.from({ length: sourceRows }, () => (random() < 0.2 ? NaN : time())) },
        numberColumn('value', Array.from({ length: sourceRows }, (_, index) => index)),
      );
      const entities = tableOf(
        numericKeys ? numberColumn('k', Array.from({ length: entityRows }, () => keyOf(integer(10)) as number | null)) : textColumn('k', Array.from({ length: entityRows }, () => keyOf(integer(10)) as string | null)),
        { name: 'event_timestamp', type: 'datetime', values: Float64Array.from({ length: entityRows }, time) },
      );
      const view: ResolvedFeatureView = {
        name: 'v',
        joinKeys: ['k'],
        ttlMs: [0, 1000, 5000, 20_000][integer(4)],
        timestampField: 'ts',
        createdTimestampColumn: 'created',
        fieldMapping: {},
        features: ['value'],
        online: true,
        table: source,
      };
      for (const filterByCreated of [false, true]) {
        const result = getHistoricalFeatures({ entityTable: entities, featureViews: [view], features: ['v:value'], filterByCreatedTimestamp: filterByCreated });
        expect(result.rowCount).toBe(entityRows);
        expect(result.columns[0]).toBe(entities.columns[0]);
        expect(columnValues(result, 'value')).toEqual(bruteForce(entities, view, 'value', filterByCreated));
      }
    });
  }
});
