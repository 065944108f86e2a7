import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { RunRow } from '../../../core/api/contract';
import { Icon } from '../../ui/icons';
import type { SortState } from './order-by';
import { RunCell, type CellContext } from './run-cells';
import { gridTemplate, type RunColumn } from './run-columns';
import { computeVirtualWindow, sameWindow, scrollTopToReveal, type VirtualWindow } from './virtual-window';
import './runs-table.css';

export const rowHeight = 34;
const headerHeight = 34;
const overscan = 8;

export interface RunsTableProps {
  rows: readonly RunRow[];
  /** Rows the server reported; the body is sized for all of them while later pages stream in. */
  expectedCount: number;
  columns: readonly RunColumn[];
  sort: SortState | null;
  onSort: (column: RunColumn) => void;
  selected: ReadonlySet<string>;
  cursor: number;
  onCursor: (index: number) => void;
  onToggle: (index: number, range: boolean) => void;
  onToggleAll: () => void;
  context: CellContext;
  /** Changes when the list is replaced (another experiment, filter or order): scroll back to the top. */
  resetKey: string;
}

export function RunsTable(props: RunsTableProps) {
  const { rows, expectedCount, columns, sort, onSort, selected, cursor, onCursor, onToggle, onToggleAll, context, resetKey } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const rowCount = Math.max(rows.length, expectedCount);
  const [visibleWindow, setVisibleWindow] = useState<VirtualWindow>(() =>
    computeVirtualWindow({ scrollTop: 0, viewportHeight: 800, rowHeight, rowCount, overscan }),
  );

  const measure = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const next = computeVirtualWindow({ scrollTop: element.scrollTop, viewportHeight: element.clientHeight, rowHeight, rowCount, overscan });
    // Scroll events within the same window of rows cost nothing: no state change, no render.
    setVisibleWindow((current) => (sameWindow(current, next) ? current : next));
  }, [rowCount]);

  useLayoutEffect(measure, [measure]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);

  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    measure();
    // Only a new list resets the scroll position, not every measure change.
  }, [resetKey]);

  useEffect(() => {
    const element = scroller.current;
    if (!element || rows.length === 0) return;
    const target = scrollTopToReveal({ index: cursor, scrollTop: element.scrollTop, viewportHeight: element.clientHeight, rowHeight, headerHeight });
    if (target !== element.scrollTop) element.scrollTop = target;
  }, [cursor, rows.length]);

  const grid = useMemo(() => gridTemplate(columns), [columns]);
  const style = { '--runs-grid': grid.template, '--runs-width': `${grid.width}px`, '--row-height': `${rowHeight}px` } as CSSProperties;
  const selectedCount = useMemo(() => rows.reduce((count, run) => count + (selected.has(run.run_id) ? 1 : 0), 0), [rows, selected]);

  const visible: ReactNode[] = [];
  for (let index = visibleWindow.start; index < Math.min(visibleWindow.end, rowCount); index += 1) {
    const run = rows[index];
    visible.push(
      run ? (
        <RunRowView
          key={run.run_id}
          run={run}
          index={index}
          columns={columns}
          selected={selected.has(run.run_id)}
          isCursor={index === cursor}
          onCursor={onCursor}
          onToggle={onToggle}
          context={context}
        />
      ) : (
        <PendingRow key={`pending-${index}`} index={index} columnCount={columns.length} />
      ),
    );
  }

  return (
    <div className="runs-table" style={style} data-testid="runs-table" role="grid" aria-rowcount={rowCount + 1} aria-multiselectable="true">
      <div className="runs-scroller" ref={scroller} onScroll={measure}>
        <div className="runs-header" role="row">
          <div className="runs-cell runs-cell-check" role="columnheader">
            <HeaderCheckbox
              checked={rows.length > 0 && selectedCount === rows.length}
              indeterminate={selectedCount > 0 && selectedCount < rows.length}
              disabled={rows.length === 0}
              onToggle={onToggleAll}
            />
          </div>
          {columns.map((column) => (
            <HeaderCell key={column.id} column={column} sort={sort} onSort={onSort} />
          ))}
        </div>
        <div className="runs-body" style={{ height: rowCount * rowHeight }} role="rowgroup">
          {visible}
        </div>
      </div>
    </div>
  );
}

