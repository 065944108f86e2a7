import { useTrainDialogStore } from '../../stores/train-dialog-store';
import { useTrainJobStore } from '../../stores/train-job-store';
import { Dialog } from '../../ui/dialog';
import { JobPanel } from './job-panel';
import { TrainForm } from './train-form';
import './training.css';

/** Mounted once by the shell: the form until a job starts, then that job until it is dismissed. */
export function TrainDialog() {
  const open = useTrainDialogStore((state) => state.open);
  const preset = useTrainDialogStore((state) => state.preset);
  const close = useTrainDialogStore((state) => state.close);
  const job = useTrainJobStore((state) => state.job);
  return (
    <Dialog open={open} title={job ? 'Training' : 'Train a model'} onClose={close} className="train-dialog" testId="train-dialog">
      {job ? <JobPanel job={job} onClose={close} /> : <TrainForm preset={preset} onCancel={close} />}
    </Dialog>
  );
}

/** In the top bar while the dialog is closed: the job's progress, one click from its panel. */
export function TrainJobIndicator() {
  const job = useTrainJobStore((state) => state.job);
  const open = useTrainDialogStore((state) => state.open);
  const reopen = useTrainDialogStore((state) => state.reopen);
  if (!job || open) return null;
  const label =
    job.status === 'running'
      ? `Training ${Math.round(job.fraction * 100)}%`
      : job.status === 'succeeded'
        ? 'Training finished'
        : job.status === 'failed'
          ? 'Training failed'
          : 'Training cancelled';
  return (
    <button type="button" className={`button button-small job-indicator is-${job.status}`} onClick={reopen} title={job.title} data-testid="job-indicator">
      {job.status === 'running' ? <span className="spinner spinner-inline" /> : <span className={`status-dot job-dot-${job.status}`} />}
      <span className="numeric">{label}</span>
    </button>
  );
}
