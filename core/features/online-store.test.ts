import Sqlite from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../workspace/migrations.js';
import { isoFromMicros, OnlineStore } from './online-store.js';
import type { ResolvedFeatureView } from './resolved-view.js';
import { isoToMilliseconds, numberColumn, tableOf, textColumn, timeColumn } from './table-fixtures.js';

const hour = 3_600_000;
const at = isoToMilliseconds;

function driverStats(rows: { driver: number; ts: string; created?: string; conv: number | null; acc?: number }[], ttlMs = 2 * hour): ResolvedFeatureView {
  return {
    name: 'driver_hourly_stats',
    joinKeys: ['driver_id'],
    ttlMs,
    timestampField: 'event_timestamp',
    createdTimestampColumn: 'created',
    fieldMapping: {},
    features: ['conv_rate', 'acc_rate'],
    online: true,
    table: tableOf(
      numberColumn('driver_id', rows.map((row) => row.driver)),
      timeColumn('event_timestamp', rows.map((row) => row.ts)),
      timeColumn('created', rows.map((row) => row.created ?? null)),
      numberColumn('conv_rate', rows.map((row) => row.conv)),
      numberColumn('acc_rate', rows.map((row) => row.acc ?? 0.5)),
    ),
  };
}

let database: Sqlite.Database;
let store: OnlineStore;
beforeEach(() => {
  database = new Sqlite(':memory:');
  // The workspace's own schema: the online store's tables come from its migrations.
  for (const migration of migrations) database.exec(migration);
  store = new OnlineStore(database);
});

describe('materialize', () => {
  it('writes only the latest row per key of the window, both bounds inclusive', () => {
    const view = driverStats([
      { driver: 1001, ts: '2021-12-31T20:00:00Z', conv: 0.1 },
      { driver: 1001, ts: '2021-12-31T23:00:00Z', conv: 0.7 },
      { driver: 1001, ts: '2022-01-01T01:00:00Z', conv: 0.9 }, // after the window
      { driver: 1002, ts: '2021-12-31T20:00:00Z', conv: 0.3 },
    ]);
    const result = store.materialize(view, at('2021-12-31T20:00:00Z'), at('2021-12-31T23:00:00Z'));
    expect(result).toMatchObject({ rows_scanned: 3, keys_written: 2, keys_skipped_older: 0 });
    const rows = database.prepare('SELECT entity_key, event_ts, feature_values FROM feature_online_values ORDER BY entity_key').all();
    expect(rows).toEqual([
      { entity_key: 'i:1001', event_ts: at('2021-12-31T23:00:00Z') * 1000, feature_values: '{"conv_rate":0.7,"acc_rate":0.5}' },
      { entity_key: 'i:1002', event_ts: at('2021-12-31T20:00:00Z') * 1000, feature_values: '{"conv_rate":0.3,"acc_rate":0.5}' },
    ]);
  });

  it('never lets a late, older batch overwrite a newer value; an equal ts with a newer created does replace', () => {
    const newer = driverStats([{ driver: 1001, ts: '2022-01-01T10:00:00Z', created: '2022-01-01T10:00:00Z', conv: 0.9 }]);
    store.materialize(newer, at('2022-01-01T00:00:00Z'), at('2022-01-02T00:00:00Z'));
    const older = driverStats([{ driver: 1001, ts: '2022-01-01T09:00:00Z', created: '2022-01-01T12:00:00Z', conv: 0.1 }]);
    expect(store.materialize(older, at('2022-01-01T00:00:00Z'), at('2022-01-02T00:00:00Z'))).toMatchObject({ keys_written: 0, keys_skipped_older: 1 });
    const staleCorrection = driverStats([{ driver: 1001, ts: '2022-01-01T10:00:00Z', created: '2022-01-01T09:59:00Z', conv: 0.2 }]);
    expect(store.materialize(staleCorrection, at('2022-01-01T00:00:00Z'), at('2022-01-02T00:00:00Z'))).toMatchObject({ keys_written: 0, keys_skipped_older: 1 });
    const correction = driverStats([{ driver: 1001, ts: '2022-01-01T10:00:00Z', created: '2022-01-01T11:00:00Z', conv: 0.95 }]);
    expect(store.materialize(correction, at('2022-01-01T00:00:00Z'), at('2022-01-02T00:00:00Z'))).toMatchObject({ keys_written: 1, keys_skipped_older: 0 });
    const response = store.getOnlineFeatures({ features: ['driver_hourly_stats:conv_rate'], entityRows: [{ driver_id: 1001 }] }, [newer], at('2022-01-01T11:00:00Z'));
    expect(response.results[1].values).toEqual([0.95]);
  });

  it('refuses an empty window and a view that is not online', () => {
    const view = driverStats([{ driver: 1, ts: '2022-01-01T00:00:00Z', conv: 1 }]);
    expect(() => store.materialize(view, at('2022-01-02T00:00:00Z'), at('2022-01-01T00:00:00Z'))).toThrow(/window is empty/);
    expect(() => store.materialize({ ...view, online: false }, 0, at('2022-01-02T00:00:00Z'))).toThrow(/not online/);
  });

  it('materialize-incremental starts at now - ttl, then at the previous end; 52 weeks back without a ttl', () => {
    const view = driverStats([
      { driver: 1, ts: '2022-01-01T07:59:59Z', conv: 0.1 }, // older than now - ttl on the first run
      { driver: 2, ts: '2022-01-01T08:00:00Z', conv: 0.2 },
      { driver: 3, ts: '2022-01-01T11:00:00Z', conv: 0.3 },
    ]);
    const first = store.materializeIncremental(view, at('2022-01-01T10:00:00Z'));
    expect(first).toMatchObject({ start: at('2022-01-01T08:00:00Z'), end: at('2022-01-01T10:00:00Z'), keys_written: 1 });
    expect(first.notice).toBeUndefined();
    const second = store.materializeIncremental(view, at('2022-01-01T12:00:00Z'));
    expect(second).toMatchObject({ start: at('2022-01-01T10:00:00Z'), keys_written: 1 });
    const unlimited = { ...view, name: 'forever', ttlMs: 0 };
    const forever = store.materializeIncremental(unlimited, at('2022-01-01T12:00:00Z'));
    expect(forever).toMatchObject({ start: at('2022-01-01T12:00:00Z') - 52 * 7 * 24 * hour, keys_written: 3 });
    expect(forever.notice).toMatch(/52 weeks/);
  });
});

