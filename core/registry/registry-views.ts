// The registry as the UI and CLI read it: models with their aliases and approval counts,
// versions with their approval state, and a version's full detail. Batched per page.
import type { ModelSummary, VersionDetailResponse, VersionSummary } from '../api/registry-contract.js';
import type { ModelRow, VersionRow } from './registry-store.js';
import { versionKey } from './registry-store.js';
import type { RegistryService } from './registry-service.js';
import { approvalState, isCurrent, toReviewDetail, toReviewSummary } from './review-store.js';
import type { ModelScan, VersionLineage } from './types.js';

/** Metrics shown next to a version in tables: the run's test metrics. */
const headlineMetricPrefix = 'test_';

export function modelSummaries(registry: RegistryService, rows: ModelRow[]): ModelSummary[] {
  const names = rows.map((row) => row.name);
  const tags = registry.store.modelTags(names);
  const aliases = registry.store.aliases(names);
  const stats = registry.store.versionStats(names);
  const approvals = approvalCounts(registry, names);
  return rows.map((row) => ({
    name: row.name,
    description: row.description,
    creation_timestamp: row.creation_timestamp,
    last_updated_timestamp: row.last_updated_timestamp,
    created_by: row.created_by,
    tags: tags.get(row.name) ?? {},
    aliases: aliases.get(row.name) ?? {},
    version_count: stats.get(row.name)?.count ?? 0,
    latest_version: stats.get(row.name)?.latest ?? null,
    approvals: approvals.get(row.name) ?? {},
  }));
}

function approvalCounts(registry: RegistryService, names: string[]): Map<string, ModelSummary['approvals']> {
  const versions = registry.db.prepare('SELECT name, version, revision, sha256 FROM model_versions WHERE name IN (SELECT value FROM json_each(?))').all(JSON.stringify(names)) as VersionRow[];
  const latest = registry.reviews.latest(versions);
  const policyVersion = registry.policies.current().version;
  const counts = new Map<string, ModelSummary['approvals']>();
  for (const version of versions) {
    const state = approvalState(latest.get(versionKey(version.name, version.version)), version, policyVersion);
    const entry = counts.get(version.name) ?? {};
    entry[state] = (entry[state] ?? 0) + 1;
    counts.set(version.name, entry);
  }
  return counts;
}

export function versionSummaries(registry: RegistryService, rows: VersionRow[]): VersionSummary[] {
  const tags = registry.store.versionTags(rows);
  const aliases = registry.store.aliases([...new Set(rows.map((row) => row.name))]);
  const latest = registry.reviews.latest(rows);
  const policyVersion = registry.policies.current().version;
  return rows.map((row) => {
    const key = versionKey(row.name, row.version);
    const lineage = JSON.parse(row.lineage) as VersionLineage;
    const metrics = Object.fromEntries(
      Object.entries(lineage.run?.metrics ?? {})
        .filter(([metric]) => metric.startsWith(headlineMetricPrefix))
        .map(([metric, value]) => [metric, value]),
    );
    return {
      name: row.name,
      version: row.version,
      creation_timestamp: row.creation_timestamp,
      last_updated_timestamp: row.last_updated_timestamp,
      user_id: row.user_id,
      description: row.description,
      source: row.source,
      run_id: row.run_id,
      origin: row.origin,
      status: row.status,
      sha256: row.sha256,
      size: row.size,
      aliases: Object.entries(aliases.get(row.name) ?? {}).filter(([, version]) => version === row.version).map(([alias]) => alias),
      tags: tags.get(key) ?? {},
      approval: approvalState(latest.get(key), row, policyVersion),
      metrics,
    };
  });
}

export function versionDetail(registry: RegistryService, name: string, version: number): VersionDetailResponse {
  const row = registry.store.version(name, version);
  const [summary] = versionSummaries(registry, [row]);
  const review = registry.reviews.latest([row]).get(versionKey(name, version));
  const policyVersion = registry.policies.current().version;
  const detail = review
    ? toReviewDetail(toReviewSummary(review, registry.reviews.verdictCounts([review.review_id]).get(review.review_id) ?? {}, isCurrent(review, row, policyVersion)), registry.reviews.checks(review.review_id))
    : null;
  return {
    version: summary,
    scan: row.inspection ? (JSON.parse(row.inspection) as ModelScan) : null,
    lineage: JSON.parse(row.lineage) as VersionLineage,
    review: detail,
    approval_reason: summary.approval === 'approved' ? null : approvalReason(summary.approval, policyVersion),
  };
}

function approvalReason(state: VersionSummary['approval'], policyVersion: number): string {
switch (state) {
  case 'not_submitted':
    return 'Not submitted for review yet.';
  case 'checking':
    return 'Governance checks are still running.';
  case 'pending_review':
    return 'Waiting for a reviewer: some checks did not pass, or the policy asks for a person.';
  case 'rejected':
    return 'A reviewer rejected this version.';
  case 'expired':
    return `The approval no longer holds: the version or the policy (now version ${policyVersion}) changed since. Submit it again.`;
  case 'failed':
    return 'The governance checks could not run to the end; submit again.';
  default:
    return '';
}
}
