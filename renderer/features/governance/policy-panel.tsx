import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useGovernanceStore, type PolicySaveError } from '../../stores/governance-store';
import { showSuccessToast } from '../../stores/toast-store';
import { CopyButton } from '../../ui/copy-button';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { offsetOf } from './text-offset';

/**
 * The governance policy as YAML: edit and save it as a new version. A document the core refuses
 * (bad YAML, an unknown check) leaves the saved policy in force; the error and its line show here.
 */
export function PolicyPanel() {
  const policy = useGovernanceStore((state) => state.policy);
  const versions = useGovernanceStore((state) => state.policyVersions);
  const status = useGovernanceStore((state) => state.policyStatus);
  const load = useGovernanceStore((state) => state.loadPolicy);
  const save = useGovernanceStore((state) => state.savePolicy);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<PolicySaveError | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    void load();
  }, [load]);

  if (status === 'idle' || status === 'loading') return <PageSpinner />;
  if (status === 'failed' || !policy) return <PageLoadFailed title="Could not load the policy" onRetry={() => void load()} />;

  const text = draft ?? policy.document;
  const changed = draft !== null && draft !== policy.document;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed || busy) return;
    setBusy(true);
    const failure = await save(text);
    setBusy(false);
    setError(failure);
    if (failure) {
      const area = editor.current;
      if (area && failure.line !== null) {
        const offset = offsetOf(text, failure.line, failure.column);
        area.focus();
        area.setSelectionRange(offset, offset);
      }
      return;
    }
    setDraft(null);
    showSuccessToast('Saved a new version of the policy');
  };

  return (
    <div className="detail-page policy-panel" data-testid="policy-panel">
      <header className="detail-header">
        <div className="detail-title">
          <h1>Governance policy</h1>
          <span className="badge" data-testid="policy-version">
            v{policy.version}
          </span>
        </div>
        <dl className="detail-facts">
          <div>
            <dt>Saved</dt>
            <dd title={formatTimestamp(policy.created_time)}>
              {formatRelativeTime(policy.created_time, Date.now())} <span className="faint">by {policy.created_by}</span>
            </dd>
          </div>
          <div>
            <dt>Protected aliases</dt>
            <dd>{policy.policy.protected_aliases.map((alias) => `@${alias}`).join(', ') || 'none'}</dd>
          </div>
          <div>
            <dt>Auto-approve</dt>
            <dd>{policy.policy.auto_approve ? 'when every check passes' : 'never: a reviewer decides'}</dd>
          </div>
          <div>
            <dt>SHA-256</dt>
            <dd className="mono" title={policy.sha256}>
              {policy.sha256.slice(0, 12)}
            </dd>
          </div>
        </dl>
      </header>

      <form className="card policy-form" onSubmit={submit}>
        <div className="card-header">
          <h2>Policy document (YAML)</h2>
          <CopyButton text={text} />
        </div>
        <textarea
          ref={editor}
          className="code-editor"
          spellCheck={false}
          value={text}
          rows={Math.min(40, Math.max(14, text.split('\n').length + 1))}
          aria-label="Policy YAML"
          aria-invalid={error ? true : undefined}
          data-testid="policy-editor"
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
          }}
        />
        {error && (
          <p className="policy-error" role="alert" data-testid="policy-error">
            {error.line !== null && !/line \d+/i.test(error.message) && (
              <strong>
                Line {error.line}
                {error.column !== null && `, column ${error.column}`}:{' '}
              </strong>
            )}
            {error.message}
            <span className="faint"> The saved policy (v{policy.version}) stays in force.</span>
          </p>
        )}
        <div className="form-actions policy-actions">
          <button type="submit" className="button button-primary" disabled={!changed || busy} data-testid="policy-save">
            {busy ? 'Saving…' : 'Save as a new version'}
          </button>
          <button
            type="button"
            className="button button-ghost"
            disabled={draft === null}
            onClick={() => {
              setDraft(null);
              setError(null);
            }}
          >
            Discard changes
          </button>
          <span className="faint">Ctrl+Enter saves. Saving expires approvals granted under the old policy.</span>
        </div>
      </form>

      <section className="card">
        <div className="card-header">
          <h2>Versions</h2>
          <span className="faint numeric">{versions.length}</span>
        </div>
        <table className="data-table card-table" data-testid="policy-versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Saved</th>
              <th>By</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((entry) => (
              <tr key={entry.version} aria-current={entry.version === policy.version ? 'true' : undefined}>
                <td className="numeric">
                  v{entry.version}
                  {entry.version === policy.version && <span className="faint"> · in force</span>}
                </td>
                <td title={formatTimestamp(entry.created_time)}>{formatRelativeTime(entry.created_time, Date.now())}</td>
                <td>{entry.created_by}</td>
                <td className="mono faint">{entry.sha256.slice(0, 12)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
