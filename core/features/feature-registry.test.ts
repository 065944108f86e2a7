import Sqlite from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../registry/audit-log.js';
import { migrations } from '../workspace/migrations.js';
import type { FeatureRepo } from './definitions.js';
import { FeatureRegistry } from './feature-registry.js';

function churnRepo(ttl = '30d'): FeatureRepo {
  return {
    project: 'churn',
    entities: [{ name: 'customer', join_keys: ['customer_id'], origin: { file: 'customers.yaml', line: 3, column: 5 } }],
    sources: [{ name: 'observations', path: '../churn.csv', file_format: 'csv', timestamp_field: 'event_timestamp' }],
    feature_views: [
      { name: 'activity', source: 'observations', entities: ['customer'], ttl, ttlMs: 0, schema: [{ name: 'total_spend', dtype: 'Float64' }], online: true, offline: false },
      { name: 'profile', source: 'observations', entities: ['customer'], ttl: '0', ttlMs: 0, schema: [{ name: 'region', dtype: 'String' }], online: true, offline: false },
    ],
    feature_services: [],
  };
}

let db: Sqlite.Database;
let registry: FeatureRegistry;
beforeEach(() => {
  db = new Sqlite(':memory:');
  for (const migration of migrations) db.exec(migration);
  registry = new FeatureRegistry(db);
});

const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('FeatureRegistry', () => {
  it('stores the first apply as version 1 with an audit entry carrying the plan', () => {
    expect(registry.current()).toBeNull();
    const result = registry.apply(churnRepo(), '/repos/churn', 'alice');
    expect(result).toMatchObject({ applied: true, version: 1 });
    expect(result.lines).toContain('Created feature view activity');
    const current = registry.current()!;
    expect(current).toMatchObject({ version: 1, project: 'churn', directory: '/repos/churn', applied_by: 'alice' });
    expect(current.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Positions in files are not part of a stored definition.
    expect(current.repo.entities[0]).not.toHaveProperty('origin');
    const [entry] = new AuditLog(db).list({ entityType: 'feature_repo' }).entries;
    expect(entry).toMatchObject({ action: 'features.apply', actor: 'alice', entity_id: 'churn', before: null });
    expect((entry.after as { plan: { feature_views: { added: string[] } } }).plan.feature_views.added).toEqual(['activity', 'profile']);
  });

  it('answers "no changes" to an identical apply, even when objects moved between files', () => {
    registry.apply(churnRepo(), '/repos/churn', 'alice');
    const moved = churnRepo();
    moved.entities[0].origin = { file: 'entities.yaml', line: 1, column: 1 };
    const again = registry.apply(moved, '/repos/churn', 'bob');
    expect(again).toMatchObject({ applied: false, version: 1, lines: ['No changes: the registry already matches the repo'] });
    expect(registry.versions()).toHaveLength(1);
    expect(count('audit_log')).toBe(1);
  });

  it('adds a version per change, keeps the old ones readable, and plans against the current one', () => {
    registry.apply(churnRepo(), '/repos/churn', 'alice');
    expect(registry.plan(churnRepo('7d')).feature_views.changed).toEqual([{ name: 'activity', fields: [{ field: 'ttl', before: '30d', after: '7d' }] }]);
    const second = registry.apply(churnRepo('7d'), '/repos/churn', 'bob');
    expect(second).toMatchObject({ applied: true, version: 2, lines: ['Updated feature view activity: ttl "30d" → "7d"'] });
    expect(registry.versions().map((version) => [version.version, version.applied_by])).toEqual([[2, 'bob'], [1, 'alice']]);
    expect(registry.version(1).repo.feature_views[0].ttl).toBe('30d');
    expect(() => registry.version(9)).toThrow(/version 9 does not exist/);
  });

  it('drops the online values of a removed view in the same transaction', () => {
    registry.apply(churnRepo(), '/repos/churn', 'alice');
    const insert = db.prepare("INSERT INTO feature_online_values VALUES (?, 's:C1', 1, NULL, '{}', 1)");
    insert.run('activity');
    insert.run('profile');
    const smaller = churnRepo();
    smaller.feature_views = smaller.feature_views.filter((view) => view.name !== 'activity');
    expect(registry.apply(smaller, '/repos/churn', 'alice').lines).toEqual(['Deleted feature view activity']);
    expect(db.prepare('SELECT feature_view FROM feature_online_values').all()).toEqual([{ feature_view: 'profile' }]);
  });

  it('makes a new version when the same definitions are applied from another folder', () => {
    registry.apply(churnRepo(), '/repos/churn', 'alice');
    expect(registry.apply(churnRepo(), '/elsewhere/churn', 'alice')).toMatchObject({ applied: true, version: 2, lines: ['Moved the repo folder: /repos/churn → /elsewhere/churn'] });
  });
});
