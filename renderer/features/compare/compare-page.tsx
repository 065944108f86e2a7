import { useEffect, useMemo } from 'react';
import { seriesColor } from '../../charts/chart-theme';
import { useRunDetailStore } from '../../stores/run-detail-store';
import { useThemeStore } from '../../stores/theme-store';
import { EmptyState } from '../../ui/empty-state';
import { shortRunId } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { PageSpinner } from '../../ui/page-states';
import { compareHref, experimentHref, navigate, parseRunIds, runHref } from '../shell/hash-route';
import type { PageProps } from '../shell/page-props';
import { compareLimits, type CompareRun } from './compare-columns';
import { DiffTable } from './diff-table';
import { MetricHistoryPanel } from './metric-history-panel';
import { ParallelCoordinatesPanel } from './parallel-coordinates-panel';
import { ScatterPanel } from './scatter-panel';
import '../../styles/detail-page.css';
import './compare.css';

export function ComparePage({ query }: PageProps) {
  const runIds = useMemo(() => parseRunIds(query.get('runs')), [query]);
  if (runIds.length < compareLimits.min || runIds.length > compareLimits.max) {
    return (
      <div className="page-center">
        <EmptyState
          icon="compare"
          title={runIds.length < compareLimits.min ? 'Pick at least two runs to compare' : `Compare at most ${compareLimits.max} runs`}
          actions={
            <a className="button" href="#/experiments">
              Go to experiments
            </a>
          }
        >
          <p>
            Select runs with their checkboxes (or <kbd>x</kbd>) in an experiment, then press <kbd>c</kbd>.
          </p>
        </EmptyState>
      </div>
    );
  }
  return <CompareView runIds={runIds} />;
}

function CompareView({ runIds }: { runIds: string[] }) {
  const details = useRunDetailStore((state) => state.details);
  const failures = useRunDetailStore((state) => state.failures);
  const ensure = useRunDetailStore((state) => state.ensure);
  const theme = useThemeStore((state) => state.resolved);
  const idsKey = runIds.join(',');

  useEffect(() => {
    ensure(idsKey.split(','));
  }, [idsKey, ensure]);

  const waiting = runIds.some((id) => !details[id] && !failures[id]);
  const missing = runIds.filter((id) => failures[id] && !details[id]);
  const runs = useMemo<CompareRun[]>(
    () =>
      runIds
        .filter((id) => details[id])
        .map((id, index) => {
          const { run, metrics } = details[id];
          return { runId: id, name: run.run_name || shortRunId(id), color: seriesColor(index, theme), run, metrics };
        }),
    [runIds, details, theme],
  );

  if (waiting) return <PageSpinner />;

  const experimentIds = [...new Set(runs.map((run) => run.run.experiment_id))];
  const remove = (runId: string) => navigate(compareHref(runIds.filter((id) => id !== runId)));

  return (
    <div className="detail-page" data-testid="compare-page">
      <header className="detail-header">
        <div className="compare-title">
          {experimentIds.length === 1 && (
            <a className="breadcrumb-back" href={experimentHref(experimentIds[0])}>
              <Icon name="chevronLeft" size={14} />
              Back to runs
            </a>
          )}
          <h1>Comparing {runs.length} runs</h1>
        </div>
        <ul className="run-legend" aria-label="Compared runs">
          {runs.map((run) => (
            <li key={run.runId} className="run-legend-item">
              <span className="run-swatch" style={{ background: run.color }} />
              <a href={runHref(run.runId)} className="truncate" title={run.name}>
                {run.name}
              </a>
              {runs.length > compareLimits.min && (
                <button type="button" className="run-legend-remove" onClick={() => remove(run.runId)} aria-label={`Remove ${run.name} from the comparison`}>
                  <Icon name="close" size={12} />
                </button>
              )}
            </li>
          ))}
        </ul>
        {missing.length > 0 && (
          <p className="compare-missing" role="alert">
            {missing.length} run{missing.length === 1 ? '' : 's'} could not be loaded: {missing.map(shortRunId).join(', ')}
          </p>
        )}
      </header>
      {runs.length < compareLimits.min ? (
        <EmptyState icon="alert" title="Not enough runs left to compare" />
      ) : (
        <div className="compare-grid">
          <MetricHistoryPanel runs={runs} />
          <ScatterPanel runs={runs} />
          <div className="compare-wide">
            <ParallelCoordinatesPanel runs={runs} />
          </div>
          <div className="compare-wide">
            <DiffTable runs={runs} />
          </div>
        </div>
      )}
    </div>
  );
}
