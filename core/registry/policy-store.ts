// Governance policy versions. Each change is a new immutable version (reviews record which one
// they ran under, so an approval can expire when the policy changes) and an audit entry, written
// together. A workspace without a policy starts from the sample churn policy.
import { createHash } from 'node:crypto';
import type { PolicyResponse, PolicyVersionsResponse } from '../api/registry-contract.js';
import { NotFoundError } from '../api/errors.js';
import type { Sqlite } from '../workspace/database.js';
import type { AuditLog } from './audit-log.js';
import { defaultPolicyDocument, parsePolicy } from './policy.js';

/** Every policy change is filed under this one audit entity, so its history reads as one list. */
export const policyAuditEntity = { entityType: 'policy', entityId: 'governance' } as const;

interface PolicyRow {
  version: number;
  document: string;
  sha256: string;
  created_time: number;
  created_by: string;
}

export class PolicyStore {
  /** Parsed versions: stored versions never change, and listings ask for the current one often. */
  private readonly parsed = new Map<number, PolicyResponse>();

  constructor(
    private readonly db: Sqlite,
    private readonly audit: AuditLog,
  ) {}

  /** The newest version; a workspace without one gets the default policy as version 1. */
  current(): PolicyResponse {
    const latest = this.latestVersion() ?? this.seed();
    return this.get(latest);
  }

  versions(): PolicyVersionsResponse {
    this.current();
    const rows = this.db.prepare('SELECT version, sha256, created_time, created_by FROM governance_policies ORDER BY version DESC').all() as Array<Omit<PolicyRow, 'document'>>;
    return { versions: rows };
  }

  get(version: number): PolicyResponse {
    const cached = this.parsed.get(version);
    if (cached) return cached;
    const row = this.db.prepare('SELECT version, document, sha256, created_time, created_by FROM governance_policies WHERE version = ?').get(version) as PolicyRow | undefined;
    if (!row) throw new NotFoundError(`Policy version ${version} does not exist`, { version });
    const response: PolicyResponse = { ...row, policy: parsePolicy(row.document) };
    this.parsed.set(version, response);
    return response;
  }

  /**
   * Stores a new version when the document is valid and differs from the current one. An invalid
   * document throws the parser's ValidationError (line, column, field) and changes nothing.
   */
  set(document: string, user: string): PolicyResponse {
    parsePolicy(document);
    const sha256 = sha256Of(document);
    const version = this.db
      .transaction(() => {
        // Read inside the write lock, so two writers cannot both become version N+1.
        const current = this.get(this.latestVersion() ?? this.seed());
        if (current.sha256 === sha256) return current.version;
        const next = current.version + 1;
        const time = Date.now();
        this.insert({ version: next, document, sha256, created_time: time, created_by: user });
        this.audit.append({
          time,
          actor: user,
          action: 'policy.update',
          ...policyAuditEntity,
          before: { version: current.version, sha256: current.sha256 },
          after: { version: next, sha256 },
        });
        return next;
      })
      .immediate();
    return this.get(version);
  }

  private latestVersion(): number | undefined {
    const row = this.db.prepare('SELECT MAX(version) AS version FROM governance_policies').get() as { version: number | null };
    return row.version ?? undefined;
  }

  /** Stores the default policy as version 1 unless another process got there first. */
  private seed(): number {
    return this.db
      .transaction(() => {
        const existing = this.latestVersion();
        if (existing !== undefined) return existing;
        const sha256 = sha256Of(defaultPolicyDocument);
        const time = Date.now();
        this.insert({ version: 1, document: defaultPolicyDocument, sha256, created_time: time, created_by: 'system' });
        this.audit.append({ time, actor: 'system', action: 'policy.create', ...policyAuditEntity, after: { version: 1, sha256 } });
        return 1;
      })
      .immediate();
  }

  private insert(row: PolicyRow): void {
    this.db.prepare('INSERT INTO governance_policies (version, document, sha256, created_time, created_by) VALUES (?, ?, ?, ?, ?)').run(row.version, row.document, row.sha256, row.created_time, row.created_by);
  }
}

function sha256Of(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}
