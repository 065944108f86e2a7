// What a pushed version folder holds, built from the local registry: the manifest, the model card
// in Markdown and HTML, and the governance record (the review with its checks, and the version's
// audit trail). Built from stored state only, so pushing the same version twice gives the same
// bytes and the second push finds nothing to do.
import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../api/errors.js';
import type { ReviewDetail } from '../api/registry-contract.js';
import { manifestInput } from '../registry/manifest-input.js';
import { manifestYaml } from '../registry/manifest.js';
import { modelCardHtml, modelCardMarkdown } from '../registry/model-card.js';
import type { RegistryService } from '../registry/registry-service.js';
import { versionDetail } from '../registry/registry-views.js';
import type { AuditEntry } from '../registry/types.js';
import { cardHtmlFile, cardMarkdownFile, governanceFile, manifestFile, sha256Hex } from './layout.js';

/** Audit entries kept in a governance record; older ones stay in the workspace's own log. */
const auditExcerptLimit = 200;

export interface GovernanceRecord {
  format: 'mlwb-governance';
  format_version: 1;
  model: string;
  version: number;
  sha256: string;
  approval: { state: 'approved'; policy_version: number };
  review: ReviewDetail;
  /** The version's audit trail, oldest first, with each entry's chain hash so it can be matched against the source workspace's log. */
  audit: Array<Pick<AuditEntry, 'seq' | 'time' | 'actor' | 'action' | 'before' | 'after' | 'hash'>>;
}

export interface VersionBundle {
  name: string;
  version: number;
  sha256: string;
  size: number;
  policyVersion: number;
  /** Small files by name (everything but model.onnx, which streams from the artifact store). */
  documents: Record<string, Buffer>;
  /** sha256 of every file of the folder, model.onnx included. */
  digests: Record<string, string>;
}

/**
 * The version's folder contents, or a ConflictError naming why it may not leave the workspace:
 * only versions approved under the current policy are pushed.
 */
export function versionBundle(registry: RegistryService, name: string, version: number): VersionBundle {
  const detail = versionDetail(registry, name, version);
  const summary = detail.version;
  if (!summary.sha256 || summary.size === null) throw new ValidationError(`Version ${version} of ${name} has no ONNX model in this workspace (source ${summary.source}); only ONNX versions can be pushed.`);
  if (summary.approval !== 'approved' || !detail.review) {
    const policyVersion = registry.policies.current().version;
    throw new ConflictError(
      `Version ${version} of ${name} is not approved under the current policy (version ${policyVersion}): it is ${summary.approval.replace('_', ' ')}. ${detail.approval_reason ?? ''} Only approved versions are pushed.`.trim(),
      { state: summary.approval, policy_version: policyVersion, reason: detail.approval_reason },
      'RESOURCE_CONFLICT',
    );
  }
  const input = manifestInput(registry, name, version);
  const governance: GovernanceRecord = {
    format: 'mlwb-governance',
    format_version: 1,
    model: name,
    version,
    sha256: summary.sha256,
    approval: { state: 'approved', policy_version: detail.review.policy_version },
    review: detail.review,
    audit: registry.audit
      .list({ entityType: 'model_version', entityId: `${name}/${version}`, limit: auditExcerptLimit })
      .entries.filter((entry) => !entry.action.startsWith('sync.')) // pushes and pulls would make every push differ
      .reverse()
      .map(({ seq, time, actor, action, before, after, hash }) => ({ seq, time, actor, action, before, after, hash })),
  };
  const documents: Record<string, Buffer> = {
    [manifestFile]: Buffer.from(manifestYaml(input)),
    [cardMarkdownFile]: Buffer.from(modelCardMarkdown(input)),
    [cardHtmlFile]: Buffer.from(modelCardHtml(input)),
    [governanceFile]: Buffer.from(`${JSON.stringify(governance, null, 2)}\n`),
  };
  const digests: Record<string, string> = { 'model.onnx': summary.sha256 };
  for (const [file, bytes] of Object.entries(documents)) digests[file] = sha256Hex(bytes);
  return { name, version, sha256: summary.sha256, size: summary.size, policyVersion: detail.review.policy_version, documents, digests };
}

/** A stable random id naming this workspace as the source of what it pushes. */
export function workspaceId(registry: RegistryService): string {
  registry.db.prepare(`INSERT OR IGNORE INTO settings (key, value) VALUES ('sync.workspace_id', ?)`).run(randomUUID());
  return (registry.db.prepare(`SELECT value FROM settings WHERE key = 'sync.workspace_id'`).get() as { value: string }).value;
}
