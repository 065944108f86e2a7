import { useEffect, useState, type FormEvent } from 'react';
import { useExperimentsStore } from '../../stores/experiments-store';
import { showSuccessToast } from '../../stores/toast-store';
import { Dialog } from '../../ui/dialog';
import { experimentHref, navigate } from '../shell/hash-route';

export function CreateExperimentDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useExperimentsStore((state) => state.create);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setName('');
      setError(null);
    }
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    try {
      // A taken name is answered in the dialog itself, next to the field, not as a toast.
      const experiment = await create(trimmed, { handledInline: () => true });
      onClose();
      navigate(experimentHref(experiment.experiment_id));
      showSuccessToast(`Created experiment “${experiment.name}”`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title="New experiment" onClose={onClose} testId="create-experiment-dialog">
      <form onSubmit={submit}>
        <div className="dialog-body">
          <label className="field">
            <span className="field-label">Name</span>
            <input
              className="input"
              data-autofocus
              data-testid="experiment-name-input"
              placeholder="churn-model"
              maxLength={500}
              value={name}
              aria-invalid={error ? true : undefined}
              onChange={(event) => {
                setName(event.target.value);
                setError(null);
              }}
            />
            {error && <span className="field-error">{error}</span>}
          </label>
          <p className="muted dialog-note">Runs logged with this name, from the CLI or any MLflow client, are grouped here.</p>
        </div>
        <div className="dialog-footer">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!name.trim() || busy} data-testid="create-experiment-submit">
            {busy ? 'Creating…' : 'Create experiment'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
