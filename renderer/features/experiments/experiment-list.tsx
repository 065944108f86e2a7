import type { ExperimentSummary } from '../../../core/api/contract';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SidebarLink, SidebarList } from '../../ui/sidebar-list';
import { experimentHref } from '../shell/hash-route';
import { releaseFocusAfterClick } from '../shell/keyboard';

export function ExperimentList({
  experiments,
  activeId,
  onCreate,
}: {
  experiments: readonly ExperimentSummary[];
  activeId: string | null;
  onCreate: () => void;
}) {
  return (
    <SidebarList
      title="Experiments"
      action={
        <button type="button" className="button button-small" onClick={onCreate} data-testid="create-experiment-button" title="Create an experiment">
          <Icon name="plus" size={14} />
          New
        </button>
      }
      items={experiments}
      keyOf={(experiment) => experiment.experiment_id}
      nameOf={(experiment) => experiment.name}
      searchPlaceholder="Find an experiment"
      noun="experiment"
      renderItem={(experiment) => (
        <SidebarLink
          className="experiment-item"
          href={experimentHref(experiment.experiment_id)}
          current={experiment.experiment_id === activeId}
          data-testid="experiment-item"
          data-experiment-id={experiment.experiment_id}
          title={experiment.name}
          onClick={releaseFocusAfterClick}
        >
          <span className="experiment-name truncate">{experiment.name}</span>
          <span className="experiment-count numeric">{formatCount(experiment.run_count)}</span>
        </SidebarLink>
      )}
    />
  );
}
