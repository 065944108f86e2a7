import { useEffect, useState, type FormEvent } from 'react';
import { useDeploymentsStore } from '../../stores/deployments-store';
import { showSuccessToast } from '../../stores/toast-store';
import { Dialog } from '../../ui/dialog';
import { navigate } from '../shell/hash-route';
import { deploymentHref } from './deployment-hrefs';
import { VersionPicker } from './version-picker';

/** Deployment names as the core accepts them (serving-contract createDeploymentRequest). */
const namePattern = /^[a-zA-Z0-9][\w.-]{0,99}$/;

/** A deployment name offered for a model: the model's name, made valid. */
export function defaultDeploymentName(model: string): string {
  return model.replace(/[^\w.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '').slice(0, 100);
}

/** Opened from the Deployments page or a version's Deploy action (the store holds what to prefill). */
export function CreateDeploymentDialog() {
  const prefill = useDeploymentsStore((state) => state.createPrefill);
  const close = useDeploymentsStore((state) => state.closeCreate);
  const createDeployment = useDeploymentsStore((state) => state.createDeployment);
  const deployments = useDeploymentsStore((state) => state.deployments);
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [model, setModel] = useState('');
  const [version, setVersion] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!prefill) return;
    setModel(prefill.model);
    setVersion(prefill.version);
    setName(defaultDeploymentName(prefill.model));
    setNameEdited(false);
    setError(null);
  }, [prefill]);

  const trimmed = name.trim();
  const nameProblem = !trimmed
    ? null
    : !namePattern.test(trimmed)
      ? 'Use letters, digits, ".", "_" or "-" (up to 100), starting with a letter or digit.'
      : deployments.some((entry) => entry.name === trimmed)
        ? `A deployment named ${trimmed} exists already.`
        : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed || nameProblem || !model || version === null || busy) return;
    setBusy(true);
    const result = await createDeployment({ name: trimmed, model, version });
    setBusy(false);
    if (typeof result === 'string') {
      setError(result);
      return;
    }
    close();
    showSuccessToast(`Deployed ${model} v${version} as ${result.name}`);
    navigate(deploymentHref(result.name));
  };

  return (
    <Dialog open={prefill !== null} title="Create deployment" onClose={close} testId="create-deployment-dialog">
      <form onSubmit={submit}>
        <div className="dialog-body">
          <VersionPicker
            model={model}
            version={version}
            modelTestId="deployment-model-select"
            versionTestId="deployment-version-select"
            autoFocus={!prefill?.model}
            onChange={(nextModel, nextVersion) => {
              setModel(nextModel);
              setVersion(nextVersion);
              setError(null);
              if (!nameEdited) setName(defaultDeploymentName(nextModel));
            }}
          />
          <label className="field">
            <span className="field-label">Deployment name</span>
            <input
              className="input mono"
              data-testid="deployment-name-input"
              data-autofocus={prefill?.model ? true : undefined}
              maxLength={100}
              value={name}
              aria-invalid={nameProblem || error ? true : undefined}
              onChange={(event) => {
                setName(event.target.value);
                setNameEdited(true);
                setError(null);
              }}
            />
            {nameProblem || error ? (
              <span className="field-error" role="alert" data-testid="deployment-error">
                {nameProblem ?? error}
              </span>
            ) : (
              <span className="field-hint">
                Clients call <code>/deployments/{trimmed || '<name>'}/predict</code> on the inference port; the version gets all traffic.
              </span>
            )}
          </label>
        </div>
        <div className="dialog-footer">
          <button type="button" className="button button-ghost" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={!trimmed || nameProblem !== null || !model || version === null || busy}
            data-testid="create-deployment-submit"
          >
            {busy ? 'Deploying…' : 'Deploy'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
