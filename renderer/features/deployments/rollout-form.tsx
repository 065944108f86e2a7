import { useState, type FormEvent } from 'react';
import type { DeploymentSummary } from '../../../core/api/serving-contract';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { showSuccessToast } from '../../stores/toast-store';
import { SegmentEditor, type Segment } from './segment-editor';
import { VersionPicker } from './version-picker';

/** A new rollout: one candidate at a start percent, with a fresh salt so earlier cohorts do not carry over. */
export function RolloutForm({ deployment, onDone }: { deployment: DeploymentSummary; onDone: () => void }) {
  const rollout = useDeploymentsStore((state) => state.rollout);
  const stable = deployment.arms[0];
  const [model, setModel] = useState(stable?.model ?? '');
  const [version, setVersion] = useState<number | null>(null);
  const [percent, setPercent] = useState('10');
  const [stickyKey, setStickyKey] = useState(deployment.sticky_key ?? '');
  const [excluded, setExcluded] = useState<Segment[]>(deployment.excluded);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const percentValue = Number(percent);
  const percentProblem =
    percent.trim() === '' || !Number.isFinite(percentValue) || percentValue < 0 || percentValue > 100 ? 'A percent from 0 to 100.' : null;
  const sameAsStable = stable !== undefined && model === stable.model && version === stable.version;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!model || version === null || percentProblem || busy) return;
    setBusy(true);
    const failure = await rollout(deployment.name, {
      model,
      version,
      percent: Math.round(percentValue * 100) / 100,
      sticky_key: stickyKey.trim() || null,
      excluded,
    });
    setBusy(false);
    if (failure) {
      setError(failure);
      return;
    }
    showSuccessToast(`Rolling out ${model} v${version} at ${percentValue}%`);
    onDone();
  };

  return (
    <form className="rollout-form" onSubmit={submit} data-testid="rollout-form">
      <VersionPicker
        model={model}
        version={version}
        modelTestId="rollout-model-select"
        versionTestId="rollout-version-select"
        pickDefault={(versions) => (versions.find((entry) => !(entry.name === stable?.model && entry.version === stable.version)) ?? versions[0]).version}
        onChange={(nextModel, nextVersion) => {
          setModel(nextModel);
          setVersion(nextVersion);
          setError(null);
        }}
      />
      <div className="rollout-fields">
        <label className="field">
          <span className="field-label">Start at (% of traffic)</span>
          <input
            className="input numeric"
            type="number"
            min={0}
            max={100}
            step={0.01}
            value={percent}
            aria-invalid={percentProblem ? true : undefined}
            data-testid="rollout-percent"
            onChange={(event) => setPercent(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Sticky key</span>
          <input
            className="input mono"
            placeholder="customer_id (empty: random per request)"
            value={stickyKey}
            data-testid="rollout-sticky-key"
            onChange={(event) => setStickyKey(event.target.value)}
          />
        </label>
      </div>
      <div className="field">
        <span className="field-label">Excluded segments (always served by stable)</span>
        <SegmentEditor segments={excluded} onChange={setExcluded} testIdPrefix="rollout-" />
      </div>
      {sameAsStable && <p className="field-hint">This version is already stable; pick another one to compare against it.</p>}
      {(percentProblem || error) && (
        <p className="field-error" role="alert" data-testid="deployment-error">
          {percentProblem ?? error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!model || version === null || percentProblem !== null || sameAsStable || busy} data-testid="rollout-submit">
          {busy ? 'Starting…' : 'Start rollout'}
        </button>
        <button type="button" className="button button-ghost" onClick={onDone}>
          Cancel
        </button>
        <span className="faint">A new rollout replaces the current candidates and re-buckets every key.</span>
      </div>
    </form>
  );
}
