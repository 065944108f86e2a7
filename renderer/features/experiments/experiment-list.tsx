import { useState } from 'react';
import type { ExperimentSummary } from '../../../core/api/contract';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
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
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const shown = needle ? experiments.filter((experiment) => experiment.name.toLowerCase().includes(needle)) : experiments;
  return (
    <aside className="experiment-list" aria-label="Experiments">
      <div className="experiment-list-header">
        <h2>Experiments</h2>
        <button
          type="button"
          className="button button-small"
          onClick={onCreate}
          data-testid="create-experiment-button"
          title="Create an experiment"
        >
          <Icon name="plus" size={14} />
          New
        </button>
      </div>
      {experiments.length > 8 && (
        <div className="experiment-list-search">
          <input className="input" type="search" placeholder="Find an experiment" value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      )}
      <ul className="experiment-items">
        {shown.map((experiment) => (
          <li key={experiment.experiment_id}>
            <a
              className="experiment-item"
              href={experimentHref(experiment.experiment_id)}
              aria-current={experiment.experiment_id === activeId ? 'page' : undefined}
              data-testid="experiment-item"
              data-experiment-id={experiment.experiment_id}
              title={experiment.name}
              onClick={releaseFocusAfterClick}
            >
              <span className="experiment-name truncate">{experiment.name}</span>
              <span className="experiment-count numeric">{formatCount(experiment.run_count)}</span>
            </a>
          </li>
        ))}
        {shown.length === 0 && experiments.length > 0 && <li className="experiment-list-empty faint">No experiment matches “{query}”.</li>}
      </ul>
    </aside>
  );
}
