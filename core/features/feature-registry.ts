// Applied feature definitions: every `apply` that changes something stores the whole repo as a new
// immutable version, in one immediate transaction with its audit entry, so training sets and
// models can name the exact definitions they were built from and nobody changes them unseen.
import { createHash } from 'node:crypto';
import { NotFoundError } from '../api/errors.js';
import { AuditLog, canonicalJson } from '../registry/audit-log.js';
import type { Sqlite } from '../workspace/database.js';
import type { FeatureRepo } from './definitions.js';
import { describePlan, planRepo, type RepoPlan } from './plan.js';

/**
 * Proposed migration: the applied repo versions, the lineage of training sets saved from
 * historical retrieval (dataset versions have no JSON column to carry it), and the online store.
 * `directory` is where the repo was applied from: source paths resolve against it.
 */
// Tables: migration 5 (core/workspace/migrations.ts).

export interface AppliedRepoSummary {
  version: number;
  project: string;
  directory: string;
  sha256: string;
  applied_time: number;
  applied_by: string;
}

export interface AppliedRepo extends AppliedRepoSummary {
  repo: FeatureRepo;
}

export interface ApplyResult {
  applied: boolean;
  /** The version now current: the new one, or the unchanged one when `applied` is false. */
  version: number;
  plan: RepoPlan;
  lines: string[];
}

interface VersionRow extends AppliedRepoSummary {
  repo: string;
}

const summaryColumns = 'version, project, directory, sha256, applied_time, applied_by';

export class FeatureRegistry {
  private readonly audit: AuditLog;

  constructor(private readonly db: Sqlite) {
    this.audit = new AuditLog(db);
  }

  current(): AppliedRepo | null {
    const row = this.db.prepare(`SELECT ${summaryColumns}, repo FROM feature_repo_versions ORDER BY version DESC LIMIT 1`).get() as VersionRow | undefined;
    return row ? applied(row) : null;
  }

  /** The current repo, or a 404 that says how to create one. */
  require(): AppliedRepo {
    const current = this.current();
    if (!current) throw new NotFoundError('No feature repo has been applied yet. Apply one with: mlwb features apply --repo DIR', { reason: 'no_feature_repo' });
    return current;
  }

  version(version: number): AppliedRepo {
    const row = this.db.prepare(`SELECT ${summaryColumns}, repo FROM feature_repo_versions WHERE version = ?`).get(version) as VersionRow | undefined;
    if (!row) throw new NotFoundError(`Feature repo version ${version} does not exist`, { version });
    return applied(row);
  }

  /** Newest first. */
  versions(): AppliedRepoSummary[] {
    return this.db.prepare(`SELECT ${summaryColumns} FROM feature_repo_versions ORDER BY version DESC`).all() as AppliedRepoSummary[];
  }

  plan(repo: FeatureRepo): RepoPlan {
    return planRepo(this.current()?.repo ?? null, storedForm(repo));
  }

  /**
   * Stores `repo` as the next version unless it matches the current one. The plan is computed
   * inside the write lock, so two concurrent applies cannot both diff against the same version.
   * Online values of removed views, and of views whose entities changed (their keys no longer
   * mean the same), go in the same transaction.
   */
  apply(repo: FeatureRepo, directory: string, user: string): ApplyResult {
    const next = storedForm(repo);
    return this.db
      .transaction((): ApplyResult => {
        const current = this.current();
        const plan = planRepo(current?.repo ?? null, next);
        if (!plan.hasChanges && current?.directory === directory) return { applied: false, version: current.version, plan, lines: describePlan(plan) };
        // Same definitions from another folder: a new version, because relative source paths now resolve elsewhere.
        const lines = plan.hasChanges ? describePlan(plan) : [`Moved the repo folder: ${current!.directory} → ${directory}`];
        const text = canonicalJson(next)!;
        const sha256 = createHash('sha256').update(text).digest('hex');
        const version = (current?.version ?? 0) + 1;
        const now = Date.now();
        this.db
          .prepare('INSERT INTO feature_repo_versions (version, project, directory, repo, sha256, applied_time, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(version, next.project, directory, text, sha256, now, user);
        const rekeyed = plan.feature_views.changed.filter((change) => change.fields.some((field) => field.field === 'entities')).map((change) => change.name);
        for (const view of [...plan.feature_views.removed, ...rekeyed]) {
          this.db.prepare('DELETE FROM feature_online_values WHERE feature_view = ?').run(view);
          this.db.prepare('DELETE FROM feature_materializations WHERE feature_view = ?').run(view);
        }
        this.audit.append({
          actor: user,
          action: 'features.apply',
          entityType: 'feature_repo',
          entityId: next.project,
          time: now,
          before: current ? { version: current.version, sha256: current.sha256, directory: current.directory } : null,
          after: { version, sha256, directory, changes: lines, plan },
        });
        return { applied: true, version, plan, lines };
      })
      .immediate();
  }
}

/** Without `origin`: an object moving between files or lines is no new version. */
function storedForm(repo: FeatureRepo): FeatureRepo {
  const strip = <T extends { origin?: unknown }>(objects: readonly T[]): T[] => objects.map(({ origin: _origin, ...rest }) => rest as T);
  return {
    project: repo.project,
    entities: strip(repo.entities),
    sources: strip(repo.sources),
    feature_views: strip(repo.feature_views),
    feature_services: strip(repo.feature_services),
  };
}

function applied(row: VersionRow): AppliedRepo {
  const { repo, ...summary } = row;
  return { ...summary, repo: JSON.parse(repo) as FeatureRepo };
}
