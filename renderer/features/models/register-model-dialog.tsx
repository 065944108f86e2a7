import { useEffect, useState, type FormEvent } from 'react';
import type { RunRow } from '../../../core/api/contract';
import { useRequest } from '../../api/use-request';
import { modelNameFromFileName, requireRegistry, useModelsStore } from '../../stores/models-store';
import { requireTracking } from '../../stores/session-store';
import { showSuccessToast } from '../../stores/toast-store';
import { Dialog } from '../../ui/dialog';
import { Icon } from '../../ui/icons';
import { navigate } from '../shell/hash-route';
import { versionHref } from './model-hrefs';
import './models.css';

/** Where training writes the ONNX model inside a run's artifacts. */
const modelFolder = 'model';
const modelFile = `${modelFolder}/model.onnx`;

/** The name a run's model is offered under: its experiment's, else the kind of model it trained. */
export function defaultModelName(experimentName: string | null, tags: Record<string, string>): string {
  const base = experimentName && experimentName !== 'Default' ? experimentName : (tags['mlwb.model'] ?? 'model');
  return modelNameFromFileName(base);
}

/** "Register model" on a run's page, shown only when the run holds model/model.onnx. */
export function RegisterModelButton({ run, experimentName }: { run: RunRow; experimentName: string | null }) {
  const [open, setOpen] = useState(false);
  const listing = useRequest(
    // A run without a model folder answers 404 or an empty list; neither is worth a toast.
    (signal) => requireTracking().listArtifacts(run.run_id, modelFolder, { signal, handledInline: () => true }),
    [run.run_id, run.status],
  );
  if (!listing.data?.files.some((file) => file.path === modelFile)) return null;
  return (
    <div className="detail-actions">
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="register-model-button" title="Register this run's ONNX model as a new model version">
        <Icon name="upload" size={14} />
        Register model
      </button>
      <RegisterModelDialog open={open} run={run} experimentName={experimentName} onClose={() => setOpen(false)} />
    </div>
  );
}

function RegisterModelDialog({ open, run, experimentName, onClose }: { open: boolean; run: RunRow; experimentName: string | null; onClose: () => void }) {
  const models = useModelsStore((state) => state.models);
  const loadModels = useModelsStore((state) => state.load);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setName(defaultModelName(experimentName, run.tags));
    setError(null);
    void loadModels();
  }, [open, experimentName, run.tags, loadModels]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    try {
      // A taken or refused registration is answered next to the field, not as a toast.
      const { version } = await requireRegistry().registerRun(
        { name: trimmed, run_id: run.run_id, artifact_path: modelFolder },
        { handledInline: (failure) => failure.status === 400 || failure.status === 404 || failure.status === 409 },
      );
      onClose();
      void loadModels();
      showSuccessToast(`Registered ${version.name} v${version.version}`);
      navigate(versionHref(version.name, version.version));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const existing = models.find((model) => model.name === name.trim());
  return (
    <Dialog open={open} title="Register model" onClose={onClose} testId="register-model-dialog">
      <form onSubmit={submit}>
        <div className="dialog-body">
          <label className="field">
            <span className="field-label">Model name</span>
            <input
              className="input"
              data-autofocus
              data-testid="register-model-name"
              list="register-model-names"
              maxLength={256}
              value={name}
              aria-invalid={error ? true : undefined}
              onChange={(event) => {
                setName(event.target.value);
                setError(null);
              }}
            />
            <datalist id="register-model-names">
              {models.map((model) => (
                <option key={model.name} value={model.name} />
              ))}
            </datalist>
            {error ? (
              <span className="field-error" role="alert" data-testid="register-model-error">
                {error}
              </span>
            ) : (
              <span className="faint field-hint">
                {existing
                  ? `Becomes v${(existing.latest_version ?? 0) + 1} of ${existing.name}.`
                  : 'A new model is created with this name; the run becomes its version 1.'}
              </span>
            )}
          </label>
          <p className="muted">
            The version records this run, its data and packages as lineage, and starts out not submitted for review.
          </p>
        </div>
        <div className="dialog-footer">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!name.trim() || busy} data-testid="register-model-submit">
            {busy ? 'Registering…' : 'Register'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
