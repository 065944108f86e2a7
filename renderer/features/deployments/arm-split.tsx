import { useEffect, useMemo, useRef, useState } from 'react';
import type { ArmStatus, DeploymentSummary } from '../../../core/api/serving-contract';
import { seriesColor } from '../../charts/chart-theme';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { useThemeStore } from '../../stores/theme-store';
import { formatDuration } from '../../ui/format';
import { ApprovalBadge } from '../models/approval-badge';
import { versionHref } from '../models/model-hrefs';
import { candidatePercents, formatPercent, keyboardTarget, moveArm, sameSplit, splitArms, splitFromArms, totalBps } from './traffic-split';

/** A pause after the last move before the split is sent, so a burst of arrow presses is one PATCH. */
const applyDelay = 250;

export function ArmState({ arm }: { arm: ArmStatus }) {
  if (arm.error) {
    return (
      <span className="badge badge-danger" data-testid="arm-state" data-state="error" title={arm.error}>
        <span className="badge-dot" />
        Failed to load
      </span>
    );
  }
  if (!arm.ready) {
    return (
      <span className="badge badge-info" data-testid="arm-state" data-state="loading">
        <span className="badge-dot" />
        Loading
      </span>
    );
  }
  return (
    <span className="badge badge-success" data-testid="arm-state" data-state="ready" title={arm.load_ms === null ? undefined : `Loaded in ${formatDuration(arm.load_ms)}`}>
      <span className="badge-dot" />
      Ready
    </span>
  );
}

export function ArmIdentity({ arm }: { arm: ArmStatus }) {
  return (
    <span className="arm-identity">
      <span className="arm-variant">{arm.variant}</span>
      <a className="link mono" href={versionHref(arm.model, arm.version)}>
        {arm.model} v{arm.version}
      </a>
      <ApprovalBadge state={arm.approval} testId="arm-approval" />
      {arm.approval !== 'approved' && (
        <span className="badge badge-warning" data-testid="approval-warning" title="This version has not passed governance review; it serves traffic anyway.">
          <span className="badge-dot" />
          not approved
        </span>
      )}
      <ArmState arm={arm} />
    </span>
  );
}

/** One row per arm with a slider; the sliders always sum to 100 % and apply on release. */
export function ArmSplit({ deployment }: { deployment: DeploymentSummary }) {
  const update = useDeploymentsStore((state) => state.update);
  const theme = useThemeStore((state) => state.resolved);
  const arms = useMemo(() => splitArms(deployment.arms), [deployment.arms]);
  const shadow = deployment.arms.find((arm) => arm.variant === 'shadow');
  const served = useMemo(() => splitFromArms(deployment.arms), [deployment.arms]);
  const [draft, setDraft] = useState(served);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef({ draft, served, dragging: false, pending: false });
  latest.current.draft = draft;
  latest.current.served = served;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The core's answer (or another window's change) shows unless the user is mid-move.
  useEffect(() => {
    if (!latest.current.dragging && !latest.current.pending) setDraft(served);
  }, [served]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = async () => {
    const split = latest.current.draft;
    if (sameSplit(split, latest.current.served)) {
      latest.current.pending = false;
      return;
    }
    const failure = await update(deployment.name, { percents: candidatePercents(split) });
    latest.current.pending = false;
    setError(failure);
    if (failure) setDraft(latest.current.served);
  };
  const schedule = () => {
    clearTimeout(timer.current);
    latest.current.pending = true;
    timer.current = setTimeout(() => void apply(), applyDelay);
  };
  const move = (index: number, target: number) => {
    const next = moveArm(latest.current.draft, index, target);
    latest.current.draft = next;
    setDraft(next);
    setError(null);
    if (!latest.current.dragging) schedule();
  };
  const release = () => {
    if (!latest.current.dragging) return;
    latest.current.dragging = false;
    schedule();
  };

  return (
    <div className="arm-split">
      {arms.map((arm, index) => {
        const color = seriesColor(index, theme);
        const fixed = arms.length === 1;
        return (
          <div key={arm.variant} className="arm-row" data-testid="arm-row" data-variant={arm.variant}>
            <ArmIdentity arm={arm} />
            <div className="arm-slider-line">
              <input
                type="range"
                className="arm-slider"
                style={{ accentColor: color }}
                min={0}
                max={100}
                step={0.01}
                value={(draft[index] ?? 0) / 100}
                disabled={fixed}
                aria-label={`Traffic to ${arm.variant} (${arm.model} v${arm.version})`}
                aria-valuetext={formatPercent(draft[index] ?? 0)}
                title={fixed ? 'The only arm takes all traffic; start a rollout to split it.' : 'Arrows ±1 %, Shift+arrows ±0.01 %, Page Up/Down ±10 %'}
                data-testid="arm-slider"
                data-variant={arm.variant}
                onPointerDown={() => {
                  latest.current.dragging = true;
                }}
                onPointerUp={release}
                onPointerCancel={release}
                onBlur={release}
                onKeyDown={(event) => {
                  const target = keyboardTarget(event.key, event.shiftKey, latest.current.draft[index] ?? 0);
                  if (target === null) return;
                  event.preventDefault();
                  move(index, Math.min(Math.max(target, 0), totalBps));
                }}
                onChange={(event) => move(index, Math.round(Number(event.target.value) * 100))}
              />
              <output className="arm-percent numeric" data-testid="arm-percent" data-variant={arm.variant}>
                {formatPercent(draft[index] ?? 0)}
              </output>
            </div>
            {arm.error && <p className="arm-error field-error">{arm.error}</p>}
          </div>
        );
      })}
      {shadow && (
        <div className="arm-row arm-row-shadow" data-testid="arm-row" data-variant="shadow">
          <ArmIdentity arm={shadow} />
          <p className="faint arm-shadow-note">Gets a copy of every request after the answer is sent; its output is logged, never returned.</p>
          {shadow.error && <p className="arm-error field-error">{shadow.error}</p>}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="deployment-error">
          Could not change the split: {error}
        </p>
      )}
    </div>
  );
}
