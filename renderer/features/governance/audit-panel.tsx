import { useEffect } from 'react';
import type { AuditEntry } from '../../../core/api/registry-contract';
import { useGovernanceStore } from '../../stores/governance-store';
import { formatCount, formatTimestamp } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { auditChangeSummary } from './audit-change';

function VerifyStatus() {
  const verification = useGovernanceStore((state) => state.verification);
  const verifying = useGovernanceStore((state) => state.verifying);
  const error = useGovernanceStore((state) => state.verifyError);
  if (verifying) {
    return (
      <span className="audit-status" data-testid="audit-status" data-ok="pending">
        <span className="spinner" /> Verifying the hash chain…
      </span>
    );
  }
  if (error) {
    return (
      <span className="audit-status audit-bad" role="alert" data-testid="audit-status" data-ok="error">
        <Icon name="alert" size={14} /> Could not verify: {error}
      </span>
    );
  }
  if (!verification) return null;
  if (verification.ok) {
    return (
      <span className="audit-status audit-ok" data-testid="audit-status" data-ok="true">
        <Icon name="checkCircle" size={14} />
        Chain intact: {formatCount(verification.entries)} entries
        {verification.head && <span aria-hidden="true">·</span>}
        {verification.head && (
          <span className="mono faint" title={verification.head.hash}>
            head #{verification.head.seq} {verification.head.hash.slice(0, 12)}
          </span>
        )}
      </span>
    );
  }
  const bad = verification.first_bad;
  return (
    <span className="audit-status audit-bad" role="alert" data-testid="audit-status" data-ok="false">
      <Icon name="alert" size={14} />
      {bad ? (
        <>
          Entry #{bad.seq} was {bad.problem}: {bad.message}
        </>
      ) : (
        'The chain does not verify.'
      )}
    </span>
  );
}

function AuditRow({ entry, bad }: { entry: AuditEntry; bad: boolean }) {
  const change = auditChangeSummary(entry.before, entry.after);
  return (
    <tr className={bad ? 'audit-entry-bad' : undefined} data-testid="audit-entry" data-seq={entry.seq}>
      <td className="numeric mono">{entry.seq}</td>
      <td className="nowrap">{formatTimestamp(entry.time)}</td>
      <td>{entry.actor}</td>
      <td className="mono">{entry.action}</td>
      <td className="mono">
        <span className="faint">{entry.entity_type}</span> {entry.entity_id}
      </td>
      <td className="audit-change" title={JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}>
        {change}
      </td>
    </tr>
  );
}

/** The audit trail, newest first, one page at a time, with a check of its hash chain. */
export function AuditPanel() {
  const entries = useGovernanceStore((state) => state.auditEntries);
  const total = useGovernanceStore((state) => state.auditTotal);
  const status = useGovernanceStore((state) => state.auditStatus);
  const loadingMore = useGovernanceStore((state) => state.auditLoadingMore);
  const load = useGovernanceStore((state) => state.loadAudit);
  const loadOlder = useGovernanceStore((state) => state.loadOlderAudit);
  const verify = useGovernanceStore((state) => state.verifyAudit);
  const verifying = useGovernanceStore((state) => state.verifying);
  const badSeq = useGovernanceStore((state) => state.verification?.first_bad?.seq ?? null);

  useEffect(() => {
    void load();
  }, [load]);

  if (status === 'idle' || status === 'loading') return <PageSpinner />;
  if (status === 'failed') return <PageLoadFailed title="Could not load the audit trail" onRetry={() => void load()} />;

  return (
    <div className="detail-page audit-panel" data-testid="audit-panel">
      <header className="detail-header">
        <div className="detail-title">
          <h1>Audit trail</h1>
          <span className="faint numeric">{formatCount(total)} entries</span>
          <div className="detail-actions">
            <button type="button" className="button" onClick={() => void load()}>
              <Icon name="refresh" size={14} />
              Refresh
            </button>
            <button type="button" className="button button-primary" onClick={() => void verify()} disabled={verifying} data-testid="audit-verify-button">
              Verify chain
            </button>
          </div>
        </div>
        <p className="muted">
          Every change to models, versions, aliases, reviews and the policy, hash-chained: editing, deleting or inserting an entry breaks
          the chain from that entry on.
        </p>
        <VerifyStatus />
      </header>
      <section className="card">
        {entries.length === 0 ? (
          <p className="card-note">Nothing recorded yet. Registering a model, setting an alias or deciding a review adds an entry.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table card-table audit-table">
              <thead>
                <tr>
                  <th className="numeric">Seq</th>
                  <th>Time</th>
                  <th>Actor</th>
                  <th>Action</th>
                  <th>Entity</th>
                  <th>Change</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <AuditRow key={entry.seq} entry={entry} bad={entry.seq === badSeq} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {entries.length < total && (
          <div className="card-footer">
            <button type="button" className="button" onClick={() => void loadOlder()} disabled={loadingMore} data-testid="audit-load-older">
              {loadingMore ? 'Loading…' : `Load older entries (${formatCount(total - entries.length)} more)`}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