describe('getOnlineFeatures', () => {
  it("answers in Feast's columnar shape with PRESENT, NOT_FOUND, OUTSIDE_MAX_AGE and NULL_VALUE", () => {
    const view = driverStats([
      { driver: 1001, ts: '2021-12-31T23:00:00Z', conv: 0.7 },
      { driver: 1003, ts: '2021-12-31T20:00:00Z', conv: 0.5 }, // 4 h old at now: beyond the 2 h ttl
      { driver: 1004, ts: '2021-12-31T22:00:00Z', conv: null }, // exactly 2 h old: still fresh
    ]);
    store.materialize(view, at('2021-12-31T00:00:00Z'), at('2022-01-01T00:00:00Z'));
    const response = store.getOnlineFeatures(
      { features: ['driver_hourly_stats:conv_rate', 'driver_hourly_stats:acc_rate'], entityRows: [{ driver_id: 1001 }, { driver_id: 1002 }, { driver_id: 1003 }, { driver_id: 1004 }] },
      [view],
      at('2022-01-01T00:00:00Z'),
    );
    expect(response).toEqual({
      metadata: { feature_names: ['driver_id', 'conv_rate', 'acc_rate'] },
      results: [
        { values: [1001, 1002, 1003, 1004], statuses: ['PRESENT', 'PRESENT', 'PRESENT', 'PRESENT'], event_timestamps: Array(4).fill('1970-01-01T00:00:00Z') },
        {
          values: [0.7, null, 0.5, null],
          statuses: ['PRESENT', 'NOT_FOUND', 'OUTSIDE_MAX_AGE', 'NULL_VALUE'],
          event_timestamps: ['2021-12-31T23:00:00Z', '1970-01-01T00:00:00Z', '2021-12-31T20:00:00Z', '2021-12-31T22:00:00Z'],
        },
        {
          values: [0.5, null, 0.5, 0.5],
          statuses: ['PRESENT', 'NOT_FOUND', 'OUTSIDE_MAX_AGE', 'PRESENT'],
          event_timestamps: ['2021-12-31T23:00:00Z', '1970-01-01T00:00:00Z', '2021-12-31T20:00:00Z', '2021-12-31T22:00:00Z'],
        },
      ],
    });
    const blanked = store.getOnlineFeatures({ features: ['driver_hourly_stats:conv_rate'], entityRows: [{ driver_id: 1003 }], stale: 'null', fullFeatureNames: true }, [view], at('2022-01-01T00:00:00Z'));
    expect(blanked.metadata.feature_names).toEqual(['driver_id', 'driver_hourly_stats__conv_rate']);
    expect(blanked.results[1]).toMatchObject({ values: [null], statuses: ['OUTSIDE_MAX_AGE'] });
  });

  it('keeps string and number keys apart and names a missing join key', () => {
    const view: ResolvedFeatureView = {
      ...driverStats([]),
      joinKeys: ['customer_id'],
      table: tableOf(textColumn('customer_id', ['1']), timeColumn('event_timestamp', ['2022-01-01T00:00:00Z']), timeColumn('created', [null]), numberColumn('conv_rate', [0.4]), numberColumn('acc_rate', [1])),
    };
    store.materialize(view, 0, at('2022-01-01T00:00:00Z'));
    const response = store.getOnlineFeatures({ features: ['driver_hourly_stats:conv_rate'], entityRows: [{ customer_id: '1' }, { customer_id: 1 }] }, [view], at('2022-01-01T01:00:00Z'));
    expect(response.results[1].statuses).toEqual(['PRESENT', 'NOT_FOUND']);
    expect(() => store.getOnlineFeatures({ features: ['driver_hourly_stats:conv_rate'], entityRows: [{ customer_id: '1' }, { driver_id: 1 }] }, [view], 0)).toThrow(/Entity row 2 needs a value for join key "customer_id"/);
    expect(() => store.getOnlineFeatures({ features: ['driver_hourly_stats:speed'], entityRows: [{ customer_id: '1' }] }, [view], 0)).toThrow(/no feature "speed"/);
  });

  it('formats microsecond timestamps without losing digits', () => {
    expect(isoFromMicros(at('2024-01-01T15:00:00.000001Z') * 1000)).toBe('2024-01-01T15:00:00.000001Z');
    expect(isoFromMicros(0)).toBe('1970-01-01T00:00:00Z');
  });
});
