import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ExperimentSummary } from '../../../core/api/contract';
import { useExperimentsStore } from '../../stores/experiments-store';
import { useRunColumnsStore } from '../../stores/run-columns-store';
import { useRunSelectionStore } from '../../stores/run-selection-store';
import { useRunsStore } from '../../stores/runs-store';
import { useTrainDialogStore } from '../../stores/train-dialog-store';
import { EmptyState } from '../../ui/empty-state';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { compareLimits } from '../compare/compare-columns';
import { compareHref, navigate, runHref } from '../shell/hash-route';
import { ColumnPicker } from './column-picker';
import { FilterBox } from './filter-box';
import { nextSort, orderByClause, type SortState } from './order-by';
import { buildColumns, projectionOf, type RunColumn } from './run-columns';
import { RunsEmptyState } from './runs-empty-state';
import { RunsTable } from './runs-table';
import { useRunsKeyboard } from './use-runs-keyboard';

/** The runs of one experiment: toolbar, virtualized table and status line. Keyed by experiment. */
export function RunsPanel({ experiment }: { experiment: ExperimentSummary }) {
  const experimentId = experiment.experiment_id;
  const columnsStore = useRunColumnsStore();
  const { load: loadColumns, setChoice } = columnsStore;
  // The store may still hold the previous experiment's columns during the first render.
  const ownColumns = columnsStore.experimentId === experimentId;
  const available = ownColumns ? columnsStore.available : null;
  const choice = ownColumns ? columnsStore.choice : null;
  const runs = useRunsStore();
  const loadRuns = runs.load;
  const { selected, cursor, toggle, toggleRange, setMany, reset, setCursor } = useRunSelectionStore();
  const reloadExperiments = useExperimentsStore((state) => state.load);
  const showTrain = useTrainDialogStore((state) => state.show);
  const [sort, setSort] = useState<SortState | null>(null);
  const [filter, setFilter] = useState('');
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void loadColumns(experimentId);
    reset();
  }, [experimentId, loadColumns, reset]);

  const columns = useMemo(() => (choice ? buildColumns(choice) : []), [choice]);
  const sortColumn = sort ? columns.find((column) => column.id === sort.columnId) : undefined;
  const orderBy = sort && sortColumn?.sortKey ? orderByClause(sortColumn.sortKey, sort.direction) : null;

  useEffect(() => {
    if (!choice) return;
    setNow(Date.now());
    void loadRuns({ experimentId, filter, orderBy: orderBy ? [orderBy] : [], ...projectionOf(choice) });
  }, [experimentId, filter, orderBy, choice, loadRuns]);

  // Rows of the previous experiment must not flash while the new query starts.
  const current = runs.query?.experimentId === experimentId;
  const rows = current ? runs.rows : [];
  const total = current ? runs.total : 0;
  const orderedIds = useMemo(() => rows.map((run) => run.run_id), [rows]);
  const parentNames = useMemo(() => new Map(rows.map((run) => [run.run_id, run.run_name])), [rows]);
  const context = useMemo(() => ({ parentNames, now }), [parentNames, now]);
  const selectedIds = useMemo(() => {
    const inTable = orderedIds.filter((id) => selected.has(id));
    const inTableSet = new Set(inTable);
    return [...inTable, ...[...selected].filter((id) => !inTableSet.has(id))];
  }, [orderedIds, selected]);
  const canCompare = selectedIds.length >= compareLimits.min && selectedIds.length <= compareLimits.max;
  const cursorIndex = Math.min(cursor, Math.max(0, rows.length - 1));

  const onSort = useCallback((column: RunColumn) => setSort((previous) => nextSort(previous, column.id, column.firstDirection)), []);
  const onToggle = useCallback(
    (index: number, range: boolean) => {
      if (range) toggleRange(orderedIds, index);
      else if (orderedIds[index]) toggle(orderedIds[index]);
    },
    [orderedIds, toggle, toggleRange],
  );
  const onToggleAll = useCallback(() => {
    const allSelected = orderedIds.length > 0 && orderedIds.every((id) => selected.has(id));
    setMany(orderedIds, !allSelected);
  }, [orderedIds, selected, setMany]);
  const openCompare = useCallback(() => {
    if (canCompare) navigate(compareHref(selectedIds));
  }, [canCompare, selectedIds]);

  useRunsKeyboard({
    move: (delta) => rows.length > 0 && setCursor(Math.min(rows.length - 1, Math.max(0, cursorIndex + delta))),
    toggle: () => orderedIds[cursorIndex] && toggle(orderedIds[cursorIndex]),
    open: () => orderedIds[cursorIndex] && navigate(runHref(orderedIds[cursorIndex])),
    compare: openCompare,
  });

  const refresh = () => {
    setNow(Date.now());
    void reloadExperiments();
    void loadColumns(experimentId);
    void runs.reload();
  };

  const loadingFirstPage = runs.status === 'loading' && rows.length === 0;
  const showEmptyExperiment = current && runs.status === 'ready' && total === 0 && runs.appliedFilter === '' && !runs.filterError;
  const showNoMatches = current && runs.status === 'ready' && total === 0 && runs.appliedFilter !== '';

  return (
    <section className="runs-panel" aria-label={`Runs of ${experiment.name}`}>
      <header className="runs-panel-header">
        <div className="runs-panel-title">
          <h1 className="truncate" title={experiment.name}>
            {experiment.name}
          </h1>
          <span className="muted numeric">
            {current && runs.status !== 'loading' ? formatCount(total) : formatCount(experiment.run_count)} runs
            {runs.appliedFilter && current ? ' match' : ''}
          </span>
        </div>
        <div className="runs-panel-actions">
          <button type="button" className="button button-ghost button-icon" onClick={refresh} aria-label="Refresh runs" title="Refresh runs">
            <Icon name="refresh" size={15} />
          </button>
          {available && choice && <ColumnPicker available={available} choice={choice} onChange={setChoice} />}
          <button
            type="button"
            className="button"
            data-testid="train-button"
            onClick={() => showTrain({ experiment: experiment.name })}
            title="Train a model on a dataset; the run is logged in this experiment"
          >
            <Icon name="play" size={13} />
            Train model
          </button>
          <button
            type="button"
            className="button button-primary"
            data-testid="compare-button"
            disabled={!canCompare}
            onClick={openCompare}
            title={canCompare ? 'Compare the selected runs (c)' : `Select ${compareLimits.min} to ${compareLimits.max} runs to compare`}
          >
            <Icon name="compare" size={15} />
            Compare ({selectedIds.length})
          </button>
        </div>
      </header>
      <div className="runs-toolbar">
        <FilterBox applied={current ? runs.appliedFilter : ''} error={current ? runs.filterError : null} onApply={setFilter} />
      </div>
      <div className="runs-content">
        {showEmptyExperiment ? (
          <RunsEmptyState experimentName={experiment.name} />
        ) : showNoMatches ? (
          <EmptyState
            icon="search"
            title="No runs match this filter"
            actions={
              <button type="button" className="button" onClick={() => setFilter('')}>
                Clear the filter
              </button>
            }
          >
            <p>
              <code>{runs.appliedFilter}</code>
            </p>
          </EmptyState>
        ) : current && runs.status === 'failed' && rows.length === 0 ? (
          <EmptyState
            icon="alert"
            title="Could not load the runs"
            actions={
              <button type="button" className="button" onClick={refresh}>
                Try again
              </button>
            }
          />
        ) : (
          <RunsTable
            rows={rows}
            expectedCount={loadingFirstPage ? Math.min(experiment.run_count, 30) : total}
            columns={columns}
            sort={sort}
            onSort={onSort}
            selected={selected}
            cursor={cursorIndex}
            onCursor={setCursor}
            onToggle={onToggle}
            onToggleAll={onToggleAll}
            context={context}
            resetKey={`${experimentId}|${runs.appliedFilter}|${orderBy ?? ''}`}
          />
        )}
      </div>
      <footer className="runs-status-bar numeric">
        <span>
          {current && runs.loadingMore ? (
            <>
              <span className="spinner spinner-inline" /> Loaded {formatCount(rows.length)} of {formatCount(total)}
            </>
          ) : (
            `${formatCount(rows.length)} ${rows.length === 1 ? 'run' : 'runs'}`
          )}
        </span>
        {selected.size > 0 && (
          <span>
            {formatCount(selected.size)} selected
            <button type="button" className="button button-ghost button-small" onClick={() => setMany([...selected], false)}>
              Clear
            </button>
          </span>
        )}
        <span className="runs-status-hint faint">
          <kbd>j</kbd>
          <kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>↵</kbd> open · <kbd>c</kbd> compare · <kbd>?</kbd> all shortcuts
        </span>
      </footer>
    </section>
  );
}