function HeaderCheckbox({ checked, indeterminate, disabled, onToggle }: { checked: boolean; indeterminate: boolean; disabled: boolean; onToggle: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="checkbox"
      aria-label="Select all runs"
      data-testid="select-all-runs"
      checked={checked}
      disabled={disabled}
      onChange={onToggle}
    />
  );
}

const kindLabels: Partial<Record<RunColumn['kind'], string>> = { metric: 'm', param: 'p', tag: 't' };

function HeaderCell({ column, sort, onSort }: { column: RunColumn; sort: SortState | null; onSort: (column: RunColumn) => void }) {
  const direction = sort?.columnId === column.id ? sort.direction : null;
  const kind = kindLabels[column.kind];
  const content = (
    <>
      {kind && <span className={`column-kind column-kind-${column.kind}`}>{kind}</span>}
      <span className="truncate">{column.label}</span>
      {direction && <Icon name={direction === 'ASC' ? 'arrowUp' : 'arrowDown'} size={12} className="sort-arrow" />}
    </>
  );
  return (
    <div
      className={`runs-cell runs-header-cell align-${column.align}`}
      role="columnheader"
      aria-sort={direction === 'ASC' ? 'ascending' : direction === 'DESC' ? 'descending' : undefined}
      title={column.sortKey ? `${column.label}: click to sort (${column.sortKey})` : column.label}
    >
      {column.sortKey ? (
        <button type="button" className="header-sort" onClick={() => onSort(column)} data-column-id={column.id}>
          {content}
        </button>
      ) : (
        <span className="header-static">{content}</span>
      )}
    </div>
  );
}

interface RunRowViewProps {
  run: RunRow;
  index: number;
  columns: readonly RunColumn[];
  selected: boolean;
  isCursor: boolean;
  onCursor: (index: number) => void;
  onToggle: (index: number, range: boolean) => void;
  context: CellContext;
}

const RunRowView = memo(function RunRowView({ run, index, columns, selected, isCursor, onCursor, onToggle, context }: RunRowViewProps) {
  return (
    <div
      className={`runs-row${selected ? ' is-selected' : ''}${isCursor ? ' is-cursor' : ''}`}
      role="row"
      aria-selected={selected}
      aria-rowindex={index + 2}
      data-testid="run-row"
      data-run-id={run.run_id}
      style={{ transform: `translateY(${index * rowHeight}px)` }}
      onMouseDown={() => onCursor(index)}
    >
      <div className="runs-cell runs-cell-check" role="gridcell">
        <input
          type="checkbox"
          className="checkbox"
          aria-label={`Select ${run.run_name || run.run_id}`}
          checked={selected}
          readOnly
          // Keeps focus off the checkbox so j/k and Space keep driving the table cursor.
          onMouseDown={(event) => event.preventDefault()}
          onClick={(event) => onToggle(index, event.shiftKey)}
        />
      </div>
      {columns.map((column) => (
        <div key={column.id} className={`runs-cell align-${column.align}`} role="gridcell">
          <RunCell run={run} column={column} context={context} />
        </div>
      ))}
    </div>
  );
});

function PendingRow({ index, columnCount }: { index: number; columnCount: number }) {
  return (
    <div className="runs-row is-pending" style={{ transform: `translateY(${index * rowHeight}px)` }} aria-hidden="true">
      <div className="runs-cell runs-cell-check" />
      {Array.from({ length: columnCount }, (_, column) => (
        <div key={column} className="runs-cell">
          <span className="skeleton" style={{ width: column === 0 ? '60%' : '40%' }} />
        </div>
      ))}
    </div>
  );
}
