import { useEffect, useState } from 'react';
import type { DeploymentSummary } from '../../../core/api/serving-contract';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { showSuccessToast } from '../../stores/toast-store';
import { formatRelativeTime, formatTimestamp } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Select } from '../../ui/select-field';
import { ArmSplit } from './arm-split';
import { ConfirmDialog } from './confirm-dialog';
import { deploymentHref } from './deployment-hrefs';
import { RolloutForm } from './rollout-form';
import { SegmentEditor, type Segment } from './segment-editor';
import { useModelVersions } from './version-picker';

type Confirming = 'promote' | 'rollback' | null;

/** One deployment: its arms and split, routing settings and rollout actions. */
export function DeploymentCard({ deployment, linked }: { deployment: DeploymentSummary; linked: boolean }) {
  const promote = useDeploymentsStore((state) => state.promote);
  const rollback = useDeploymentsStore((state) => state.rollback);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [rollingOut, setRollingOut] = useState(false);
  const stable = deployment.arms[0];
  const candidates = deployment.arms.filter((arm, index) => index > 0 && arm.variant !== 'shadow');
  const servingCandidates = candidates.filter((arm) => arm.percent > 0);
  const ready = deployment.arms.every((arm) => arm.ready);
  const failed = deployment.arms.some((arm) => arm.error);
  const now = Date.now();

  return (
    <section className="card deployment-card" data-testid="deployment-card" data-deployment={deployment.name} aria-label={`Deployment ${deployment.name}`}>
      <header className="card-header deployment-card-header">
        <h2 className="deployment-name">
          {linked ? (
            <a className="link" href={deploymentHref(deployment.name)}>
              {deployment.name}
            </a>
          ) : (
            deployment.name
          )}
          <span
            className={`badge ${failed ? 'badge-danger' : ready ? 'badge-success' : 'badge-info'}`}
            data-testid="deployment-state"
            data-state={failed ? 'error' : ready ? 'ready' : 'loading'}
          >
            <span className="badge-dot" />
            {failed ? 'Arm failed' : ready ? 'Serving' : 'Warming up'}
          </span>
        </h2>
        <span className="faint deployment-updated" title={formatTimestamp(deployment.updated_time)}>
          changed {formatRelativeTime(deployment.updated_time, now)} by {deployment.updated_by || '—'}
        </span>
      </header>
      <div className="card-body deployment-card-body">
        <ArmSplit deployment={deployment} />
        <RoutingSettings deployment={deployment} />
        {rollingOut ? (
          <RolloutForm deployment={deployment} onDone={() => setRollingOut(false)} />
        ) : (
          <div className="form-actions deployment-actions">
            <button type="button" className="button" onClick={() => setRollingOut(true)} data-testid="new-rollout-button">
              <Icon name="plus" size={14} />
              New rollout
            </button>
            <button
              type="button"
              className="button"
              disabled={candidates.length === 0}
              title={candidates.length === 0 ? 'No candidate to promote: start a rollout first.' : 'Make the candidate the stable version'}
              onClick={() => setConfirming('promote')}
              data-testid="promote-button"
            >
              <Icon name="arrowUp" size={14} />
              Promote
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={candidates.length === 0 && deployment.previous === null}
              title={candidates.length === 0 && deployment.previous === null ? 'Nothing to roll back to.' : 'Send all traffic back'}
              onClick={() => setConfirming('rollback')}
              data-testid="rollback-button"
            >
              <Icon name="refresh" size={14} />
              Rollback
            </button>
            {deployment.previous && (
              <span className="faint">
                previous: {deployment.previous.model} v{deployment.previous.version}
              </span>
            )}
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirming === 'promote'}
        title={`Promote in ${deployment.name}?`}
        confirmLabel="Promote"
        onClose={() => setConfirming(null)}
        onConfirm={async () => {
          const failure = await promote(deployment.name);
          if (!failure) showSuccessToast(`${candidates[0]?.model} v${candidates[0]?.version} is now stable in ${deployment.name}`);
          return failure;
        }}
      >
        {candidates[0] && stable && (
          <p>
            <strong>
              {candidates[0].model} v{candidates[0].version}
            </strong>{' '}
            becomes stable and takes 100 % of traffic. {stable.model} v{stable.version} stays on disk as the rollback target.
            {candidates[0].approval !== 'approved' && <strong className="approval-warning-text"> This version is not approved.</strong>}
          </p>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'rollback'}
        title={`Roll back ${deployment.name}?`}
        confirmLabel="Roll back"
        danger
        onClose={() => setConfirming(null)}
        onConfirm={async () => {
          const failure = await rollback(deployment.name);
          if (!failure) showSuccessToast(`Rolled back ${deployment.name}`);
          return failure;
        }}
      >
        {candidates.length > 0 ? (
          <p>
            All traffic goes back to stable ({stable?.model} v{stable?.version})
            {servingCandidates.length > 0 && <> from {servingCandidates.map((arm) => `${arm.model} v${arm.version}`).join(', ')}</>}. The
            candidate stays loaded at 0 % for inspection.
          </p>
        ) : (
          deployment.previous && (
            <p>
              Stable goes back to {deployment.previous.model} v{deployment.previous.version}, the version before the last promotion.
            </p>
          )
        )}
      </ConfirmDialog>
    </section>
  );
}

function shadowValue(shadow: { model: string; version: number } | null): string {
  return shadow ? `${shadow.model}@${shadow.version}` : '';
}

/** Sticky key, excluded segments and shadow: each applied as soon as it is set. */
function RoutingSettings({ deployment }: { deployment: DeploymentSummary }) {
  const update = useDeploymentsStore((state) => state.update);
  const [stickyKey, setStickyKey] = useState(deployment.sticky_key ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shadowArm = deployment.arms.find((arm) => arm.variant === 'shadow') ?? null;
  const stable = deployment.arms[0];
  const versions = useModelVersions(stable?.model ?? '');

  useEffect(() => setStickyKey(deployment.sticky_key ?? ''), [deployment.sticky_key]);

  const apply = async (request: Parameters<typeof update>[1]) => {
    setBusy(true);
    const failure = await update(deployment.name, request);
    setBusy(false);
    setError(failure);
    return failure;
  };
  const applyStickyKey = async () => {
    const next = stickyKey.trim() || null;
    if (next === deployment.sticky_key) return;
    if (await apply({ sticky_key: next })) setStickyKey(deployment.sticky_key ?? '');
  };

  const shadowOptions = (versions ?? []).map((entry) => ({ value: `${entry.name}@${entry.version}`, label: `${entry.name} v${entry.version}` }));
  const current = shadowArm ? shadowValue(shadowArm) : '';
  if (current && !shadowOptions.some((option) => option.value === current)) {
    shadowOptions.unshift({ value: current, label: `${shadowArm!.model} v${shadowArm!.version}` });
  }

  return (
    <div className="routing-settings">
      <label className="field">
        <span className="field-label">Sticky key</span>
        <input
          className="input mono"
          placeholder="none: random per request"
          value={stickyKey}
          disabled={busy}
          title="The request field whose value picks the arm, so one customer always sees the same version. Enter to apply."
          data-testid="sticky-key-input"
          onChange={(event) => setStickyKey(event.target.value)}
          onBlur={() => void applyStickyKey()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void applyStickyKey();
            } else if (event.key === 'Escape') {
              setStickyKey(deployment.sticky_key ?? '');
            }
          }}
        />
      </label>
      <div className="field">
        <span className="field-label">Excluded segments (always stable)</span>
        <SegmentEditor segments={deployment.excluded} disabled={busy} onChange={(excluded: Segment[]) => void apply({ excluded })} />
      </div>
      <label className="field">
        <span className="field-label">Shadow</span>
        <Select
          testId="shadow-select"
          value={current}
          disabled={busy}
          placeholder={{ value: '', label: 'None' }}
          options={shadowOptions}
          onChange={(value) => {
            const split = value.lastIndexOf('@');
            void apply({ shadow: value ? { model: value.slice(0, split), version: Number(value.slice(split + 1)) } : null });
          }}
        />
      </label>
      {error && (
        <p className="field-error routing-error" role="alert" data-testid="deployment-error">
          {error}
        </p>
      )}
    </div>
  );
}
