import { useSessionStore } from '../../stores/session-store';
import { CommandBlock, shellQuote } from '../../ui/command-block';
import { EmptyState } from '../../ui/empty-state';

/** The first thing a new experiment shows: how to get runs into it, ready to paste. */
export function RunsEmptyState({ experimentName }: { experimentName: string }) {
  const connection = useSessionStore((state) => state.connection);
  const command = `mlwb runs log --experiment ${shellQuote(experimentName)} --param lr=0.1 --metric acc=0.9`;
  const url = connection?.url ?? window.location.origin;
  const token = connection?.token ?? '';
  const environment = `export MLFLOW_TRACKING_URI=${url}\nexport MLFLOW_TRACKING_TOKEN=${token}`;
  // The token is shown shortened, so a screen share does not leak it; the copy has it whole.
  const shownEnvironment = `export MLFLOW_TRACKING_URI=${url}\nexport MLFLOW_TRACKING_TOKEN=${token.slice(0, 4)}${token.length > 4 ? '…' : ''}`;
  return (
    <div className="runs-empty" data-testid="runs-empty">
      <EmptyState icon="terminal" title="No runs in this experiment yet">
        <p>Log a run from a terminal:</p>
        <CommandBlock text={command} testId="empty-cli-command" />
        <p>Or point any MLflow client at this workspace, then log as usual:</p>
        <CommandBlock text={environment} display={shownEnvironment} testId="empty-mlflow-env" />
        <p className="faint">New runs appear here when you refresh.</p>
      </EmptyState>
    </div>
  );
}
