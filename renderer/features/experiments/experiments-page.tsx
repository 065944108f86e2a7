import { useEffect, useState } from 'react';
import type { ExperimentSummary } from '../../../core/api/contract';
import { useExperimentsStore } from '../../stores/experiments-store';
import { useTrainDialogStore } from '../../stores/train-dialog-store';
import { CommandBlock } from '../../ui/command-block';
import { EmptyState } from '../../ui/empty-state';
import { Icon } from '../../ui/icons';
import { PageLoadFailed, PageSpinner } from '../../ui/page-states';
import { experimentHref, navigate } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { CreateExperimentDialog } from './create-experiment-dialog';
import { ExperimentList } from './experiment-list';
import { RunsPanel } from './runs-panel';
import '../../styles/two-pane.css';
import './experiments.css';

/**
 * Opening #/experiments returns to the experiment last shown, else lands on the most recently
 * active one that has runs.
 */
function landingExperiment(experiments: readonly ExperimentSummary[], lastViewedId: string | null): ExperimentSummary | undefined {
  const lastViewed = experiments.find((experiment) => experiment.experiment_id === lastViewedId);
  if (lastViewed) return lastViewed;
  const byActivity = [...experiments].sort((a, b) => b.last_update_time - a.last_update_time);
  return byActivity.find((experiment) => experiment.run_count > 0) ?? byActivity[0];
}

export function ExperimentsPage({ params }: PageProps) {
  const experiments = useExperimentsStore((state) => state.experiments);
  const status = useExperimentsStore((state) => state.status);
  const load = useExperimentsStore((state) => state.load);
  const lastViewedId = useExperimentsStore((state) => state.lastViewedId);
  const setLastViewed = useExperimentsStore((state) => state.setLastViewed);
  const [creating, setCreating] = useState(false);
  const showTrain = useTrainDialogStore((state) => state.show);
  const selectedId = params.experimentId ?? null;

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (selectedId !== null || status !== 'ready') return;
    const landing = landingExperiment(experiments, lastViewedId);
    if (landing) navigate(experimentHref(landing.experiment_id), { replace: true });
  }, [selectedId, status, experiments, lastViewedId]);

  const experiment = experiments.find((candidate) => candidate.experiment_id === selectedId);
  useEffect(() => {
    if (experiment) setLastViewed(experiment.experiment_id);
  }, [experiment, setLastViewed]);

  let main;
  if (status === 'idle' || status === 'loading') {
    main = <PageSpinner />;
  } else if (status === 'failed') {
    main = <PageLoadFailed title="Could not load experiments" onRetry={() => void load()} />;
  } else if (experiments.length === 0) {
    main = (
      <div className="page-center">
        <EmptyState
          icon="flask"
          title="Create your first experiment"
          actions={
            <>
              <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                <Icon name="plus" size={14} />
                New experiment
              </button>
              <button type="button" className="button" onClick={() => showTrain()} data-testid="train-button">
                <Icon name="play" size={13} />
                Train a model
              </button>
            </>
          }
        >
          <p>An experiment groups the runs of one modelling question. Create one here, or log a run and it is created for you:</p>
          <CommandBlock text="mlwb runs log --experiment my-first-experiment --param lr=0.1 --metric acc=0.9" />
        </EmptyState>
      </div>
    );
  } else if (experiment) {
    main = <RunsPanel key={experiment.experiment_id} experiment={experiment} />;
  } else if (selectedId !== null) {
    main = (
      <div className="page-center">
        <EmptyState icon="search" title="No such experiment">
          <p>
            Experiment <code>{selectedId}</code> does not exist or was deleted. Pick one from the list.
          </p>
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="two-pane">
      {experiments.length > 0 && <ExperimentList experiments={experiments} activeId={selectedId} onCreate={() => setCreating(true)} />}
      <div className="two-pane-main">{main}</div>
      <CreateExperimentDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
